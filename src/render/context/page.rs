//! `page` on its own template (the summary plus body and relations) and
//! `section` on a kind's index.

use serde::Serialize;
use tera::Value;

use crate::content::Kind;
use crate::date::Date;
use crate::links::{encode, url};
use crate::page::Page;
use crate::site::Site;
use crate::site::coaching;

use super::super::insight::{self, Chart, NoMore, QuarterRow};
use super::super::paginate::PaginationView;
use super::super::tally::Tally;
use super::site::pick;

/// What a page's own template adds to its summary (THEMES.md, "`page` on
/// its own template").
#[derive(Serialize)]
struct PageView<'a> {
    /// The body as HTML, safe to print.
    content: Value,
    toc: Vec<TocEntry<'a>>,
    reading_minutes: usize,
    backlinks: Value,
    last_updated: Option<String>,
    edit_url: Option<String>,
    #[serde(flatten)]
    relations: KindRelations,
}

/// A page's relations as full summaries, and its stories' record.
#[derive(Serialize)]
#[serde(untagged)]
// Built once per page and serialised at once: the size of the rep variant
// costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
enum KindRelations {
    Story {
        reps: Value,
        playbooks: Value,
        related: Value,
        /// Meetings that shared the story.
        meetings: Value,
    },
    Playbook {
        owner: Option<Value>,
        stories: Value,
        meetings: Value,
        won: usize,
        lost: usize,
        open: usize,
    },
    Rep {
        manager: Option<Value>,
        stories: Value,
        owned: Value,
        reports: Value,
        won: usize,
        lost: usize,
        open: usize,
        insight: Chart<QuarterRow, NoMore>,
        meetings: Value,
        /// Private builds only (empty otherwise): the rep's observations
        /// and plans, and the observations they made as a manager.
        observations: Value,
        plans: Value,
        observed: Value,
        /// Private builds only (none otherwise): the plan reviewed last.
        plan: Option<Value>,
        /// For anyone with direct reports: their reports' quarter.
        manager_view: Option<ManagerView>,
    },
    Observation {
        rep: Option<Value>,
        observer: Option<Value>,
    },
    Plan {
        rep: Option<Value>,
        manager: Option<Value>,
    },
    Meeting {
        stories: Value,
        playbooks: Value,
        reps: Value,
        /// The skills its agenda practised, once each, as terms.
        practised: Vec<Value>,
        /// Minutes per agenda type, in the order the types first appear.
        time_by_type: Vec<TypeMinutes>,
    },
    Role {
        owner: Option<Value>,
        /// Per required skill, the reps strong in it.
        bench: Vec<BenchRow>,
    },
    Page {},
}

/// A role's required skill and who on the team is strong in it.
#[derive(Serialize)]
struct BenchRow {
    skill: String,
    slug: String,
    must: bool,
    reps: Value,
    /// Reps with the skill as their development focus: the bench to come.
    developing: Value,
}

/// Minutes an agenda gives one type of item (`strategy`, `role-play`…).
#[derive(Serialize)]
struct TypeMinutes {
    #[serde(rename = "type")]
    item_type: &'static str,
    minutes: i64,
}

/// The manager view on the rep page of anyone with direct reports.
#[derive(Serialize)]
struct ManagerView {
    /// The calendar quarter of the build's day: `2026 Q4`.
    quarter: String,
    reports: Vec<ReportView>,
}

/// One direct report in the manager view.
#[derive(Serialize)]
struct ReportView {
    rep: Value,
    /// Their stories dated in this quarter, newest first.
    stories: Value,
    #[serde(flatten)]
    tally: Tally,
    /// Private builds only — absent from a published build's context, so
    /// no theme can print a trace of observations or plans there.
    #[serde(skip_serializing_if = "Option::is_none")]
    coaching: Option<ReportCoaching>,
}

/// A report's coaching loop, as their manager's page shows it.
#[derive(Serialize)]
struct ReportCoaching {
    /// The plan reviewed last (its period, next review and goals).
    plan: Option<Value>,
    last_observation: Option<Value>,
    /// Observations whose follow-up is not done, soonest due first.
    follow_ups: Value,
}

#[derive(Serialize)]
struct TocEntry<'a> {
    level: u8,
    id: &'a str,
    title: &'a str,
}

