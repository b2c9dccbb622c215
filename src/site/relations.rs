//! Who did what: the references front matter makes (a story's reps and
//! playbooks, a playbook's owner, a rep's manager), checked, and the
//! relations derived from them in the other direction, computed once.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::IdIndex;
use crate::config::LinkPolicy;
use crate::content::Kind;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::fields::Located;
use crate::page::Page;

/// One page's connections, as indexes into the site's pages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Relations {
    /// A story's reps; a meeting's attendees and the reps its agenda names.
    pub reps: Vec<usize>,
    /// The playbooks a story applied, or a meeting's agenda practised.
    pub playbooks: Vec<usize>,
    /// A playbook's or role's owner.
    pub owner: Option<usize>,
    /// A rep's manager; a plan's manager (by default the rep's).
    pub manager: Option<usize>,
    /// A rep's or playbook's stories, newest first; the stories a meeting shared.
    pub stories: Vec<usize>,
    /// The rep an observation or a plan is about.
    pub rep: Option<usize>,
    /// Who made an observation; who facilitated a meeting.
    pub observer: Option<usize>,
    /// A rep's observations, newest first (private builds only).
    pub observations: Vec<usize>,
    /// The observations a manager made, newest first (private builds only).
    pub observed: Vec<usize>,
    /// A rep's development plans (private builds only).
    pub plans: Vec<usize>,
    /// The meetings that discussed a story or playbook, or that a rep
    /// attended, newest first.
    pub meetings: Vec<usize>,
    /// The playbooks a rep owns.
    pub owned: Vec<usize>,
    /// A manager's direct reports.
    pub reports: Vec<usize>,
    /// Stories like this one (shared playbooks, skills, industry).
    pub related: Vec<usize>,
    /// Published pages whose body links here.
    pub backlinks: Vec<usize>,
    /// A role's bench: the reps strong in any skill it requires, or
    /// developing one.
    pub bench: Vec<usize>,
    /// Published pages that name this one in front matter (a story its
    /// rep, a meeting its story): their summaries show its title, so an
    /// edit here changes them.
    pub named_by: Vec<usize>,
}

impl Relations {
    /// The pages this one names in front matter, in every role.
    fn named(&self) -> impl Iterator<Item = usize> + '_ {
        (self.reps.iter())
            .chain(&self.playbooks)
            .chain(self.owner.as_ref())
            .chain(self.manager.as_ref())
            .chain(self.rep.as_ref())
            .chain(self.observer.as_ref())
            .copied()
    }
}

