//! The template context: the site model serialised into Tera values, once.
//!
//! Tera 2 values share their contents (`Arc`), so the `site` value and every
//! page summary are built a single time and each render's context clones
//! them in O(1), however large the site. THEMES.md documents every field.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Map, Value};

use crate::content::{Kind, Role};
use crate::date::Date;
use crate::links::{encode, href_for};
use crate::page::Page;
use crate::site::{Site, Taxonomy, Term, slugify};

/// Values shared by every render.
pub struct SiteValues {
    pub site: Value,
    /// Per page index: its summary (Null for unpublished pages).
    pub summaries: Vec<Value>,
    /// The page and term links summaries are made of, shared between them.
    pub links: SharedLinks,
}

/// The small values that recur across summaries — a link to each page, a
/// link to each term as written — built once and shared (Tera values are
/// reference-counted): at 50,000 pages, one copy per occurrence was a fifth
/// of the build's memory.
#[derive(Clone, Default)]
pub struct SharedLinks {
    /// Per page index: `{kind, id, title, url}` (Null for unpublished pages).
    pages: Vec<Value>,
    /// By taxonomy and name as written: `{name, slug, url}`.
    terms: HashMap<(&'static str, String), Value>,
}

impl SharedLinks {
    pub fn new(site: &Site) -> SharedLinks {
        let pages = (0..site.pages.len())
            .into_par_iter()
            .map(|index| page_link(site, index))
            .collect();
        let mut links = SharedLinks {
            pages,
            terms: HashMap::new(),
        };
        for index in 0..site.pages.len() {
            links.add_terms(site, index);
        }
        links
    }

    /// Brings the links of `pages` up to date after they were edited.
    pub fn refresh(&mut self, site: &Site, pages: &[usize]) {
        self.pages.resize(site.pages.len(), Value::none());
        for &index in pages {
            self.pages[index] = page_link(site, index);
            self.add_terms(site, index);
        }
    }

    fn add_terms(&mut self, site: &Site, index: usize) {
        if !site.published[index] {
            return;
        }
        let front_matter = &site.pages[index].front_matter;
        let names = front_matter
            .tags
            .iter()
            .map(|name| ("tags", name.as_str()))
            .chain(
                front_matter
                    .skills
                    .iter()
                    .map(|name| ("skills", name.as_str())),
            )
            .chain(
                front_matter
                    .strengths
                    .iter()
                    .map(|name| ("skills", name.as_str())),
            )
            .chain(
                front_matter
                    .focus
                    .iter()
                    .map(|name| ("skills", name.as_str())),
            )
            .chain(
                front_matter
                    .stage
                    .iter()
                    .map(|name| ("stages", name.as_str())),
            )
            .chain(
                front_matter
                    .team
                    .iter()
                    .map(|name| ("teams", name.as_str())),
            )
            .chain(
                front_matter
                    .outcome
                    .iter()
                    .map(|outcome| ("outcomes", outcome.name())),
            );
        for (taxonomy, name) in names {
            self.terms
                .entry((taxonomy, name.trim().to_string()))
                .or_insert_with(|| Value::from_serializable(&TermLink::new(site, taxonomy, name)));
        }
    }

    fn page(&self, index: usize) -> Value {
        self.pages[index].clone()
    }

    fn term(&self, site: &Site, taxonomy: &'static str, name: &str) -> Value {
        match self.terms.get(&(taxonomy, name.trim().to_string())) {
            Some(value) => value.clone(),
            None => Value::from_serializable(&TermLink::new(site, taxonomy, name)),
        }
    }

    fn terms(&self, site: &Site, taxonomy: &'static str, names: &[String]) -> Value {
        Value::from(
            names
                .iter()
                .map(|name| self.term(site, taxonomy, name))
                .collect::<Vec<_>>(),
        )
    }

