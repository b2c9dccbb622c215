//! Taxonomies: tags, skills, stages, outcomes and teams, each with a page per
//! term. Skills are the thread that ties the wiki together: a skill's page
//! gathers the stories that show it, the playbooks that teach it, the reps
//! strong in it ("who to ask") and the reps developing it.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::Relations;
use crate::page::Page;

/// The taxonomies, in the order the site shows them.
pub const NAMES: [(&str, &str); 5] = [
    ("skills", "Skills"),
    ("tags", "Tags"),
    ("stages", "Stages"),
    ("outcomes", "Outcomes"),
    ("teams", "Teams"),
];

#[derive(Debug)]
pub struct Taxonomy {
    /// `skills`: also the URL folder.
    pub name: &'static str,
    pub title: &'static str,
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
}

impl Term {
    pub fn count(&self) -> usize {
        self.stories.len() + self.playbooks.len() + self.reps.len() + self.developing.len()
    }
}

/// Lower case, letters and digits kept (any script), everything else one `-`.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "term".to_string()
    } else {
        slug.to_string()
    }
}

/// Gathers every taxonomy from published pages (the lists given are published only).
pub(super) fn collect(
    pages: &[Arc<Page>],
    playbooks: &[usize],
    stories: &[usize],
    reps: &[usize],
    relations: &[Relations],
) -> Vec<Taxonomy> {
    let mut builders: BTreeMap<&str, Builder> = NAMES
        .iter()
        .map(|(name, _)| (*name, Builder::default()))
        .collect();
    let mut add = |taxonomy: &str, name: &str, slot: Slot, page: usize| {
        if let Some(builder) = builders.get_mut(taxonomy) {
            builder.add(name, slot, page);
        }
    };
    for &playbook in playbooks {
        let front_matter = &pages[playbook].front_matter;
        for tag in &front_matter.tags {
            add("tags", tag, Slot::Playbooks, playbook);
        }
        for skill in &front_matter.skills {
            add("skills", skill, Slot::Playbooks, playbook);
        }
        if let Some(stage) = &front_matter.stage {
            add("stages", stage, Slot::Playbooks, playbook);
        }
    }
    for &story in stories {
        let front_matter = &pages[story].front_matter;
        for tag in &front_matter.tags {
            add("tags", tag, Slot::Stories, story);
        }
        for skill in &front_matter.skills {
            add("skills", skill, Slot::Stories, story);
        }
        if let Some(outcome) = front_matter.outcome {
            add("outcomes", outcome.name(), Slot::Stories, story);
        }
        for &rep in &relations[story].reps {
            if let Some(team) = &pages[rep].front_matter.team {
                add("teams", team, Slot::Stories, story);
            }
        }
    }
    for &rep in reps {
        let front_matter = &pages[rep].front_matter;
        for skill in &front_matter.strengths {
            add("skills", skill, Slot::Reps, rep);
        }
        for skill in &front_matter.focus {
            add("skills", skill, Slot::Developing, rep);
        }
        if let Some(team) = &front_matter.team {
            add("teams", team, Slot::Reps, rep);
        }
    }
    NAMES
        .iter()
        .map(|(name, title)| {
            let builder = builders.remove(name).unwrap_or_default();
            let mut terms = builder.finish();
            if *name == "outcomes" {
                let order =
                    |term: &Term| ["won", "lost", "open"].iter().position(|o| *o == term.slug);
                terms.sort_by_key(order);
            }
            Taxonomy { name, title, terms }
        })
        .collect()
}

#[derive(Clone, Copy)]
enum Slot {
    Stories,
    Playbooks,
    Reps,
    Developing,
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
        };
        // Pages arrive in order and once per term, except a story counted
        // for a team through two reps of that team.
        if list.last() != Some(&page) {
            list.push(page);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lower_case_words_joined_by_dashes() {
        assert_eq!(slugify("Objection handling"), "objection-handling");
        assert_eq!(slugify("  C-level / Exec  "), "c-level-exec");
        assert_eq!(slugify("Überblick"), "überblick");
        assert_eq!(slugify("!!!"), "term");
    }
}
