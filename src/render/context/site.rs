//! The `site` value and what it lists: groups by stage and team, the
//! taxonomies with their terms, the headline figures and the fixed URLs.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use serde::{Serialize, Serializer};
use tera::Value;

use crate::content::Outcome;
use crate::kinds::{Kind, Taxonomy};
use crate::links::url;
use crate::page::Page;
use crate::site::{Site, TaxonomyTerms, Term, slugify};

use super::super::insight::SiteInsight;
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

/// Sales stages in the order a deal moves; other stages follow alphabetically.
const STAGE_ORDER: [&str; 12] = [
    "prospecting",
    "discovery",
    "qualification",
    "demo",
    "proposal",
    "negotiation",
    "closing",
    "onboarding",
    "expansion",
    "renewal",
    "management",
    "hiring",
];

/// One group of `site.playbooks_by_stage` or `site.reps_by_team`.
#[derive(Serialize)]
struct Group {
    name: String,
    slug: String,
    /// The term's page; none for the pages without a term.
    url: Option<String>,
    pages: Value,
}

/// Pages grouped by a term (playbooks by stage, reps by team), with the
/// pages that have none last.
pub(super) fn groups(
    site: &Site,
    pages: &[usize],
    taxonomy: Taxonomy,
    summaries: &[Value],
    key: impl Fn(&Page) -> Option<String>,
) -> Value {
    let mut grouped: Vec<(String, Vec<usize>)> = Vec::new();
    // Group position by slug: a search through the groups for every page
    // made a team per rep quadratic (4,000 reps: two seconds).
    let mut positions: HashMap<String, usize> = HashMap::new();
    let mut without = Vec::new();
    for &index in pages {
        match key(&site.pages[index]) {
            Some(name) => match positions.entry(slugify(&name)) {
                Entry::Occupied(entry) => grouped[*entry.get()].1.push(index),
                Entry::Vacant(entry) => {
                    entry.insert(grouped.len());
                    grouped.push((name, vec![index]));
                }
            },
            None => without.push(index),
        }
    }
    grouped.sort_by_key(|(name, _)| {
        let slug = slugify(name);
        let position = STAGE_ORDER
            .iter()
            .position(|stage| *stage == slug)
            .unwrap_or(STAGE_ORDER.len());
        (position, name.to_lowercase())
    });
    let mut groups: Vec<Group> = grouped
        .into_iter()
        .map(|(name, mut members)| {
            // A team lists its managers first.
            if taxonomy == Taxonomy::Teams {
                members.sort_by_key(|&member| site.relations[member].reports.is_empty());
            }
            let slug = slugify(&name);
            Group {
                url: Some(url::href(
                    &url::term_page(taxonomy, &slug),
                    site.config.pretty_links,
                )),
                slug,
                name: name.trim().to_string(),
                pages: pick(summaries, &members),
            }
        })
        .collect();
    if !without.is_empty() {
        groups.push(Group {
            name: if taxonomy == Taxonomy::Teams {
                "No team"
            } else {
                "Other"
            }
            .to_string(),
            slug: String::new(),
            url: None,
            pages: pick(summaries, &without),
        });
    }
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
}

/// `term` on its own page: the counts, its pages, and its stories' record.
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

/// A term with the summaries of its pages.
pub(super) fn term_value(
    site: &Site,
    taxonomy: Taxonomy,
    term: &Term,
    summaries: &[Value],
) -> Value {
    let tally = Tally::of(site, &term.stories);
    Value::from_serializable(&TermView {
        counts: TermCounts::new(site, taxonomy, term),
        stories: pick(summaries, &term.stories),
        playbooks: pick(summaries, &term.playbooks),
        reps: pick(summaries, &term.reps),
        developing: pick(summaries, &term.developing),
        won: tally.won,
        lost: tally.lost,
        meetings: pick(summaries, &term.meetings),
        roles: pick(summaries, &term.roles),
        intro: term
            .intro
            .map(|intro| super::page::full_page(site, intro, summaries)),
        reasons_won: reason_counts(site, &term.stories, Outcome::Won),
        reasons_lost: reason_counts(site, &term.stories, Outcome::Lost),
        winners: pick(summaries, &winners(site, &term.stories)),
        observed_by_rep: observed_by_rep(site, term, summaries),
        observed_ratings: observed_ratings(site, term, summaries),
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
