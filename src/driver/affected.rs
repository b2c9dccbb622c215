//! The dependency index of incremental rebuilds: given the site before and
//! after some pages were edited, which summaries and which output files can
//! differ. Everything here compares the two site models; nothing guesses
//! from file names.
//!
//! A page's output depends on its own data, on the summaries of the pages in
//! its relations (its reps, playbooks, stories, related stories, backlinks…),
//! and — only when its template reads `site.stories` and the like — on every
//! page. A summary depends on its page and on the titles of the pages it
//! names in front matter (a story's reps and playbooks, a playbook's owner, a
//! rep's manager).

use std::collections::{HashMap, HashSet};

use crate::content::{Kind, Role};
use crate::kinds::templates;
use crate::output::OutputFile;
use crate::render::{self, Job, SiteValues, search};
use crate::site::{Relations, Site, TaxonomyTerms};
use crate::theme::Theme;

/// Summaries for the new site, recomputing only those that can have changed.
/// Returns the values and, per page, whether its summary changed.
pub fn update_values(
    old: &Site,
    new: &Site,
    old_values: &SiteValues,
    edited: &[usize],
) -> (SiteValues, Vec<bool>) {
    let mut candidates: Vec<usize> = edited.to_vec();
    for &page in edited {
        for site in [old, new] {
            let relations = &site.relations[page];
            // Pages whose summary names this one in front matter.
            candidates.extend(&relations.named_by);
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut links = old_values.links.clone();
    links.refresh(new, edited);
    let mut summaries = old_values.summaries.clone();
    let mut changed = vec![false; new.pages.len()];
    for index in candidates {
        let summary = render::summary(new, index, &links);
        if summary != summaries[index] {
            changed[index] = true;
            summaries[index] = summary;
        }
    }
    if !lists_changed(old, new, &changed) {
        // Nothing the `site` value lists differs (the common body edit): keep
        // it rather than rebuild it and its insight charts.
        return (old_values.with_same_lists(summaries, links), changed);
    }
    (SiteValues::with_summaries(new, summaries, links), changed)
}

/// The HTML files to render again.
pub fn jobs(
    old: &Site,
    new: &Site,
    theme: &Theme,
    summary_changed: &[bool],
    edited: &[usize],
) -> Vec<Job> {
    let lists_changed = lists_changed(old, new, summary_changed);
    let mut jobs = Vec::new();
    let edited: HashSet<usize> = edited.iter().copied().collect();
    let changed = |index: &usize| summary_changed[*index];
    // A body link is written with its target's anchors and published state
    // (a fragment corrected to the real id, a link to a draft unlinked), so
    // a page is stale when a page it links to changed either.
    let target_changed = |target: usize| {
        old.pages.get(target).is_none_or(|before| {
            before.anchors != new.pages[target].anchors
                || old.published[target] != new.published[target]
        })
    };
    for index in 0..new.pages.len() {
        let page = &new.pages[index];
        if page.file.role != Role::Page || !new.published[index] {
            continue;
        }
        let whole_site = lists_changed && theme.depends_on_whole_site(page.kind().template());
        if whole_site
            || edited.contains(&index)
            || !old.published[index]
            || new.relations[index] != old.relations[index]
            || related_pages(&new.relations[index]).any(|other| changed(&other))
            || reports_changed(old, new, index, summary_changed)
            || page.links.iter().any(|link| target_changed(link.target))
        {
            jobs.push(Job::Page(index));
        }
    }
    let intro_edited = |role: Role| {
        edited
            .iter()
            .any(|&index| new.pages[index].file.role == role)
    };
    if lists_changed || intro_edited(Role::HomeIntro) {
        jobs.push(Job::Home);
    }
    if lists_changed {
        jobs.push(Job::Insight);
    }
    // One page that reads every rep, plan and observation: rendered again
    // on every rebuild of a private build (`differs` then drops it when its
    // bytes are the same).
    if new.private {
        jobs.push(Job::Coaching);
    }
    if lists_changed && theme.depends_on_whole_site(templates::SEARCH) {
        jobs.push(Job::Search);
    }
    for kind in Kind::WITH_FOLDERS {
        let (old_list, new_list) = kind_lists(old, new, kind);
        if !new.shows(kind) {
            continue;
        }
        if intro_edited(Role::KindIntro(kind))
            || old_list != new_list
            || new_list.iter().any(changed)
            || (lists_changed
                && kind
                    .index()
                    .is_some_and(|index| theme.depends_on_whole_site(index.template)))
        {
            jobs.push(Job::Section(kind));
        }
    }
    jobs.extend(taxonomy_jobs(
        old,
        new,
        theme,
        summary_changed,
        lists_changed,
        &edited,
    ));
    jobs
}

/// Whether `atom.xml` and `sitemap.xml` need writing again.
pub fn feeds_changed(old: &Site, new: &Site, summary_changed: &[bool]) -> bool {
    lists_changed(old, new, summary_changed)
}

/// The search index shards to write again: those holding a page that was
/// edited, whose summary changed, or that was published or unpublished.
/// The manifest depends only on the number of source files, which a partial
/// rebuild never changes.
pub fn search_shards(
    old: &Site,
    new: &Site,
    summary_changed: &[bool],
    edited: &[usize],
) -> Vec<OutputFile> {
    let mut shards: Vec<usize> = (0..new.pages.len())
        .filter(|&page| {
            summary_changed[page]
                || old.published[page] != new.published[page]
                || edited.contains(&page)
        })
        .map(|page| search::shard_of(new, page))
        .collect();
    shards.sort_unstable();
    shards.dedup();
    shards
        .into_iter()
        .map(|shard| search::shard(new, shard))
        .collect()
}

/// Every output path the new site has, for removing what it no longer has.
pub fn expected_paths(site: &Site, theme: &Theme) -> HashSet<String> {
    render::outputs(site, theme)
        .iter()
        .map(|output| render::output_path(site, output))
        .collect()
}

fn related_pages(relations: &Relations) -> impl Iterator<Item = usize> + '_ {
    relations
        .reps
        .iter()
        .chain(&relations.playbooks)
        .chain(relations.owner.as_ref())
        .chain(relations.manager.as_ref())
        .chain(&relations.stories)
        .chain(&relations.owned)
        .chain(&relations.reports)
        .chain(&relations.related)
        .chain(&relations.backlinks)
        .chain(relations.rep.as_ref())
        .chain(relations.observer.as_ref())
        .chain(&relations.observations)
        .chain(&relations.observed)
        .chain(&relations.plans)
        .chain(&relations.meetings)
        .chain(&relations.named_by)
        .chain(&relations.bench)
        .copied()
}

/// Whether the manager view on a rep page is stale: it shows each direct
/// report's stories this quarter, plan, last observation and follow-ups,
/// which are relations of the report, not of the manager.
fn reports_changed(old: &Site, new: &Site, index: usize, summary_changed: &[bool]) -> bool {
    new.relations[index].reports.iter().any(|&report| {
        let relations = &new.relations[report];
        old.relations.get(report) != Some(relations)
            || (relations.stories.iter())
                .chain(&relations.plans)
                .chain(&relations.observations)
                .any(|&page| summary_changed[page])
    })
}

fn kind_lists<'a>(old: &'a Site, new: &'a Site, kind: Kind) -> (&'a [usize], &'a [usize]) {
    (old.listed(kind), new.listed(kind))
}

