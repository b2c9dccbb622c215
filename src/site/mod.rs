//! The site model: every parsed page, which of them are published, and what
//! connects them (relations, taxonomies, backlinks). Built once per build;
//! the render stage only reads it.
//!
//! This is where cross-page problems are found: two files with one URL, a
//! story naming a rep who does not exist, a link to a heading that is not
//! there.

pub mod coaching;
mod checks;
mod relations;
pub mod taxonomy;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::config::Config;
use crate::content::{Asset, Kind, Role};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::page::Page;

pub(crate) use checks::check_page_links;
pub use relations::Relations;

/// Resized photos by the original's path under `content/` ([`Site::photos`]).
pub type Photos = BTreeMap<String, Arc<crate::content::photos::Thumbnail>>;
pub use taxonomy::{TaxonomyTerms, Term};
pub(crate) use taxonomy::{named_terms, slugify};

/// Review interval for a playbook with `updated` but no `review_every`
/// (sales-enablement tools default to 90 days).
pub(crate) const DEFAULT_REVIEW_DAYS: i64 = 90;

pub struct Site {
    pub config: Config,
    /// `--drafts`: drafts are published (and marked as drafts).
    pub drafts: bool,
    /// `--private`: `private:` data is published (and marked as private).
    pub private: bool,
    /// Decides which playbooks are past their review date.
    pub today: Date,
    pub pages: Vec<Arc<Page>>,
    pub published: Vec<bool>,
    pub relations: Vec<Relations>,
    /// Published playbooks by weight, then title.
    pub playbooks: Vec<usize>,
    /// Published stories, newest first.
    pub stories: Vec<usize>,
    /// Published reps by name.
    pub reps: Vec<usize>,
    /// Published plain pages by weight, then title.
    pub plain_pages: Vec<usize>,
    /// Published meetings, newest first.
    pub meetings: Vec<usize>,
    /// Published roles by title.
    pub roles: Vec<usize>,
    /// Observations, newest first: in private builds only, else empty.
    pub observations: Vec<usize>,
    /// Development plans by title: in private builds only, else empty.
    pub plans: Vec<usize>,
    pub home_intro: Option<usize>,
    pub kind_intros: HashMap<Kind, usize>,
    pub taxonomies: Vec<TaxonomyTerms>,
    pub assets: Vec<Asset>,
    /// Published reps' photos resized to the size the theme shows, by the
    /// photo's path under `content/`; made after `assemble` (by the driver,
    /// as a load step reads them), empty until then.
    pub photos: Photos,
    /// Per page, the problems of its body links (anchors, drafts): kept per
    /// page so an edit re-checks only the pages it can affect.
    pub link_problems: Vec<Vec<Diagnostic>>,
}

/// The build's choices that shape the model.
pub struct SiteOptions {
    pub drafts: bool,
    pub private: bool,
    pub today: Date,
}

impl Site {
    /// Connects parsed pages into a site, reporting every cross-page problem
    /// (body-link problems are in `link_problems`).
    pub fn assemble(
        config: Config,
        options: SiteOptions,
        pages: Vec<Arc<Page>>,
        assets: Vec<Asset>,
    ) -> (Site, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        // A private kind is never published without --private: from here
        // on it is as absent as an unpublished draft.
        let published: Vec<bool> = pages
            .iter()
            .map(|page| {
                (options.drafts || !page.is_draft())
                    && (options.private || !page.kind().is_private())
            })
            .collect();
        checks::check_output_collisions(&pages, &assets, &mut diagnostics);
        checks::check_aliases(&pages, &published, &assets, &mut diagnostics);
        let ids = IdIndex::new(&pages);
        let mut relations =
            relations::resolve_references(&pages, &published, &ids, config.links, &mut diagnostics);
        let link_problems = checks::check_links(&pages, &published, config.links);

        let published_of = |kind: Kind| -> Vec<usize> {
            (0..pages.len())
                .filter(|&index| {
                    published[index]
                        && pages[index].kind() == kind
                        && pages[index].file.role == Role::Page
                })
                .collect()
        };
        let mut playbooks = published_of(Kind::Playbook);
        playbooks.sort_by(|&a, &b| by_weight_then_title(&pages[a], &pages[b]));
        let mut stories = published_of(Kind::Story);
        stories.sort_by(|&a, &b| newest_first(&pages[a], &pages[b]));
        let mut reps = published_of(Kind::Rep);
        reps.sort_by(|&a, &b| by_title(&pages[a], &pages[b]));
        let mut plain_pages = published_of(Kind::Page);
        plain_pages.sort_by(|&a, &b| by_weight_then_title(&pages[a], &pages[b]));
        let mut meetings = published_of(Kind::Meeting);
        meetings.sort_by(|&a, &b| newest_first(&pages[a], &pages[b]));
        let mut roles = published_of(Kind::Role);
        roles.sort_by(|&a, &b| by_title(&pages[a], &pages[b]));
        let mut observations = published_of(Kind::Observation);
        observations.sort_by(|&a, &b| newest_first(&pages[a], &pages[b]));
        let mut plans = published_of(Kind::Plan);
        plans.sort_by(|&a, &b| by_title(&pages[a], &pages[b]));

        relations::connect(&pages, &published, &stories, &mut relations);
        // Observations are empty unless the build is private.
        let listed: Vec<usize> = [
            &playbooks,
            &stories,
            &reps,
            &meetings,
            &roles,
            &observations,
        ]
        .into_iter()
        .flatten()
        .copied()
        .collect();
        let term_intros: Vec<usize> = (0..pages.len())
            .filter(|&index| {
                published[index] && matches!(pages[index].file.role, Role::TermIntro(_))
            })
            .collect();
        let taxonomies = taxonomy::collect(&pages, &listed, &term_intros, &relations);
        relations::benches(&pages, &roles, &taxonomies, &mut relations);

        let mut home_intro = None;
        let mut kind_intros = HashMap::new();
        for (index, page) in pages.iter().enumerate() {
            match page.file.role {
                Role::HomeIntro if published[index] => home_intro = Some(index),
                Role::KindIntro(kind) if published[index] => {
                    kind_intros.insert(kind, index);
                }
                _ => {}
            }
        }

        let site = Site {
            config,
            drafts: options.drafts,
            private: options.private,
            today: options.today,
            pages,
            published,
            relations,
            playbooks,
            stories,
            reps,
            plain_pages,
            meetings,
            roles,
            observations,
            plans,
            home_intro,
            kind_intros,
            taxonomies,
            assets,
            photos: Photos::new(),
            link_problems,
        };
        (site, diagnostics)
    }

