//! The `site` value and what it lists: groups by stage and team, the
//! taxonomies with their terms, the headline figures and the fixed URLs.

use serde::{Serialize, Serializer};
use tera::Value;

use crate::content::Outcome;
use crate::kinds::{Kind, Taxonomy};
use crate::links::url;
use crate::site::{Site, TaxonomyTerms, Term, slugify};

use super::super::insight::SiteInsight;
use super::super::paginate::{self, GroupPart, PaginationView};
use super::super::tally::Tally;

/// `site` (THEMES.md, "Every template gets").
#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub language: &'a str,
    pub pretty_links: bool,
    pub drafts: bool,
    pub private: bool,
    pub extra: &'a serde_json::Value,
    pub playbooks: Value,
    pub stories: Value,
    pub reps: Value,
    pub pages: Value,
    pub overdue: Value,
    pub playbooks_by_stage: Value,
    pub reps_by_team: Value,
    pub taxonomies: Value,
    pub stats: Stats,
    pub insight: SiteInsight,
    pub urls: Urls,
}

/// Headline figures for the home page.
#[derive(Serialize)]
pub(super) struct Stats {
    playbooks: usize,
    stories: usize,
    reps: usize,
    #[serde(flatten)]
    tally: Tally,
    /// Won of decided stories, in percent; None before the first decision.
    win_rate: Option<usize>,
    overdue: usize,
}

impl Stats {
    pub fn new(site: &Site) -> Stats {
        let tally = Tally::of(site, &site.stories);
        Stats {
            playbooks: site.playbooks.len(),
            stories: site.stories.len(),
            reps: site.reps.len(),
            tally,
            win_rate: tally.win_rate(),
            overdue: site.overdue_playbooks().len(),
        }
    }
}

/// `site.urls`: home, each kind's index, each taxonomy's, the feed, search
/// and insight — named by folder, so a new kind or taxonomy gets its own.
pub(super) struct Urls(Vec<(&'static str, String)>);

impl Urls {
    pub fn new(site: &Site) -> Urls {
        let href = |path: &str| url::href(path, site.config.pretty_links);
        let mut urls = vec![("home", href(url::HOME))];
        for kind in Kind::WITH_FOLDERS
            .into_iter()
            .filter(|&kind| site.shows(kind))
        {
            urls.push((kind.folder(), href(&url::kind_index(kind))));
        }
        for taxonomy in Taxonomy::ALL {
            urls.push((taxonomy.name(), href(&url::taxonomy_index(taxonomy))));
        }
        urls.push(("feed", href(url::FEED)));
        urls.push(("story_facets", href(url::STORY_FACETS)));
        urls.push(("search", href(url::SEARCH)));
        urls.push(("insight", href(url::INSIGHT)));
        if site.private {
            urls.push(("coaching", href(url::COACHING)));
        }
        Urls(urls)
    }
}

impl Serialize for Urls {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(key, url)| (*key, url)))
    }
}

/// One group of `site.playbooks_by_stage`, `site.reps_by_team` or a
/// section's `groups`.
#[derive(Serialize)]
struct Group<'a> {
    name: &'a str,
    slug: &'a str,
    /// The term's page; none for the pages without a term.
    url: Option<String>,
    pages: Value,
    /// Whether the group began on an earlier page of the index.
    continued: bool,
}

/// Groups of an index as templates see them: all of them
/// (`site.playbooks_by_stage`) or one page's share (`section.groups`).
pub(super) fn groups(site: &Site, parts: &[GroupPart], summaries: &[Value]) -> Value {
    let groups: Vec<Group> = parts
        .iter()
        .map(|part| Group {
            name: &part.group.name,
            slug: &part.group.slug,
            url: part.group.taxonomy.map(|taxonomy| {
                url::href(
                    &url::term_page(taxonomy, &part.group.slug),
                    site.config.pretty_links,
                )
            }),
            pages: pick(summaries, part.members),
            continued: part.continued,
        })
        .collect();
    Value::from_serializable(&groups)
}

/// The summaries of some pages, as a list.
pub(super) fn pick(summaries: &[Value], indexes: &[usize]) -> Value {
    Value::from(
        indexes
            .iter()
            .map(|&index| summaries[index].clone())
            .collect::<Vec<_>>(),
    )
}

/// One of `site.taxonomies`, and `taxonomy` on its pages.
#[derive(Serialize)]
struct TaxonomyView<'a> {
    name: &'static str,
    title: &'static str,
    url: String,
    terms: Vec<TermCounts<'a>>,
}

/// A term wherever it is listed.
#[derive(Serialize)]
struct TermCounts<'a> {
    name: &'a str,
    slug: &'a str,
    taxonomy: &'static str,
    url: String,
    count: usize,
    story_count: usize,
    playbook_count: usize,
    rep_count: usize,
    developing_count: usize,
}

