//! Taxonomies: tags, skills, stages, outcomes and teams, each with a page per
//! term. Skills are the thread that ties the wiki together: a skill's page
//! gathers the stories that show it, the playbooks that teach it, the reps
//! strong in it ("who to ask") and the reps developing it.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::Relations;
use crate::content::FrontMatter;
use crate::kinds::{Kind, Taxonomy};
use crate::page::Page;

/// One taxonomy's terms.
#[derive(Debug)]
pub struct TaxonomyTerms {
    pub taxonomy: Taxonomy,
    /// Sorted by name, except outcomes (won, lost, open).
    pub terms: Vec<Term>,
}

#[derive(Debug, Default)]
pub struct Term {
    /// As first written (by page order), e.g. `Objection handling`.
    pub name: String,
    /// `objection-handling`: the URL folder.
    pub slug: String,
    /// Newest first.
    pub stories: Vec<usize>,
    pub playbooks: Vec<usize>,
    /// Reps strong in a skill, or members of a team.
    pub reps: Vec<usize>,
    /// Reps who have the skill as their development focus.
    pub developing: Vec<usize>,
    /// Meetings that practised a skill, or held by a team.
    pub meetings: Vec<usize>,
    /// Roles that require a skill, or belong to a team.
    pub roles: Vec<usize>,
    /// Observations that watched or rated a skill (private builds only).
    pub observations: Vec<usize>,
    /// The term's intro page (`content/competitors/stackmere.md`): its
    /// title, summary and body are shown on the term page.
    pub intro: Option<usize>,
}

impl Term {
    /// Every page the term lists, slot by slot (not its intro).
    pub fn members(&self) -> impl Iterator<Item = usize> + '_ {
        (self.stories.iter())
            .chain(&self.playbooks)
            .chain(&self.reps)
            .chain(&self.developing)
            .chain(&self.meetings)
            .chain(&self.roles)
            .chain(&self.observations)
            .copied()
    }

    /// Whether two terms list the same pages in the same slots, under the
    /// same name and intro.
    pub fn same_as(&self, other: &Term) -> bool {
        self.name == other.name
            && self.slug == other.slug
            && self.intro == other.intro
            && self.stories == other.stories
            && self.playbooks == other.playbooks
            && self.reps == other.reps
            && self.developing == other.developing
            && self.meetings == other.meetings
            && self.roles == other.roles
            && self.observations == other.observations
    }

    pub fn count(&self) -> usize {
        self.lists().iter().map(|list| list.len()).sum()
    }

    /// Every list of pages the term's page shows, in the order it shows them.
    pub fn lists(&self) -> [&[usize]; 7] {
        [
            &self.reps,
            &self.developing,
            &self.playbooks,
            &self.stories,
            &self.meetings,
            &self.roles,
            &self.observations,
        ]
    }
}

pub(crate) use crate::kinds::slugify;

/// The terms a page names in its own front matter, field by field: the one
/// table of which field feeds which taxonomy, and where the page is listed
/// on the term's page. (A story's teams come from its reps instead.)
pub(crate) fn named_terms(kind: Kind, front_matter: &FrontMatter) -> Vec<(Taxonomy, &str, Slot)> {
    fn each(
        taxonomy: Taxonomy,
        names: &[String],
        slot: Slot,
    ) -> impl Iterator<Item = (Taxonomy, &str, Slot)> {
        names
            .iter()
            .map(move |name| (taxonomy, name.as_str(), slot))
    }
    fn one(taxonomy: Taxonomy, name: Option<&str>, slot: Slot) -> Option<(Taxonomy, &str, Slot)> {
        name.map(|name| (taxonomy, name, slot))
    }
    match kind {
        Kind::Playbook => each(Taxonomy::Tags, &front_matter.tags, Slot::Playbooks)
            .chain(each(
                Taxonomy::Skills,
                &front_matter.skills,
                Slot::Playbooks,
            ))
            .chain(one(
                Taxonomy::Stages,
                front_matter.stage.as_deref(),
                Slot::Playbooks,
            ))
            .chain(one(
                Taxonomy::Competitors,
                front_matter.competitor.as_deref(),
                Slot::Playbooks,
            ))
            .collect(),
        Kind::Story => each(Taxonomy::Tags, &front_matter.tags, Slot::Stories)
            .chain(each(Taxonomy::Skills, &front_matter.skills, Slot::Stories))
            .chain(one(
                Taxonomy::Outcomes,
                front_matter.outcome.map(|outcome| outcome.name()),
                Slot::Stories,
            ))
            .chain(each(
                Taxonomy::Reasons,
                &front_matter.reasons,
                Slot::Stories,
            ))
            .chain(one(
                Taxonomy::Competitors,
                front_matter.competitor.as_deref(),
                Slot::Stories,
            ))
            .collect(),
        Kind::Rep => each(Taxonomy::Skills, &front_matter.strengths, Slot::Reps)
            .chain(each(
                Taxonomy::Skills,
                &front_matter.focus,
                Slot::Developing,
            ))
            .chain(one(
                Taxonomy::Teams,
                front_matter.team.as_deref(),
                Slot::Reps,
            ))
            .collect(),
        Kind::Meeting => {
            let agenda_skills = front_matter
                .meeting
                .iter()
                .flat_map(|meeting| &meeting.agenda)
                .filter_map(|item| item.skill.as_deref())
                .map(|skill| (Taxonomy::Skills, skill, Slot::Meetings));
            each(Taxonomy::Tags, &front_matter.tags, Slot::Meetings)
                .chain(agenda_skills)
                .chain(one(
                    Taxonomy::Teams,
                    front_matter.team.as_deref(),
                    Slot::Meetings,
                ))
                .collect()
        }
        Kind::Role => each(Taxonomy::Skills, &front_matter.skills, Slot::Roles)
            .chain(one(
                Taxonomy::Teams,
                front_matter.team.as_deref(),
                Slot::Roles,
            ))
            .collect(),
        // Published only in a private build, so the skills an observation
        // watched or rated have pages there and nowhere else.
        Kind::Observation => front_matter
            .observation
            .iter()
            .flat_map(|observation| {
                (observation.watch.iter())
                    .chain(observation.ratings.iter().map(|rating| &rating.skill))
            })
            .map(|skill| (Taxonomy::Skills, skill.as_str(), Slot::Observations))
            .collect(),
        Kind::Plan => Vec::new(),
        Kind::Page => Vec::new(),
    }
}