    /// The published pages of a kind, in the order its index lists them.
    pub fn listed(&self, kind: Kind) -> &[usize] {
        match kind {
            Kind::Playbook => &self.playbooks,
            Kind::Story => &self.stories,
            Kind::Rep => &self.reps,
            Kind::Observation => &self.observations,
            Kind::Plan => &self.plans,
            Kind::Meeting => &self.meetings,
            Kind::Role => &self.roles,
            Kind::Page => &self.plain_pages,
        }
    }

    /// Whether a kind's pages and index are in this build: a private kind
    /// only in a private one.
    pub fn shows(&self, kind: Kind) -> bool {
        self.private || !kind.is_private()
    }

    /// When a playbook is due for review: `updated` plus `review_every` days.
    pub(crate) fn review_due(&self, page: &Page) -> Option<Date> {
        if page.kind() != Kind::Playbook {
            return None;
        }
        let updated = page.front_matter.updated?;
        let days = page
            .front_matter
            .review_every
            .unwrap_or(DEFAULT_REVIEW_DAYS);
        Some(updated.add_days(days))
    }

    pub(crate) fn is_overdue(&self, page: &Page) -> bool {
        self.review_due(page).is_some_and(|due| due < self.today)
    }

    /// Published playbooks past their review date, most overdue first.
    pub(crate) fn overdue_playbooks(&self) -> Vec<usize> {
        let mut overdue: Vec<usize> = self
            .playbooks
            .iter()
            .copied()
            .filter(|&index| self.is_overdue(&self.pages[index]))
            .collect();
        overdue.sort_by_key(|&index| self.review_due(&self.pages[index]));
        overdue
    }
}

/// Ids of the three kinds that front matter refers to.
pub(crate) struct IdIndex<'a> {
    by_kind: HashMap<Kind, HashMap<&'a str, usize>>,
}

impl<'a> IdIndex<'a> {
    fn new(pages: &'a [Arc<Page>]) -> IdIndex<'a> {
        let mut by_kind: HashMap<Kind, HashMap<&str, usize>> = HashMap::new();
        for (index, page) in pages.iter().enumerate() {
            if page.file.role == Role::Page && page.kind() != Kind::Page {
                by_kind
                    .entry(page.kind())
                    .or_default()
                    .entry(page.id())
                    .or_insert(index);
            }
        }
        IdIndex { by_kind }
    }

    pub(crate) fn get(&self, kind: Kind, id: &str) -> Option<usize> {
        self.by_kind.get(&kind)?.get(id).copied()
    }

    /// All ids of a kind, sorted, for "did you mean".
    pub(crate) fn ids(&self, kind: Kind) -> Vec<&'a str> {
        let mut ids: Vec<&str> = self
            .by_kind
            .get(&kind)
            .map(|ids| ids.keys().copied().collect())
            .unwrap_or_default();
        ids.sort_unstable();
        ids
    }
}

fn by_title(a: &Page, b: &Page) -> std::cmp::Ordering {
    a.sort_title
        .cmp(&b.sort_title)
        .then_with(|| a.file.relative.cmp(&b.file.relative))
}

fn by_weight_then_title(a: &Page, b: &Page) -> std::cmp::Ordering {
    let weight = |page: &Page| page.front_matter.weight.unwrap_or(i64::MAX);
    weight(a).cmp(&weight(b)).then_with(|| by_title(a, b))
}

fn newest_first(a: &Page, b: &Page) -> std::cmp::Ordering {
    b.date().cmp(&a.date()).then_with(|| by_title(a, b))
}