    fn pages_list(&self, indexes: &[usize]) -> Value {
        Value::from(
            indexes
                .iter()
                .map(|&index| self.page(index))
                .collect::<Vec<_>>(),
        )
    }
}

fn page_link(site: &Site, index: usize) -> Value {
    if site.published[index] {
        Value::from_serializable(&PageLink::new(site, index))
    } else {
        Value::none()
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

impl SiteValues {
    pub fn new(site: &Site) -> SiteValues {
        let links = SharedLinks::new(site);
        let summaries: Vec<Value> = (0..site.pages.len())
            .into_par_iter()
            .map(|index| summary(site, index, &links))
            .collect();
        SiteValues::with_summaries(site, summaries, links)
    }

    /// The site value around summaries computed earlier (all of them, in
    /// page order): an incremental rebuild recomputes only the summaries that
    /// changed, and this part is cheap, made of shared values.
    pub fn with_summaries(site: &Site, summaries: Vec<Value>, links: SharedLinks) -> SiteValues {
        let list = |indexes: &[usize]| -> Value {
            Value::from(
                indexes
                    .iter()
                    .map(|&index| summaries[index].clone())
                    .collect::<Vec<_>>(),
            )
        };
        let mut map = Map::new();
        let config = &site.config;
        insert(&mut map, "title", config.title.as_str());
        insert(&mut map, "description", config.description.as_str());
        insert(&mut map, "base_url", config.base_url.as_str());
        insert(&mut map, "language", config.language.as_str());
        insert(&mut map, "pretty_links", config.pretty_links);
        insert(&mut map, "drafts", site.drafts);
        insert(&mut map, "private", site.private);
        insert(&mut map, "extra", Value::from_serializable(&config.extra));
        insert(&mut map, "playbooks", list(&site.playbooks));
        insert(&mut map, "stories", list(&site.stories));
        insert(&mut map, "reps", list(&site.reps));
        insert(&mut map, "pages", list(&site.plain_pages));
        insert(&mut map, "overdue", list(&site.overdue_playbooks()));
        insert(
            &mut map,
            "playbooks_by_stage",
            groups(site, &site.playbooks, "stages", &summaries, |page| {
                page.front_matter.stage.clone()
            }),
        );
        insert(
            &mut map,
            "reps_by_team",
            groups(site, &site.reps, "teams", &summaries, |page| {
                page.front_matter.team.clone()
            }),
        );
        insert(
            &mut map,
            "taxonomies",
            Value::from(
                site.taxonomies
                    .iter()
                    .map(|taxonomy| taxonomy_value(site, taxonomy, false, &summaries))
                    .collect::<Vec<_>>(),
            ),
        );
        insert(
            &mut map,
            "stats",
            Value::from_serializable(&Stats::new(site)),
        );
        insert(
            &mut map,
            "insight",
            super::insight::site_insight(site, &summaries),
        );
        let mut urls = Map::new();
        for (key, path) in [
            ("home", "index.html"),
            ("playbooks", "playbooks/index.html"),
            ("stories", "stories/index.html"),
            ("reps", "reps/index.html"),
            ("skills", "skills/index.html"),
            ("tags", "tags/index.html"),
            ("stages", "stages/index.html"),
            ("outcomes", "outcomes/index.html"),
            ("teams", "teams/index.html"),
            ("feed", "atom.xml"),
            ("search", "search/index.html"),
            ("insight", "insight/index.html"),
        ] {
            insert(&mut urls, key, href(site, path));
        }
        insert(&mut map, "urls", Value::from(urls));
        SiteValues {
            site: Value::from(map),
            summaries,
            links,
        }
    }

    /// A page's summary plus its body and relations, for its own template.
    pub fn full_page(&self, site: &Site, index: usize) -> Value {
        let page = &site.pages[index];
        let relations = &site.relations[index];
        let mut map = self.summaries[index].as_map().cloned().unwrap_or_default();
        let list = |indexes: &[usize]| -> Value {
            Value::from(
                indexes
                    .iter()
                    .map(|&index| self.summaries[index].clone())
                    .collect::<Vec<_>>(),
            )
        };
        insert(
            &mut map,
            "content",
            Value::safe_string(&page_content(site, index)),
        );
        insert(&mut map, "toc", Value::from_serializable(&toc(page)));
        insert(&mut map, "reading_minutes", reading_minutes(&page.text));
        insert(&mut map, "backlinks", list(&relations.backlinks));
        let last_updated = page.front_matter.updated.or(page.file.last_commit);
        insert(
            &mut map,
            "last_updated",
            last_updated.map_or_else(Value::none, |date| Value::from(date.to_string())),
        );
        let edit_url = site
            .config
            .edit_url
            .as_ref()
            .map(|template| template.replace("{path}", &encode(&page.file.display)));
        insert(
            &mut map,
            "edit_url",
            edit_url.map_or_else(Value::none, Value::from),
        );
        match page.kind() {
            Kind::Story => {
                insert(&mut map, "reps", list(&relations.reps));
                insert(&mut map, "playbooks", list(&relations.playbooks));
                insert(&mut map, "related", list(&relations.related));
            }
            Kind::Playbook => {
                let owner = relations.owner.map(|owner| self.summaries[owner].clone());
                insert(&mut map, "owner", owner.unwrap_or_else(Value::none));
                insert(&mut map, "stories", list(&relations.stories));
                insert_record(&mut map, site, &relations.stories);
            }
            Kind::Rep => {
                let manager = relations
                    .manager
                    .map(|manager| self.summaries[manager].clone());
                insert(&mut map, "manager", manager.unwrap_or_else(Value::none));
                insert(&mut map, "stories", list(&relations.stories));
                insert(&mut map, "owned", list(&relations.owned));
                insert(&mut map, "reports", list(&relations.reports));
                insert_record(&mut map, site, &relations.stories);
                insert(
                    &mut map,
                    "insight",
                    super::insight::rep_quarters(site, index),
                );
            }
            Kind::Page => {}
        }
        Value::from(map)
    }

    /// An index page's `section`: its intro, pages and groups.
    pub fn section(&self, site: &Site, kind: Kind) -> Value {
        let (title, pages, groups) = match kind {
            Kind::Playbook => (
                "Playbooks",
                &site.playbooks,
                self.site_field("playbooks_by_stage"),
            ),
            Kind::Story => ("Stories", &site.stories, Value::from(Vec::<Value>::new())),
            Kind::Rep => ("Team", &site.reps, self.site_field("reps_by_team")),
            Kind::Page => ("Pages", &site.plain_pages, Value::from(Vec::<Value>::new())),
        };
        let mut map = Map::new();
        let intro = site
            .kind_intros
            .get(&kind)
            .map(|&index| self.full_page(site, index));
        let title = intro
            .as_ref()
            .and_then(|_| site.kind_intros.get(&kind))
            .map(|&index| site.pages[index].title.clone())
            .unwrap_or_else(|| title.to_string());
        insert(&mut map, "kind", kind.name());
        insert(&mut map, "title", title);
        insert(
            &mut map,
            "url",
            href(site, &format!("{}/index.html", kind.folder())),
        );
        insert(&mut map, "intro", intro.unwrap_or_else(Value::none));
        insert(
            &mut map,
            "pages",
            Value::from(
                pages
                    .iter()
                    .map(|&index| self.summaries[index].clone())
                    .collect::<Vec<_>>(),
            ),
        );
        insert(&mut map, "groups", groups);
        Value::from(map)
    }

    pub fn taxonomy(&self, site: &Site, taxonomy: &Taxonomy) -> Value {
        // The site value holds it already. Building it again for every term
        // page made rendering quadratic in the number of terms: one story
        // with 2,000 tags took minutes.
        let position = site
            .taxonomies
            .iter()
            .position(|other| other.name == taxonomy.name);
        let built = self.site_field("taxonomies");
        match position.and_then(|position| built.as_array()?.get(position).cloned()) {
            Some(value) => value,
            None => taxonomy_value(site, taxonomy, false, &self.summaries),
        }
    }

    pub fn term(&self, site: &Site, taxonomy: &Taxonomy, term: &Term) -> Value {
        term_value(site, taxonomy, term, true, &self.summaries)
    }

    fn site_field(&self, key: &'static str) -> Value {
        self.site
            .as_map()
            .and_then(|map| map.get(&tera::value::Key::from(key)).cloned())
            .unwrap_or_else(Value::none)
    }
}

/// What templates see of one page wherever it is listed (None when unpublished).
pub fn summary(site: &Site, index: usize, links: &SharedLinks) -> Value {
    if !site.published[index] {
        return Value::none();
    }
    let Some(mut map) = Value::from_serializable(&Summary::new(site, index)).into_map() else {
        return Value::none();
    };
    let page = &site.pages[index];
    let relations = &site.relations[index];
    let front_matter = &page.front_matter;
    let optional = |value: Option<Value>| value.unwrap_or_else(Value::none);
    insert(
        &mut map,
        "tags",
        links.terms(site, "tags", &front_matter.tags),
    );
    insert(
        &mut map,
        "skills",
        links.terms(site, "skills", &front_matter.skills),
    );
    match page.kind() {
        _ if page.file.role != Role::Page => {}
        Kind::Playbook => {
            let stage = front_matter
                .stage
                .as_ref()
                .map(|stage| links.term(site, "stages", stage));
            insert(&mut map, "stage", optional(stage));
            insert(
                &mut map,
                "owner",
                optional(relations.owner.map(|owner| links.page(owner))),
            );
        }
        Kind::Story => {
            insert(&mut map, "reps", links.pages_list(&relations.reps));
            insert(&mut map, "teams", story_teams(site, &relations.reps, links));
            let outcome = front_matter
                .outcome
                .map(|outcome| links.term(site, "outcomes", outcome.name()));
            insert(&mut map, "outcome", optional(outcome));
            insert(
                &mut map,
                "playbooks",
                links.pages_list(&relations.playbooks),
            );
        }
        Kind::Rep => {
            let team = front_matter
                .team
                .as_ref()
                .map(|team| links.term(site, "teams", team));
            insert(&mut map, "team", optional(team));
            let manager = relations.manager.map(|manager| links.page(manager));
            insert(&mut map, "manager", optional(manager));
            insert(
                &mut map,
                "strengths",
                links.terms(site, "skills", &front_matter.strengths),
            );
            insert(
                &mut map,
                "focus",
                links.terms(site, "skills", &front_matter.focus),
            );
        }
        Kind::Page => {}
    }
    Value::from(map)
}

/// The href of an output file from the site root, as links write it.
pub fn href(site: &Site, output_path: &str) -> String {
    encode(&href_for(output_path, site.config.pretty_links)).into_owned()
}

fn insert(map: &mut Map, key: &'static str, value: impl Into<Value>) {
    map.insert(key.into(), value.into());
}

fn insert_record(map: &mut Map, site: &Site, stories: &[usize]) {
    let record = Record::of(site, stories);
    insert(map, "won", record.won);
    insert(map, "lost", record.lost);
    insert(map, "open", record.open);
}

/// What templates see of a page wherever it is listed.
#[derive(Serialize)]
struct Summary<'a> {
    kind: &'static str,
    id: &'a str,
    title: &'a str,
    url: String,
    permalink: String,
    /// The source file, from the site root (`content/stories/x.md`).
    path: &'a str,
    summary: Option<&'a str>,
    draft: bool,
    weight: Option<i64>,
    date: Option<Date>,
    extra: &'a serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    private: Option<&'a serde_json::Value>,
    #[serde(flatten)]
    fields: KindFields<'a>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum KindFields<'a> {
    Playbook {
        updated: Option<Date>,
        review_every: Option<i64>,
        review_due: Option<Date>,
        overdue: bool,
    },
    Story {
        customer: Option<&'a str>,
        industry: Option<&'a str>,
        value: Option<&'a str>,
        competitor: Option<&'a str>,
        actions: &'a [String],
        results: &'a [String],
    },
    Rep {
        name: &'a str,
        role: Option<&'a str>,
        region: Option<&'a str>,
        email: Option<&'a str>,
        photo: Option<String>,
        joined: Option<Date>,
    },
    Page {},
}

/// A reference to another page inside a summary.
#[derive(Serialize)]
struct PageLink<'a> {
    kind: &'static str,
    id: &'a str,
    title: &'a str,
    url: String,
}

/// A taxonomy term as a page shows it (`skills: [{name, slug, url}]`).
#[derive(Serialize)]
struct TermLink {
    name: String,
    slug: String,
    url: String,
}

impl<'a> Summary<'a> {
    /// The page's own fields; links to pages and terms are added by `summary`.
    fn new(site: &'a Site, index: usize) -> Summary<'a> {
        let page = &site.pages[index];
        let front_matter = &page.front_matter;
        let fields = match page.kind() {
            _ if page.file.role != Role::Page => KindFields::Page {},
            Kind::Playbook => KindFields::Playbook {
                updated: front_matter.updated,
                review_every: front_matter.review_every,
                review_due: site.review_due(page),
                overdue: site.is_overdue(page),
            },
            Kind::Story => KindFields::Story {
                customer: front_matter.customer.as_deref(),
                industry: front_matter.industry.as_deref(),
                value: front_matter.value.as_deref(),
                competitor: front_matter.competitor.as_deref(),
                actions: &front_matter.actions,
                results: &front_matter.results,
            },
            Kind::Rep => KindFields::Rep {
                name: &page.title,
                role: front_matter.role.as_deref(),
                region: front_matter.region.as_deref(),
                email: front_matter.email.as_deref(),
                photo: front_matter
                    .photo
                    .as_deref()
                    .map(|photo| photo_href(page, photo)),
                joined: front_matter.joined,
            },
            Kind::Page => KindFields::Page {},
        };
        static EMPTY: serde_json::Value = serde_json::Value::Null;
        let url = href(site, &page.file.output_path);
        Summary {
            kind: page.kind().name(),
            id: page.id(),
            title: &page.title,
            permalink: format!("{}{}", site.config.base_url, url),
            url,
            path: &page.file.display,
            summary: page.summary.as_deref(),
            draft: page.is_draft(),
            weight: front_matter.weight,
            date: page.date(),
            extra: front_matter.extra.as_ref().unwrap_or(&EMPTY),
            private: front_matter.private.as_ref().filter(|_| site.private),
            fields,
        }
    }
}

/// The teams of a story's reps, once each, in the order the reps are named.
fn story_teams(site: &Site, reps: &[usize], links: &SharedLinks) -> Value {
    let mut seen = Vec::new();
    let mut teams = Vec::new();
    for &rep in reps {
        if let Some(team) = &site.pages[rep].front_matter.team {
            let slug = slugify(team);
            if !seen.contains(&slug) {
                seen.push(slug);
                teams.push(links.term(site, "teams", team));
            }
        }
    }
    Value::from(teams)
}

impl<'a> PageLink<'a> {
    fn new(site: &'a Site, index: usize) -> PageLink<'a> {
        let page = &site.pages[index];
        PageLink {
            kind: page.kind().name(),
            id: page.id(),
            title: &page.title,
            url: href(site, &page.file.output_path),
        }
    }
}

impl TermLink {
    fn new(site: &Site, taxonomy: &str, name: &str) -> TermLink {
        let slug = slugify(name);
        TermLink {
            url: href(site, &format!("{taxonomy}/{slug}/index.html")),
            name: name.trim().to_string(),
            slug,
        }
    }
}

/// A page's HTML with link fragments corrected to its targets' anchors.
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

/// A rep's photo: a path beside the profile (or from content/) as an href
/// from the site root; URLs pass through.
fn photo_href(page: &Page, photo: &str) -> String {
    if photo.contains("://") || photo.starts_with("data:") {
        return photo.to_string();
    }
    let folder = page
        .file
        .relative
        .rsplit_once('/')
        .map_or("", |(folder, _)| folder);
    let joined = if let Some(rooted) = photo.strip_prefix('/') {
        rooted.to_string()
    } else if folder.is_empty() {
        photo.to_string()
    } else {
        format!("{folder}/{photo}")
    };
    // `/javascript:x` rooted at the site must not come out as a URL with a
    // scheme, for a theme that prints the photo without `{{ root }}`.
    if joined
        .split('/')
        .next()
        .is_some_and(|first| first.contains(':'))
    {
        return format!("./{}", encode(&joined));
    }
    encode(&joined).into_owned()
}

#[derive(Serialize)]
struct TocEntry<'a> {
    level: u8,
    id: &'a str,
    title: &'a str,
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

/// Won, lost and open counts over some stories.
#[derive(Default)]
struct Record {
    won: usize,
    lost: usize,
    open: usize,
}

impl Record {
    fn of(site: &Site, stories: &[usize]) -> Record {
        use crate::content::Outcome;
        let mut record = Record::default();
        for &story in stories {
            match site.pages[story].front_matter.outcome {
                Some(Outcome::Won) => record.won += 1,
                Some(Outcome::Lost) => record.lost += 1,
                Some(Outcome::Open) | None => record.open += 1,
            }
        }
        record
    }
}

/// Headline figures for the home page.
#[derive(Serialize)]
struct Stats {
    playbooks: usize,
    stories: usize,
    reps: usize,
    won: usize,
    lost: usize,
    open: usize,
    /// Won of decided stories, in percent; None before the first decision.
    win_rate: Option<usize>,
    overdue: usize,
}

impl Stats {
    fn new(site: &Site) -> Stats {
        let record = Record::of(site, &site.stories);
        let decided = record.won + record.lost;
        Stats {
            playbooks: site.playbooks.len(),
            stories: site.stories.len(),
            reps: site.reps.len(),
            won: record.won,
            lost: record.lost,
            open: record.open,
            win_rate: (decided > 0).then(|| (record.won * 100 + decided / 2) / decided),
            overdue: site.overdue_playbooks().len(),
        }
    }
}

/// Pages grouped by a term (playbooks by stage, reps by team), with the
/// pages that have none last.
fn groups(
    site: &Site,
    pages: &[usize],
    taxonomy: &str,
    summaries: &[Value],
    key: impl Fn(&Page) -> Option<String>,
) -> Value {
    let mut grouped: Vec<(String, Vec<usize>)> = Vec::new();
    // Group position by slug: a search through the groups for every page
    // made a team per rep quadratic (4,000 reps: two seconds).
    let mut positions: std::collections::HashMap<String, usize> = Default::default();
    let mut without = Vec::new();
    for &index in pages {
        match key(&site.pages[index]) {
            Some(name) => match positions.entry(slugify(&name)) {
                std::collections::hash_map::Entry::Occupied(entry) => {
                    grouped[*entry.get()].1.push(index);
                }
                std::collections::hash_map::Entry::Vacant(entry) => {
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
    let mut values: Vec<Value> = grouped
        .into_iter()
        .map(|(name, mut members)| {
            // A team lists its managers first.
            if taxonomy == "teams" {
                members.sort_by_key(|&member| site.relations[member].reports.is_empty());
            }
            let mut map = Map::new();
            let slug = slugify(&name);
            insert(
                &mut map,
                "url",
                href(site, &format!("{taxonomy}/{slug}/index.html")),
            );
            insert(&mut map, "slug", slug);
            insert(&mut map, "name", name.trim().to_string());
            insert(&mut map, "pages", pick(summaries, &members));
            Value::from(map)
        })
        .collect();
    if !without.is_empty() {
        let mut map = Map::new();
        insert(
            &mut map,
            "name",
            if taxonomy == "teams" {
                "No team"
            } else {
                "Other"
            },
        );
        insert(&mut map, "slug", "");
        insert(&mut map, "url", Value::none());
        insert(&mut map, "pages", pick(summaries, &without));
        values.push(Value::from(map));
    }
    Value::from(values)
}

fn pick(summaries: &[Value], indexes: &[usize]) -> Value {
    Value::from(
        indexes
            .iter()
            .map(|&index| summaries[index].clone())
            .collect::<Vec<_>>(),
    )
}

fn taxonomy_value(
    site: &Site,
    taxonomy: &Taxonomy,
    with_pages: bool,
    summaries: &[Value],
) -> Value {
    let mut map = Map::new();
    insert(&mut map, "name", taxonomy.name);
    insert(&mut map, "title", taxonomy.title);
    insert(
        &mut map,
        "url",
        href(site, &format!("{}/index.html", taxonomy.name)),
    );
    insert(
        &mut map,
        "terms",
        Value::from(
            taxonomy
                .terms
                .iter()
                .map(|term| term_value(site, taxonomy, term, with_pages, summaries))
                .collect::<Vec<_>>(),
        ),
    );
    Value::from(map)
}

fn term_value(
    site: &Site,
    taxonomy: &Taxonomy,
    term: &Term,
    with_pages: bool,
    summaries: &[Value],
) -> Value {
    let mut map = Map::new();
    insert(&mut map, "name", term.name.as_str());
    insert(&mut map, "slug", term.slug.as_str());
    insert(&mut map, "taxonomy", taxonomy.name);
    insert(
        &mut map,
        "url",
        href(site, &format!("{}/{}/index.html", taxonomy.name, term.slug)),
    );
    insert(&mut map, "count", term.count());
    insert(&mut map, "story_count", term.stories.len());
    insert(&mut map, "playbook_count", term.playbooks.len());
    insert(&mut map, "rep_count", term.reps.len());
    if with_pages {
        insert(&mut map, "stories", pick(summaries, &term.stories));
        insert(&mut map, "playbooks", pick(summaries, &term.playbooks));
        insert(&mut map, "reps", pick(summaries, &term.reps));
        insert(&mut map, "developing", pick(summaries, &term.developing));
        let record = Record::of(site, &term.stories);
        insert(&mut map, "won", record.won);
        insert(&mut map, "lost", record.lost);
    }
    Value::from(map)
}