/// Gathers every taxonomy from published pages (the lists given are
/// published only), and gives each term intro to its term.
pub(super) fn collect(
    pages: &[Arc<Page>],
    listed: &[usize],
    term_intros: &[usize],
    relations: &[Relations],
) -> Vec<TaxonomyTerms> {
    let mut builders: BTreeMap<Taxonomy, Builder> = Taxonomy::ALL
        .iter()
        .map(|taxonomy| (*taxonomy, Builder::default()))
        .collect();
    for &page in listed {
        let front_matter = &pages[page].front_matter;
        for (taxonomy, name, slot) in named_terms(pages[page].kind(), front_matter) {
            if let Some(builder) = builders.get_mut(&taxonomy) {
                builder.add(name, slot, page);
            }
        }
        // A story counts for the teams of its reps.
        if pages[page].kind() == Kind::Story
            && let Some(teams) = builders.get_mut(&Taxonomy::Teams)
        {
            for &rep in &relations[page].reps {
                if let Some(team) = &pages[rep].front_matter.team {
                    teams.add(team, Slot::Stories, page);
                }
            }
        }
    }
    for &intro in term_intros {
        if let crate::content::Role::TermIntro(taxonomy) = pages[intro].file.role
            && let Some(builder) = builders.get_mut(&taxonomy)
        {
            builder.introduce(&pages[intro].file.id, &pages[intro].title, intro);
        }
    }
    Taxonomy::ALL
        .iter()
        .map(|&taxonomy| {
            let builder = builders.remove(&taxonomy).unwrap_or_default();
            let mut terms = builder.finish();
            if taxonomy == Taxonomy::Outcomes {
                let order =
                    |term: &Term| ["won", "lost", "open"].iter().position(|o| *o == term.slug);
                terms.sort_by_key(order);
            }
            TaxonomyTerms { taxonomy, terms }
        })
        .collect()
}

/// Where a page is listed on a term's page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    Stories,
    Playbooks,
    Reps,
    Developing,
    Meetings,
    Roles,
    Observations,
}

#[derive(Default)]
struct Builder {
    /// By slug, so `Discovery` and `discovery` are one term.
    terms: HashMap<String, Term>,
    /// Names seen so far and their slugs: the same few dozen names recur on
    /// thousands of pages.
    slugs: HashMap<String, String>,
}

impl Builder {
    fn add(&mut self, name: &str, slot: Slot, page: usize) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        let slug = match self.slugs.get(name) {
            Some(slug) => slug,
            None => {
                let slug = slugify(name);
                self.slugs.entry(name.to_string()).or_insert(slug)
            }
        };
        if !self.terms.contains_key(slug.as_str()) {
            self.terms.insert(
                slug.clone(),
                Term {
                    name: name.to_string(),
                    slug: slug.clone(),
                    ..Term::default()
                },
            );
        }
        let Some(term) = self.terms.get_mut(slug.as_str()) else {
            return;
        };
        let list = match slot {
            Slot::Stories => &mut term.stories,
            Slot::Playbooks => &mut term.playbooks,
            Slot::Reps => &mut term.reps,
            Slot::Developing => &mut term.developing,
            Slot::Meetings => &mut term.meetings,
            Slot::Roles => &mut term.roles,
            Slot::Observations => &mut term.observations,
        };
        // Pages arrive in order and once per term, except a story counted
        // for a team through two reps of that team.
        if list.last() != Some(&page) {
            list.push(page);
        }
    }

    /// A term intro: its file's id names the term (`stackmere`); a term no
    /// page names yet is made, under the intro's title.
    fn introduce(&mut self, id: &str, title: &str, intro: usize) {
        let slug = slugify(id);
        let term = self.terms.entry(slug.clone()).or_insert_with(|| Term {
            name: title.to_string(),
            slug,
            ..Term::default()
        });
        term.intro = Some(intro);
    }

    fn finish(self) -> Vec<Term> {
        let mut terms: Vec<(String, Term)> = self
            .terms
            .into_values()
            .map(|term| (term.name.to_lowercase(), term))
            .collect();
        terms.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.slug.cmp(&b.1.slug)));
        terms.into_iter().map(|(_, term)| term).collect()
    }
}