/// `term` on its own page: the counts, this page's share of each of its
/// lists, and its stories' record.
#[derive(Serialize)]
struct TermView<'a> {
    #[serde(flatten)]
    counts: TermCounts<'a>,
    stories: Value,
    playbooks: Value,
    reps: Value,
    developing: Value,
    won: usize,
    lost: usize,
    /// Meetings that practised the skill or belong to the team.
    meetings: Value,
    /// Roles that require the skill or belong to the team.
    roles: Value,
    /// The term's intro page (`content/competitors/stackmere.md`), or none.
    intro: Option<Value>,
    /// The reasons given in its won and lost stories, most often first.
    reasons_won: Vec<ReasonCount>,
    reasons_lost: Vec<ReasonCount>,
    /// Reps of its won stories, most wins first ("who beat them").
    winners: Value,
    /// Private builds only: each observed rating of the skill, oldest first.
    observed_ratings: Vec<ObservedRating>,
    /// The same ratings per rep (by name), each rep's oldest first: how a
    /// rep's skill develops from one observation to the next.
    observed_by_rep: Vec<RepRatings>,
    pagination: PaginationView,
}

#[derive(Serialize)]
struct RepRatings {
    rep: Value,
    ratings: Vec<RatingPoint>,
}

/// One observed rating in a rep's series.
#[derive(Serialize)]
struct RatingPoint {
    date: Option<crate::date::Date>,
    score: u8,
    observation: Value,
}

#[derive(Serialize)]
struct ReasonCount {
    reason: Value,
    count: usize,
}

#[derive(Serialize)]
struct ObservedRating {
    rep: Value,
    date: Option<crate::date::Date>,
    score: u8,
    observation: Value,
}

impl<'a> TermCounts<'a> {
    fn new(site: &Site, taxonomy: Taxonomy, term: &'a Term) -> TermCounts<'a> {
        TermCounts {
            name: &term.name,
            slug: &term.slug,
            taxonomy: taxonomy.name(),
            url: url::href(
                &url::term_page(taxonomy, &term.slug),
                site.config.pretty_links,
            ),
            count: term.count(),
            story_count: term.stories.len(),
            playbook_count: term.playbooks.len(),
            rep_count: term.reps.len(),
            developing_count: term.developing.len(),
        }
    }
}

/// A taxonomy with the counts of its terms.
pub(super) fn taxonomy_value(site: &Site, terms: &TaxonomyTerms) -> Value {
    let taxonomy = terms.taxonomy;
    Value::from_serializable(&TaxonomyView {
        name: taxonomy.name(),
        title: taxonomy.title(),
        url: url::href(&url::taxonomy_index(taxonomy), site.config.pretty_links),
        terms: terms
            .terms
            .iter()
            .map(|term| TermCounts::new(site, taxonomy, term))
            .collect(),
    })
}

/// `taxonomy` on a page of its index (`taxonomy.html`).
#[derive(Serialize)]
struct TaxonomyPageView<'a> {
    #[serde(flatten)]
    taxonomy: TaxonomyView<'a>,
    pagination: PaginationView,
}

/// Page `page` (from 0) of a taxonomy's index: its terms on that page.
pub(super) fn taxonomy_page_value(site: &Site, terms: &TaxonomyTerms, page: usize) -> Value {
    let taxonomy = terms.taxonomy;
    let size = site.config.pagination.default;
    let start = page.saturating_mul(size).min(terms.terms.len());
    let end = start.saturating_add(size).min(terms.terms.len());
    let href = |number: usize| {
        url::href(
            &url::taxonomy_index_page(taxonomy, number),
            site.config.pretty_links,
        )
    };
    Value::from_serializable(&TaxonomyPageView {
        taxonomy: TaxonomyView {
            name: taxonomy.name(),
            title: taxonomy.title(),
            url: href(1),
            terms: terms.terms[start..end]
                .iter()
                .map(|term| TermCounts::new(site, taxonomy, term))
                .collect(),
        },
        pagination: PaginationView::new(
            page,
            paginate::page_count(terms.terms.len(), size),
            size,
            href,
        ),
    })
}