/// Checks every id a published page names and resolves it. A private
/// kind's page (an observation) is checked in every build, so a typo shows
/// before the private build, but it relates to nothing unless published.
pub(super) fn resolve_references(
    pages: &[Arc<Page>],
    published: &[bool],
    ids: &IdIndex,
    policy: LinkPolicy,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Relations> {
    let mut relations = vec![Relations::default(); pages.len()];
    for (index, page) in pages.iter().enumerate() {
        let checked = published[index] || (page.kind().is_private() && !page.is_draft());
        if !checked {
            continue;
        }
        let mut unresolved = Unresolved::default();
        let mut lookup = |kind: Kind, field: &str, reference: &Located<String>| {
            resolve(
                pages,
                page,
                published,
                ids,
                policy,
                kind,
                field,
                reference,
                &mut unresolved,
                diagnostics,
            )
        };
        let front_matter = &page.front_matter;
        let found = &mut relations[index];
        match page.kind() {
            Kind::Story => {
                for rep in &front_matter.reps {
                    found.reps.extend(lookup(Kind::Rep, "rep", rep));
                }
                for playbook in &front_matter.playbooks {
                    found
                        .playbooks
                        .extend(lookup(Kind::Playbook, "playbooks", playbook));
                }
                dedup_keeping_order(&mut found.reps);
                dedup_keeping_order(&mut found.playbooks);
            }
            Kind::Playbook => {
                found.owner = front_matter
                    .owner
                    .as_ref()
                    .and_then(|owner| lookup(Kind::Rep, "owner", owner));
            }
            Kind::Rep => {
                found.manager = front_matter
                    .manager
                    .as_ref()
                    .and_then(|manager| lookup(Kind::Rep, "manager", manager));
                if found.manager == Some(index) {
                    found.manager = None;
                }
            }
            Kind::Observation => {
                if let Some(observation) = &front_matter.observation {
                    found.rep = observation
                        .rep
                        .as_ref()
                        .and_then(|rep| lookup(Kind::Rep, "rep", rep));
                    found.observer = observation
                        .observer
                        .as_ref()
                        .and_then(|observer| lookup(Kind::Rep, "observer", observer));
                }
            }
            Kind::Plan => {
                if let Some(plan) = &front_matter.plan {
                    found.rep = plan
                        .rep
                        .as_ref()
                        .and_then(|rep| lookup(Kind::Rep, "rep", rep));
                    found.manager = plan
                        .manager
                        .as_ref()
                        .and_then(|manager| lookup(Kind::Rep, "manager", manager));
                }
            }
            Kind::Meeting => {
                if let Some(meeting) = &front_matter.meeting {
                    found.observer = meeting
                        .facilitator
                        .as_ref()
                        .and_then(|facilitator| lookup(Kind::Rep, "facilitator", facilitator));
                    for rep in &meeting.attendees {
                        found.reps.extend(lookup(Kind::Rep, "attendees", rep));
                    }
                    for item in &meeting.agenda {
                        for rep in &item.reps {
                            found.reps.extend(lookup(Kind::Rep, "reps", rep));
                        }
                        if let Some(story) = &item.story {
                            found.stories.extend(lookup(Kind::Story, "story", story));
                        }
                        if let Some(playbook) = &item.playbook {
                            found
                                .playbooks
                                .extend(lookup(Kind::Playbook, "playbook", playbook));
                        }
                    }
                    dedup_keeping_order(&mut found.reps);
                    dedup_keeping_order(&mut found.stories);
                    dedup_keeping_order(&mut found.playbooks);
                }
            }
            Kind::Role => {
                found.owner = front_matter
                    .owner
                    .as_ref()
                    .and_then(|owner| lookup(Kind::Rep, "owner", owner));
            }
            Kind::Page => {}
        }
        if !published[index] {
            *found = Relations::default();
        }
        if unresolved.more > 0 {
            let message = format!(
                "{} more unknown or unpublished ids in this file",
                unresolved.more
            );
            let problem = match policy {
                LinkPolicy::Error => Diagnostic::error(message),
                LinkPolicy::Warn => Diagnostic::warning(message),
            };
            diagnostics.push(
                problem
                    .in_file(&page.file.display)
                    .with_help("fix the ids shown first; the rest are likely the same mistake"),
            );
        }
    }
    relations
}

/// Past this many unresolved ids in one file the rest are counted, not
/// reported one by one: each costs a search for a close id among all of
/// its kind and a pass over the file to quote its line.
const MAX_REPORTED: usize = 200;

/// A page's ids that lead nowhere (or to a draft): reported, then counted.
#[derive(Default)]
struct Unresolved {
    reported: usize,
    more: usize,
}

#[allow(clippy::too_many_arguments)]
fn resolve(
    pages: &[Arc<Page>],
    page: &Page,
    published: &[bool],
    ids: &IdIndex,
    policy: LinkPolicy,
    kind: Kind,
    field: &str,
    reference: &Located<String>,
    unresolved: &mut Unresolved,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let id = reference.value.trim().trim_end_matches(".md");
    let found = ids.get(kind, id);
    if let Some(target) = found.filter(|&target| published[target]) {
        return Some(target);
    }
    if unresolved.reported == MAX_REPORTED {
        unresolved.more += 1;
        return None;
    }
    unresolved.reported += 1;
    let problem = match found {
        Some(target) if pages[target].kind().is_private() && !pages[target].is_draft() => {
            Diagnostic::error(format!(
                "`{field}` names {} `{id}`, which is private",
                kind.name()
            ))
            .with_help("a published page cannot name a private one")
        }
        Some(target) => Diagnostic::error(format!(
            "`{field}` names {} `{id}`, which is a draft",
            kind.name()
        ))
        .with_help(format!(
            "publish {}, or build with --drafts",
            pages[target].file.display
        )),
        None => {
            let candidates = ids.ids(kind);
            let diagnostic = Diagnostic::error(format!("unknown {} `{id}`", kind.name()));
            match did_you_mean(id, candidates.iter().copied()) {
                Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
                None => diagnostic.with_help(format!(
                    "a {} id is its file's path under content/{}/ without .md",
                    kind.name(),
                    kind.folder()
                )),
            }
        }
    };
    let problem = match policy {
        LinkPolicy::Error => problem,
        LinkPolicy::Warn => crate::diagnostic::Diagnostic {
            severity: crate::diagnostic::Severity::Warning,
            ..problem
        },
    };
    diagnostics.push(problem.in_file(&page.file.display).at(
        &page.file.text,
        reference.line,
        reference.column,
        reference.value.chars().count(),
    ));
    None
}

fn dedup_keeping_order(list: &mut Vec<usize>) {
    let mut seen = std::collections::HashSet::new();
    list.retain(|item| seen.insert(*item));
}

/// Fills in the relations that point the other way, from published pages only.
pub(super) fn connect(
    pages: &[Arc<Page>],
    published: &[bool],
    stories_newest_first: &[usize],
    relations: &mut [Relations],
) {
    for &story in stories_newest_first {
        for rep in relations[story].reps.clone() {
            relations[rep].stories.push(story);
        }
        for playbook in relations[story].playbooks.clone() {
            relations[playbook].stories.push(story);
        }
    }
    // Newest first: meetings and observations sort by date.
    let mut by_date: Vec<usize> = (0..pages.len())
        .filter(|&index| {
            published[index] && matches!(pages[index].kind(), Kind::Meeting | Kind::Observation)
        })
        .collect();
    by_date.sort_by(|&a, &b| pages[b].date().cmp(&pages[a].date()));
    for &index in &by_date {
        let found = relations[index].clone();
        match pages[index].kind() {
            Kind::Meeting => {
                for target in found
                    .stories
                    .iter()
                    .chain(&found.playbooks)
                    .chain(&found.reps)
                {
                    relations[*target].meetings.push(index);
                }
            }
            _ => {
                if let Some(rep) = found.rep {
                    relations[rep].observations.push(index);
                }
                if let Some(observer) = found.observer {
                    relations[observer].observed.push(index);
                }
            }
        }
    }
    for index in 0..pages.len() {
        if !published[index] {
            continue;
        }
        if pages[index].kind() == Kind::Plan
            && let Some(rep) = relations[index].rep
        {
            relations[rep].plans.push(index);
            if relations[index].manager.is_none() {
                relations[index].manager = relations[rep].manager;
            }
        }
        // A role's owner is its hiring manager, not a playbook's owner.
        if let Some(owner) = relations[index].owner
            && pages[index].kind() == Kind::Playbook
        {
            relations[owner].owned.push(index);
        }
        // A plan has a manager too, but only a rep reports to one.
        if let Some(manager) = relations[index].manager
            && pages[index].kind() == Kind::Rep
        {
            relations[manager].reports.push(index);
        }
        let mut targets: Vec<usize> = pages[index]
            .links
            .iter()
            .map(|link| link.target)
            .filter(|&target| target != index)
            .collect();
        targets.sort_unstable();
        targets.dedup();
        for target in targets {
            relations[target].backlinks.push(index);
        }
    }
    // After a plan took its rep's manager.
    for index in 0..pages.len() {
        if !published[index] {
            continue;
        }
        let mut named: Vec<usize> = relations[index].named().collect();
        if pages[index].kind() == Kind::Meeting {
            named.extend(&relations[index].stories);
        }
        named.sort_unstable();
        named.dedup();
        for target in named {
            if target != index {
                relations[target].named_by.push(index);
            }
        }
    }
    let by_title = |a: &usize, b: &usize| pages[*a].sort_title.cmp(&pages[*b].sort_title);
    for relation in relations.iter_mut() {
        relation.owned.sort_by(by_title);
        relation.reports.sort_by(by_title);
        relation.backlinks.sort_by(by_title);
    }
    related_stories(pages, stories_newest_first, relations);
}

/// Each role's bench, from the skills taxonomy: who is strong in a
/// skill it requires, or developing it. Kept as a relation so a rep's new strength
/// re-renders the role page.
pub(super) fn benches(
    pages: &[Arc<Page>],
    roles: &[usize],
    taxonomies: &[super::TaxonomyTerms],
    relations: &mut [Relations],
) {
    let Some(skills) = taxonomies
        .iter()
        .find(|terms| terms.taxonomy == crate::kinds::Taxonomy::Skills)
    else {
        return;
    };
    for &role in roles {
        let mut bench: Vec<usize> = pages[role]
            .front_matter
            .skills
            .iter()
            .filter_map(|skill| {
                let slug = super::slugify(skill);
                skills.terms.iter().find(|term| term.slug == slug)
            })
            .flat_map(|term| term.reps.iter().chain(&term.developing).copied())
            .collect();
        bench.sort_unstable();
        bench.dedup();
        relations[role].bench = bench;
    }
}

/// How many related stories a story page shows.
const RELATED_LIMIT: usize = 4;
/// Candidates drawn per shared skill, newest first: enough to find good
/// neighbours without comparing every story with every other one.
const CANDIDATES_PER_SKILL: usize = 200;

/// Stories that share playbooks (strongest signal), skills, industry or
/// competitor with each story. Runs per story in parallel with a scratch
/// score array per thread: at 7,000 stories a hash map per story cost more
/// than the rest of the site model together.
fn related_stories(pages: &[Arc<Page>], stories: &[usize], relations: &mut [Relations]) {
    let mut rank = vec![usize::MAX; pages.len()];
    for (position, &story) in stories.iter().enumerate() {
        rank[story] = position;
    }
    let mut by_skill: HashMap<String, Vec<usize>> = HashMap::new();
    for &story in stories {
        for skill in &pages[story].front_matter.skills {
            let list = by_skill.entry(super::slugify(skill)).or_default();
            if list.len() < CANDIDATES_PER_SKILL {
                list.push(story);
            }
        }
    }
    let shared: &[Relations] = relations;
    let related: Vec<Vec<usize>> = stories
        .par_iter()
        .map_init(
            || (vec![0u32; pages.len()], Vec::new()),
            |(scores, touched), &story| {
                let mut add = |other: usize, points: u32| {
                    if other == story {
                        return;
                    }
                    if scores[other] == 0 {
                        touched.push(other);
                    }
                    scores[other] += points;
                };
                for &playbook in &shared[story].playbooks {
                    for &other in &shared[playbook].stories {
                        add(other, 3);
                    }
                }
                for skill in &pages[story].front_matter.skills {
                    for &other in by_skill.get(&super::slugify(skill)).into_iter().flatten() {
                        add(other, 1);
                    }
                }
                let mine = &pages[story].front_matter;
                let mut best: Vec<(u32, usize, usize)> = Vec::with_capacity(RELATED_LIMIT + 1);
                for &other in touched.iter() {
                    let theirs = &pages[other].front_matter;
                    let score = scores[other]
                        + same_text(&mine.industry, &theirs.industry)
                        + same_text(&mine.competitor, &theirs.competitor);
                    scores[other] = 0;
                    // Higher score first, then newer (lower rank) first.
                    let candidate = (score, usize::MAX - rank[other], other);
                    if best.len() < RELATED_LIMIT || candidate > best[best.len() - 1] {
                        let at = best.partition_point(|entry| *entry > candidate);
                        best.insert(at, candidate);
                        best.truncate(RELATED_LIMIT);
                    }
                }
                touched.clear();
                best.into_iter().map(|(_, _, other)| other).collect()
            },
        )
        .collect();
    for (&story, list) in stories.iter().zip(related) {
        relations[story].related = list;
    }
}

fn same_text(a: &Option<String>, b: &Option<String>) -> u32 {
    match (a, b) {
        (Some(a), Some(b)) => u32::from(a.eq_ignore_ascii_case(b)),
        _ => 0,
    }
}