/// A page's summary plus its body and relations.
pub(super) fn full_page(site: &Site, index: usize, summaries: &[Value]) -> Value {
    let page = &site.pages[index];
    let relations = &site.relations[index];
    let list = |indexes: &[usize]| pick(summaries, indexes);
    let one = |index: Option<usize>| index.map(|index| summaries[index].clone());
    let kind_relations = match page.kind() {
        Kind::Story => KindRelations::Story {
            reps: list(&relations.reps),
            playbooks: list(&relations.playbooks),
            related: list(&relations.related),
            meetings: list(&relations.meetings),
        },
        Kind::Playbook => {
            let tally = Tally::of(site, &relations.stories);
            KindRelations::Playbook {
                owner: one(relations.owner),
                stories: list(&relations.stories),
                meetings: list(&relations.meetings),
                won: tally.won,
                lost: tally.lost,
                open: tally.open,
            }
        }
        Kind::Rep => {
            let tally = Tally::of(site, &relations.stories);
            KindRelations::Rep {
                manager: one(relations.manager),
                stories: list(&relations.stories),
                owned: list(&relations.owned),
                reports: list(&relations.reports),
                won: tally.won,
                lost: tally.lost,
                open: tally.open,
                insight: insight::rep_quarters(site, index),
                meetings: list(&relations.meetings),
                observations: list(&relations.observations),
                plans: list(&relations.plans),
                observed: list(&relations.observed),
                plan: one(coaching::current_plan(site, index)),
                manager_view: manager_view(site, index, summaries),
            }
        }
        Kind::Observation => KindRelations::Observation {
            rep: one(relations.rep),
            observer: one(relations.observer),
        },
        Kind::Plan => KindRelations::Plan {
            rep: one(relations.rep),
            manager: one(relations.manager),
        },
        Kind::Meeting => KindRelations::Meeting {
            stories: list(&relations.stories),
            playbooks: list(&relations.playbooks),
            reps: list(&relations.reps),
            practised: practised(site, page),
            time_by_type: time_by_type(page),
        },
        Kind::Role => KindRelations::Role {
            owner: one(relations.owner),
            bench: bench(site, page, summaries),
        },
        Kind::Page => KindRelations::Page {},
    };
    let view = PageView {
        content: Value::safe_string(&page_content(site, index)),
        toc: toc(page),
        reading_minutes: reading_minutes(&page.text),
        backlinks: list(&relations.backlinks),
        last_updated: page
            .front_matter
            .updated
            .or(page.file.last_commit)
            .map(|date| date.to_string()),
        edit_url: site
            .config
            .edit_url
            .as_ref()
            .map(|template| template.replace("{path}", &encode(&page.file.display))),
        relations: kind_relations,
    };
    // The summary's fields first, the page's own after (a story's `reps`
    // become full summaries).
    let mut map = summaries[index].as_map().cloned().unwrap_or_default();
    if let Some(own) = Value::from_serializable(&view).into_map() {
        map.extend(own);
    }
    Value::from(map)
}

fn bench(site: &Site, page: &Page, summaries: &[Value]) -> Vec<BenchRow> {
    let skills = site
        .taxonomies
        .iter()
        .find(|terms| terms.taxonomy == crate::kinds::Taxonomy::Skills);
    let required = page
        .front_matter
        .role_spec
        .iter()
        .flat_map(|role| &role.skills);
    required
        .map(|required| {
            let slug = crate::kinds::slugify(&required.skill);
            let term = skills.and_then(|skills| skills.terms.iter().find(|term| term.slug == slug));
            BenchRow {
                skill: required.skill.clone(),
                slug,
                must: required.must,
                reps: pick(
                    summaries,
                    term.map(|term| term.reps.as_slice()).unwrap_or_default(),
                ),
                developing: pick(
                    summaries,
                    term.map(|term| term.developing.as_slice())
                        .unwrap_or_default(),
                ),
            }
        })
        .collect()
}

/// The manager view: each direct report's stories this quarter and, in a
/// private build, their plan, last observation and open follow-ups.
fn manager_view(site: &Site, rep: usize, summaries: &[Value]) -> Option<ManagerView> {
    let reports = &site.relations[rep].reports;
    if reports.is_empty() {
        return None;
    }
    let quarter = |date: Date| (date.year, (date.month - 1) / 3 + 1);
    let (year, this_quarter) = quarter(site.today);
    let reports = (reports.iter().copied())
        .map(|report| {
            let stories: Vec<usize> = (site.relations[report].stories.iter().copied())
                .filter(|&story| {
                    site.pages[story].front_matter.date.map(quarter) == Some((year, this_quarter))
                })
                .collect();
            let coaching = site.private.then(|| ReportCoaching {
                plan: coaching::current_plan(site, report).map(|plan| summaries[plan].clone()),
                last_observation: (site.relations[report].observations.first())
                    .map(|&observation| summaries[observation].clone()),
                follow_ups: pick(summaries, &super::coaching::open_follow_ups(site, report)),
            });
            ReportView {
                rep: summaries[report].clone(),
                tally: Tally::of(site, &stories),
                stories: pick(summaries, &stories),
                coaching,
            }
        })
        .collect();
    Some(ManagerView {
        quarter: format!("{year} Q{this_quarter}"),
        reports,
    })
}