/// Page `page` (from 0) of a term: the summaries of that page's share of
/// each of its lists.
pub(super) fn term_value(
    site: &Site,
    taxonomy: Taxonomy,
    term: &Term,
    summaries: &[Value],
    page: usize,
) -> Value {
    let tally = Tally::of(site, &term.stories);
    let size = site.config.pagination.terms();
    let list = |members: &[usize]| pick(summaries, paginate::slice(members, page, size));
    let pagination = PaginationView::new(
        page,
        paginate::term_page_count(term, size),
        size,
        |number| {
            url::href(
                &url::term_page_number(taxonomy, &term.slug, number),
                site.config.pretty_links,
            )
        },
    );
    Value::from_serializable(&TermView {
        counts: TermCounts::new(site, taxonomy, term),
        stories: list(&term.stories),
        playbooks: list(&term.playbooks),
        reps: list(&term.reps),
        developing: list(&term.developing),
        won: tally.won,
        lost: tally.lost,
        meetings: list(&term.meetings),
        roles: list(&term.roles),
        intro: term
            .intro
            .map(|intro| super::page::full_page(site, intro, summaries)),
        reasons_won: reason_counts(site, &term.stories, Outcome::Won),
        reasons_lost: reason_counts(site, &term.stories, Outcome::Lost),
        winners: pick(
            summaries,
            &winners(site, &term.stories)[..]
                .iter()
                .take(WINNERS_SHOWN)
                .copied()
                .collect::<Vec<_>>(),
        ),
        observed_by_rep: observed_by_rep(site, term, summaries),
        observed_ratings: observed_ratings(site, term, summaries),
        pagination,
    })
}

/// How often each reason is given in the stories with `outcome`.
fn reason_counts(site: &Site, stories: &[usize], outcome: Outcome) -> Vec<ReasonCount> {
    let mut counts: Vec<(String, String, usize)> = Vec::new();
    for &story in stories {
        let front_matter = &site.pages[story].front_matter;
        if front_matter.outcome != Some(outcome) {
            continue;
        }
        for reason in &front_matter.reasons {
            let slug = slugify(reason);
            match counts.iter_mut().find(|(known, _, _)| *known == slug) {
                Some(entry) => entry.2 += 1,
                None => counts.push((slug, reason.trim().to_string(), 1)),
            }
        }
    }
    counts.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    let links = |name: &str| {
        Value::from_serializable(&super::links::term_link(site, Taxonomy::Reasons, name))
    };
    counts
        .into_iter()
        .map(|(_, name, count)| ReasonCount {
            reason: links(&name),
            count,
        })
        .collect()
}

/// How many of the reps who won a term's stories its page names.
const WINNERS_SHOWN: usize = 12;

/// The reps of the won stories, most wins first, then by name.
fn winners(site: &Site, stories: &[usize]) -> Vec<usize> {
    let mut wins: Vec<(usize, usize)> = Vec::new();
    for &story in stories {
        if site.pages[story].front_matter.outcome != Some(Outcome::Won) {
            continue;
        }
        for &rep in &site.relations[story].reps {
            match wins.iter_mut().find(|(known, _)| *known == rep) {
                Some(entry) => entry.1 += 1,
                None => wins.push((rep, 1)),
            }
        }
    }
    wins.sort_by(|a, b| {
        (b.1.cmp(&a.1)).then_with(|| site.pages[a.0].sort_title.cmp(&site.pages[b.0].sort_title))
    });
    wins.into_iter().map(|(rep, _)| rep).collect()
}

fn observed_ratings(site: &Site, term: &Term, summaries: &[Value]) -> Vec<ObservedRating> {
    let mut ratings: Vec<ObservedRating> = Vec::new();
    for &observation in term.observations.iter().rev() {
        let page = &site.pages[observation];
        let Some(fields) = page.front_matter.observation.as_deref() else {
            continue;
        };
        let rating = (fields.ratings.iter()).find(|rating| slugify(&rating.skill) == term.slug);
        if let (Some(rating), Some(rep)) = (rating, site.relations[observation].rep) {
            ratings.push(ObservedRating {
                rep: summaries[rep].clone(),
                date: page.date(),
                score: rating.score,
                observation: summaries[observation].clone(),
            });
        }
    }
    ratings
}

/// The observed ratings of a skill grouped by rep (reps by name), oldest
/// first within each.
fn observed_by_rep(site: &Site, term: &Term, summaries: &[Value]) -> Vec<RepRatings> {
    let mut by_rep: Vec<(usize, Vec<RatingPoint>)> = Vec::new();
    for &observation in term.observations.iter().rev() {
        let page = &site.pages[observation];
        let Some(fields) = page.front_matter.observation.as_deref() else {
            continue;
        };
        let rating = (fields.ratings.iter()).find(|rating| slugify(&rating.skill) == term.slug);
        let (Some(rating), Some(rep)) = (rating, site.relations[observation].rep) else {
            continue;
        };
        let point = RatingPoint {
            date: page.date(),
            score: rating.score,
            observation: summaries[observation].clone(),
        };
        match by_rep.iter_mut().find(|(known, _)| *known == rep) {
            Some((_, points)) => points.push(point),
            None => by_rep.push((rep, vec![point])),
        }
    }
    by_rep.sort_by(|a, b| site.pages[a.0].sort_title.cmp(&site.pages[b.0].sort_title));
    by_rep
        .into_iter()
        .map(|(rep, ratings)| RepRatings {
            rep: summaries[rep].clone(),
            ratings,
        })
        .collect()
}
