//! Every URL the site outputs, built in one place: pages, indexes, feeds,
//! charts and search entries all take their paths and hrefs from here.
//!
//! An output path is `/`-separated from the site root
//! (`skills/discovery/index.html`); an href is the same path as links write
//! it (the folder with `pretty_links`, percent-encoded). The path patterns
//! themselves are the kinds' and taxonomies' own (`Kind::page_path`,
//! `Taxonomy::term_path` in `kinds.rs`), so `content` can place a file
//! without knowing links.

use crate::kinds::{Kind, Taxonomy};

use super::{encode, href_for};

pub(crate) const HOME: &str = "index.html";
pub(crate) const NOT_FOUND: &str = "404.html";
pub(crate) const SEARCH: &str = "search/index.html";
pub(crate) const INSIGHT: &str = "insight/index.html";
/// In private builds only.
pub(crate) const COACHING: &str = "coaching/index.html";
pub(crate) const FEED: &str = "atom.xml";
pub(crate) const SITEMAP: &str = "sitemap.xml";

/// `playbooks/index.html`: a kind's index page.
pub(crate) fn kind_index(kind: Kind) -> String {
    kind.index_path()
}

/// `skills/index.html`: a taxonomy's index page.
pub(crate) fn taxonomy_index(taxonomy: Taxonomy) -> String {
    taxonomy.index_path()
}

/// `skills/discovery/index.html`: one term's page.
pub(crate) fn term_page(taxonomy: Taxonomy, slug: &str) -> String {
    taxonomy.term_path(slug)
}

/// The href of an output file from the site root, as links write it.
pub(crate) fn href(output_path: &str, pretty_links: bool) -> String {
    encode(&href_for(output_path, pretty_links)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_pages_sit_in_their_taxonomy_folder() {
        assert_eq!(
            term_page(Taxonomy::Skills, "discovery"),
            "skills/discovery/index.html"
        );
        assert_eq!(taxonomy_index(Taxonomy::Teams), "teams/index.html");
        assert_eq!(kind_index(Kind::Story), "stories/index.html");
        assert_eq!(href("skills/a b/index.html", true), "skills/a%20b/");
    }
}
