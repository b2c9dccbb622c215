//! The small values that recur across summaries — a link to each page, a
//! link to each term as written — built once and shared (Tera values are
//! reference-counted): at 50,000 pages, one copy per occurrence was a fifth
//! of the build's memory.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::kinds::Taxonomy;
use crate::links::url;
use crate::site::{Site, named_terms, slugify};

#[derive(Clone, Default)]
pub struct SharedLinks {
    /// Per page index: `{kind, id, title, url}` (Null for unpublished pages).
    pages: Vec<Value>,
    /// By taxonomy and name as written: `{name, slug, url}`.
    terms: HashMap<(Taxonomy, String), Value>,
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
        let page = &site.pages[index];
        for (taxonomy, name, _) in named_terms(page.kind(), &page.front_matter) {
            self.terms
                .entry((taxonomy, name.trim().to_string()))
                .or_insert_with(|| Value::from_serializable(&TermLink::new(site, taxonomy, name)));
        }
    }

    pub(super) fn page(&self, index: usize) -> Value {
        self.pages[index].clone()
    }

    pub(super) fn term(&self, site: &Site, taxonomy: Taxonomy, name: &str) -> Value {
        match self.terms.get(&(taxonomy, name.trim().to_string())) {
            Some(value) => value.clone(),
            None => Value::from_serializable(&TermLink::new(site, taxonomy, name)),
        }
    }

    pub(super) fn terms(&self, site: &Site, taxonomy: Taxonomy, names: &[String]) -> Value {
        Value::from(
            names
                .iter()
                .map(|name| self.term(site, taxonomy, name))
                .collect::<Vec<_>>(),
        )
    }

    pub(super) fn pages_list(&self, indexes: &[usize]) -> Value {
        Value::from(
            indexes
                .iter()
                .map(|&index| self.page(index))
                .collect::<Vec<_>>(),
        )
    }

    /// The teams of a story's reps, once each, in the order the reps are named.
    pub(super) fn story_teams(&self, site: &Site, reps: &[usize]) -> Value {
        let mut seen = Vec::new();
        let mut teams = Vec::new();
        for &rep in reps {
            if let Some(team) = &site.pages[rep].front_matter.team {
                let slug = slugify(team);
                if !seen.contains(&slug) {
                    seen.push(slug);
                    teams.push(self.term(site, Taxonomy::Teams, team));
                }
            }
        }
        Value::from(teams)
    }
}

fn page_link(site: &Site, index: usize) -> Value {
    if site.published[index] {
        Value::from_serializable(&PageLink::new(site, index))
    } else {
        Value::none()
    }
}

/// A reference to another page inside a summary.
#[derive(Serialize)]
struct PageLink<'a> {
    kind: &'static str,
    id: &'a str,
    title: &'a str,
    url: String,
}

impl<'a> PageLink<'a> {
    fn new(site: &'a Site, index: usize) -> PageLink<'a> {
        let page = &site.pages[index];
        PageLink {
            kind: page.kind().name(),
            id: page.id(),
            title: &page.title,
            url: url::href(&page.file.output_path, site.config.pretty_links),
        }
    }
}

/// A term link outside the shared cache (rare lists: reasons on a term page).
pub(super) fn term_link(site: &Site, taxonomy: Taxonomy, name: &str) -> impl Serialize {
    TermLink::new(site, taxonomy, name)
}

/// A taxonomy term as a page shows it (`skills: [{name, slug, url}]`).
#[derive(Serialize)]
struct TermLink {
    name: String,
    slug: String,
    url: String,
}

impl TermLink {
    fn new(site: &Site, taxonomy: Taxonomy, name: &str) -> TermLink {
        let slug = slugify(name);
        TermLink {
            url: url::href(&url::term_page(taxonomy, &slug), site.config.pretty_links),
            name: name.trim().to_string(),
            slug,
        }
    }
}
