//! The template context: a typed view of the site model per page kind,
//! serialised into Tera values once.
//!
//! Tera 2 values share their contents (`Arc`), so the `site` value and every
//! page summary are built a single time and each render's context clones
//! them in O(1), however large the site. THEMES.md documents every field
//! (a test holds the two equal). `links` holds the shared page and term
//! links, `summary` a listed page, `page` a page on its own template and a
//! kind's index, `site` the `site` value with its groups and taxonomies.

mod coaching;
mod links;
mod page;
mod site;
mod summary;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use crate::content::Kind;
use crate::site::Site;

use super::insight;
use super::paginate::IndexOrder;
pub use links::SharedLinks;
use page::SectionView;
use site::{SiteView, Stats, Urls, groups, pick, taxonomy_page_value, taxonomy_value, term_value};
pub use summary::summary;

/// Context variables that list many pages, with their fields that do not
/// (`site.title` comes from huddle.yaml, `site.stories` from every story):
/// a template reading only these is not re-rendered when a page changes.
pub(crate) const FIXED_FIELDS: [(&str, &[&str]); 2] = [
    (
        "site",
        &[
            "title",
            "description",
            "base_url",
            "language",
            "pretty_links",
            "drafts",
            "private",
            "urls",
            "extra",
        ],
    ),
    ("taxonomy", &["name", "title", "url"]),
];

/// Values shared by every render.
pub struct SiteValues {
    pub site: Value,
    /// Per page index: its summary (Null for unpublished pages).
    pub summaries: Vec<Value>,
    /// The page and term links summaries are made of, shared between them.
    pub links: SharedLinks,
    /// What `site` holds and section and taxonomy pages show again, kept
    /// apart so they are never read back out of `site`.
    lists: SiteLists,
}

#[derive(Clone)]
struct SiteLists {
    playbooks_by_stage: Value,
    reps_by_team: Value,
    /// The order of each kind index, cut into its pages when rendered.
    indexes: Arc<Vec<(Kind, IndexOrder)>>,
    /// Per taxonomy in site order.
    taxonomies: Vec<Value>,
}

impl SiteLists {
    fn index(&self, kind: Kind) -> Option<&IndexOrder> {
        self.indexes
            .iter()
            .find(|(listed, _)| *listed == kind)
            .map(|(_, order)| order)
    }
}

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
    pub(crate) fn with_summaries(
        site: &Site,
        summaries: Vec<Value>,
        links: SharedLinks,
    ) -> SiteValues {
        let indexes: Vec<(Kind, IndexOrder)> = Kind::WITH_FOLDERS
            .into_iter()
            .filter(|kind| kind.index().is_some())
            .map(|kind| (kind, IndexOrder::of(site, kind)))
            .collect();
        // Every group of an index, for `site`.
        let whole = |kind: Kind| match indexes.iter().find(|(listed, _)| *listed == kind) {
            Some((_, order)) => groups(site, &order.page(0, usize::MAX), &summaries),
            None => Value::from(Vec::<Value>::new()),
        };
        let lists = SiteLists {
            playbooks_by_stage: whole(Kind::Playbook),
            reps_by_team: whole(Kind::Rep),
            indexes: Arc::new(indexes),
            taxonomies: site
                .taxonomies
                .iter()
                .map(|terms| taxonomy_value(site, terms))
                .collect(),
        };
        let config = &site.config;
        let view = SiteView {
            title: &config.title,
            description: &config.description,
            base_url: &config.base_url,
            language: &config.language,
            pretty_links: config.pretty_links,
            drafts: site.drafts,
            private: site.private,
            extra: &config.extra,
            playbooks: pick(&summaries, &site.playbooks),
            stories: pick(&summaries, &site.stories),
            reps: pick(&summaries, &site.reps),
            pages: pick(&summaries, &site.plain_pages),
            overdue: pick(&summaries, &site.overdue_playbooks()),
            playbooks_by_stage: lists.playbooks_by_stage.clone(),
            reps_by_team: lists.reps_by_team.clone(),
            taxonomies: Value::from(lists.taxonomies.clone()),
            stats: Stats::new(site),
            insight: insight::site_insight(site, &summaries),
            urls: Urls::new(site),
        };
        SiteValues {
            site: Value::from_serializable(&view),
            summaries,
            links,
            lists,
        }
    }

    /// These values with new summaries whose lists did not change (the
    /// common body edit): the `site` value and its charts are kept.
    pub(crate) fn with_same_lists(&self, summaries: Vec<Value>, links: SharedLinks) -> SiteValues {
        SiteValues {
            site: self.site.clone(),
            summaries,
            links,
            lists: self.lists.clone(),
        }
    }

    /// A page's summary plus its body and relations, for its own template.
    pub(crate) fn full_page(&self, site: &Site, index: usize) -> Value {
        page::full_page(site, index, &self.summaries)
    }

    /// Page `page` (from 0) of a kind index's `section`: its intro, that
    /// page's share of its pages and groups, and the links to the others.
    pub fn section(&self, site: &Site, kind: Kind, page: usize) -> Value {
        let computed;
        let order = match self.lists.index(kind) {
            Some(order) => order,
            None => {
                computed = IndexOrder::of(site, kind);
                &computed
            }
        };
        let size = site.config.pagination.index(kind);
        let parts = order.page(page, size);
        let members: Vec<usize> = parts
            .iter()
            .flat_map(|part| part.members.iter().copied())
            .collect();
        let groups = if order.grouped {
            groups(site, &parts, &self.summaries)
        } else {
            Value::from(Vec::<Value>::new())
        };
        Value::from_serializable(&SectionView::new(
            site,
            kind,
            &self.summaries,
            (page, order.page_count(size), order.len),
            pick(&self.summaries, &members),
            groups,
        ))
    }

    /// `taxonomy` on a taxonomy's pages: built once, with the site value.
    /// (Building it again for every term page made rendering quadratic in
    /// the number of terms: one story with 2,000 tags took minutes.)
    pub fn taxonomy(&self, site: &Site, index: usize) -> Value {
        match self.lists.taxonomies.get(index) {
            Some(value) => value.clone(),
            None => taxonomy_value(site, &site.taxonomies[index]),
        }
    }

    /// `coaching` on the coaching page (private builds only).
    pub fn coaching(&self, site: &Site) -> Value {
        coaching::coaching_value(site, &self.summaries)
    }

    /// `taxonomy` on page `page` (from 0) of its index: this page's share
    /// of its terms, and the links to the other pages.
    pub fn taxonomy_page(&self, site: &Site, index: usize, page: usize) -> Value {
        taxonomy_page_value(site, &site.taxonomies[index], page)
    }

    /// `term` on page `page` (from 0) of its own page.
    pub fn term(&self, site: &Site, taxonomy: usize, term: usize, page: usize) -> Value {
        let terms = &site.taxonomies[taxonomy];
        term_value(
            site,
            terms.taxonomy,
            &terms.terms[term],
            &self.summaries,
            page,
        )
    }
}
