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
use crate::render::paginate::{self, IndexOrder};
use crate::render::{self, Job, SiteValues, search, tally::Tally};
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
    for kind in Kind::WITH_FOLDERS
        .into_iter()
        .filter(|&kind| new.shows(kind))
    {
        let whole_index = intro_edited(Role::KindIntro(kind))
            || (lists_changed
                && kind
                    .index()
                    .is_some_and(|index| theme.depends_on_whole_site(index.template)));
        jobs.extend(section_jobs(old, new, kind, whole_index, summary_changed));
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

/// The pages whose search record or terms can differ: those edited, whose
/// summary changed (a record names its reps and owner), or that were
/// published or unpublished. `search::Index::updated` re-encodes only the
/// files their changes touch.
pub fn search_pages(
    old: &Site,
    new: &Site,
    summary_changed: &[bool],
    edited: &[usize],
) -> Vec<usize> {
    (0..new.pages.len())
        .filter(|&page| {
            summary_changed[page]
                || old.published[page] != new.published[page]
                || edited.contains(&page)
        })
        .collect()
}

/// Every output path the new site has, for removing what it no longer has.
pub fn expected_paths(site: &Site, theme: &Theme, search: &search::Index) -> HashSet<String> {
    render::outputs(site, theme, search)
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

/// The pages of a kind's index to render again: every one when `whole`
/// (its intro, or a template reading the whole site) or when the number of
/// entries changed (each page says how many there are); else those whose
/// share of the index moved (a story whose new date puts it on another
/// page) or shows a summary that changed.
fn section_jobs(
    old: &Site,
    new: &Site,
    kind: Kind,
    whole: bool,
    summary_changed: &[bool],
) -> Vec<Job> {
    let size = new.config.pagination.index(kind);
    let (before, after) = (IndexOrder::of(old, kind), IndexOrder::of(new, kind));
    let whole = whole || before.len != after.len;
    (0..after.page_count(size))
        .filter(|&page| {
            let shown = after.page(page, size);
            whole
                || before.page(page, size) != shown
                || shown
                    .iter()
                    .flat_map(|part| part.members)
                    .any(|&member| summary_changed[member])
        })
        .map(|page| Job::Section(kind, page))
        .collect()
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
            // Each page counts every term: all of them, which are few.
            let pages = paginate::page_count(taxonomy.terms.len(), new.config.pagination.default);
            jobs.extend((0..pages).map(|page| Job::Taxonomy(taxonomy_index, page)));
        }
        let whole_site = lists_changed && theme.depends_on_whole_site(templates::TERM);
        let taxonomy_listed =
            index_changed && theme.depends_on_variable(templates::TERM, "taxonomy");
        let size = new.config.pagination.terms();
        for (term_index, term) in taxonomy.terms.iter().enumerate() {
            let before = old_terms.get(term.slug.as_str());
            // What every page of the term shows: its name and intro, the
            // length of each list, and what is counted over all its stories
            // and observations (record, reasons, winners, ratings).
            let every_page = whole_site
                || taxonomy_listed
                || term
                    .intro
                    .is_some_and(|intro| edited.contains(&intro) || summary_changed[intro])
                || (term.stories.iter().chain(&term.observations))
                    .any(|&page| summary_changed[page])
                || before.is_none_or(|before| {
                    before.name != term.name
                        || before.intro != term.intro
                        || before.lists().map(<[usize]>::len) != term.lists().map(<[usize]>::len)
                        || Tally::of(old, &before.stories) != Tally::of(new, &term.stories)
                });
            for page in 0..paginate::term_page_count(term, size) {
                let shown = term.lists().map(|list| paginate::slice(list, page, size));
                let moved = before.is_some_and(|before| {
                    before.lists().map(|list| paginate::slice(list, page, size)) != shown
                });
                let changed = shown
                    .iter()
                    .flat_map(|list| list.iter())
                    .any(|&member| summary_changed[member]);
                if every_page || moved || changed {
                    jobs.push(Job::Term(taxonomy_index, term_index, page));
                }
            }
        }
    }
    jobs
}