/// The skills a meeting's agenda practised, once each, in agenda order.
fn practised(site: &Site, page: &Page) -> Vec<Value> {
    let mut seen = Vec::new();
    let skills = (page.front_matter.meeting.iter())
        .flat_map(|meeting| &meeting.agenda)
        .filter_map(|item| item.skill.as_deref());
    for skill in skills {
        let slug = crate::kinds::slugify(skill);
        if !seen
            .iter()
            .any(|(known, _): &(String, Value)| *known == slug)
        {
            let link = super::links::term_link(site, crate::kinds::Taxonomy::Skills, skill);
            seen.push((slug, Value::from_serializable(&link)));
        }
    }
    seen.into_iter().map(|(_, link)| link).collect()
}

/// Where a meeting's time goes, by type of agenda item.
fn time_by_type(page: &Page) -> Vec<TypeMinutes> {
    let mut time: Vec<TypeMinutes> = Vec::new();
    let agenda = (page.front_matter.meeting.iter()).flat_map(|meeting| &meeting.agenda);
    for item in agenda {
        let Some(minutes) = item.minutes else {
            continue;
        };
        let item_type = item.kind.name();
        match time.iter_mut().find(|known| known.item_type == item_type) {
            Some(known) => known.minutes += minutes,
            None => time.push(TypeMinutes { item_type, minutes }),
        }
    }
    time
}

fn toc(page: &Page) -> Vec<TocEntry<'_>> {
    page.headings
        .iter()
        .filter(|heading| (2..=3).contains(&heading.level))
        .map(|heading| TocEntry {
            level: heading.level,
            id: &heading.id,
            title: &heading.text,
        })
        .collect()
}

fn reading_minutes(text: &str) -> usize {
    (text.split_whitespace().count() / 220).max(1)
}

/// `section` (THEMES.md, "`section` (kind indexes)").
#[derive(Serialize)]
pub(super) struct SectionView {
    kind: &'static str,
    title: String,
    url: String,
    intro: Option<Value>,
    /// The kind's pages on all pages of the index.
    total: usize,
    pages: Value,
    groups: Value,
    pagination: PaginationView,
}

impl SectionView {
    /// `place` is (this page from 0, how many pages, how many entries);
    /// `pages` and `groups` this page's share.
    pub fn new(
        site: &Site,
        kind: Kind,
        summaries: &[Value],
        place: (usize, usize, usize),
        pages: Value,
        groups: Value,
    ) -> SectionView {
        let (page, count, total) = place;
        let intro = site.kind_intros.get(&kind).copied();
        let title = match intro {
            Some(index) => site.pages[index].title.clone(),
            None => kind
                .index()
                .map_or(kind.name(), |index| index.title)
                .to_string(),
        };
        let href = |number: usize| {
            url::href(
                &url::kind_index_page(kind, number),
                site.config.pretty_links,
            )
        };
        SectionView {
            kind: kind.name(),
            title,
            url: href(1),
            intro: intro.map(|index| full_page(site, index, summaries)),
            total,
            pages,
            groups,
            pagination: PaginationView::new(page, count, site.config.pagination.index(kind), href),
        }
    }
}

/// A page's HTML with link fragments corrected to its targets' anchors
/// (`#Who-is-eligible` → `#who-is-eligible`, as GitHub resolves them).
fn page_content(site: &Site, index: usize) -> std::borrow::Cow<'_, str> {
    let page = &site.pages[index];
    let own = (page.own_fragments.iter()).map(|link| (link, Some(page.anchors.as_slice())));
    let others = page.links.iter().map(|link| {
        let published = site.published[link.target];
        (
            link,
            published.then(|| site.pages[link.target].anchors.as_slice()),
        )
    });
    crate::links::fix_fragments(&page.content, own.chain(others))
}