/// Whether anything the `site` value lists differs: a summary, the order or
/// membership of a list, or the taxonomies.
fn lists_changed(old: &Site, new: &Site, summary_changed: &[bool]) -> bool {
    summary_changed.iter().any(|changed| *changed)
        || old.published != new.published
        || Kind::ALL
            .into_iter()
            .any(|kind| old.listed(kind) != new.listed(kind))
        || taxonomies_differ(&old.taxonomies, &new.taxonomies)
}

fn taxonomies_differ(old: &[TaxonomyTerms], new: &[TaxonomyTerms]) -> bool {
    old.len() != new.len()
        || old.iter().zip(new).any(|(a, b)| {
            a.terms.len() != b.terms.len()
                || a.terms.iter().zip(&b.terms).any(|(x, y)| !x.same_as(y))
        })
}

fn taxonomy_jobs(
    old: &Site,
    new: &Site,
    theme: &Theme,
    summary_changed: &[bool],
    lists_changed: bool,
    edited: &HashSet<usize>,
) -> Vec<Job> {
    let mut jobs = Vec::new();
    for (taxonomy_index, taxonomy) in new.taxonomies.iter().enumerate() {
        let previous = old
            .taxonomies
            .iter()
            .find(|other| other.taxonomy == taxonomy.taxonomy);
        let old_terms: HashMap<&str, &crate::site::Term> = previous
            .map(|other| {
                other
                    .terms
                    .iter()
                    .map(|term| (term.slug.as_str(), term))
                    .collect()
            })
            .unwrap_or_default();
        let index_changed = previous.is_none_or(|other| {
            taxonomies_differ(std::slice::from_ref(other), std::slice::from_ref(taxonomy))
        });
        if index_changed || (lists_changed && theme.depends_on_whole_site(templates::TAXONOMY)) {
            jobs.push(Job::Taxonomy(taxonomy_index));
        }
        let whole_site = lists_changed && theme.depends_on_whole_site(templates::TERM);
        for (term_index, term) in taxonomy.terms.iter().enumerate() {
            let differs = old_terms
                .get(term.slug.as_str())
                .is_none_or(|before| !before.same_as(term));
            let members_changed = term
                .members()
                .chain(term.intro)
                .any(|page| summary_changed[page] || edited.contains(&page));
            let taxonomy_listed =
                index_changed && theme.depends_on_variable(templates::TERM, "taxonomy");
            if whole_site || differs || members_changed || taxonomy_listed {
                jobs.push(Job::Term(taxonomy_index, term_index));
            }
        }
    }
    jobs
}
