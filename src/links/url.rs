//! Every URL the site outputs, built in one place: pages, indexes, feeds,
//! charts and search entries all take their paths and hrefs from here.
//!
//! An output path is `/`-separated from the site root
//! (`skills/discovery/index.html`); an href is the same path as links write
//! it (the folder with `pretty_links`, percent-encoded). The path patterns
//! themselves are the kinds' and taxonomies' own (`Kind::page_path`,
//! `Taxonomy::term_path` in `kinds.rs`), so `content` can place a file
//! without knowing links.

use crate::content::photos::Thumbnail;
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
/// The story browser's data: every published story's facets, a script
/// (not JSON) so that it loads from `file://`.
pub(crate) const STORY_FACETS: &str = "stories/facets.js";

/// `playbooks/index.html`: a kind's index page.
pub(crate) fn kind_index(kind: Kind) -> String {
    kind.index_path()
}

/// Page `number` (from 1) of a kind's index: `stories/index.html`, then
/// `stories/page/2/index.html`.
pub(crate) fn kind_index_page(kind: Kind, number: usize) -> String {
    numbered(kind.folder(), number)
}

/// `skills/index.html`: a taxonomy's index page.
pub(crate) fn taxonomy_index(taxonomy: Taxonomy) -> String {
    taxonomy.index_path()
}

/// Page `number` (from 1) of a taxonomy's index: `skills/index.html`, then
/// `skills/page/2/index.html` (no term's page: those are one folder deeper,
/// `skills/page/index.html` for a term `page`).
pub(crate) fn taxonomy_index_page(taxonomy: Taxonomy, number: usize) -> String {
    numbered(taxonomy.name(), number)
}

/// `skills/discovery/index.html`: one term's page.
pub(crate) fn term_page(taxonomy: Taxonomy, slug: &str) -> String {
    taxonomy.term_path(slug)
}

/// Page `number` (from 1) of a term's page: `skills/discovery/index.html`,
/// then `skills/discovery/page/2/index.html`.
pub(crate) fn term_page_number(taxonomy: Taxonomy, slug: &str, number: usize) -> String {
    numbered(&format!("{}/{slug}", taxonomy.name()), number)
}

/// The first page of a list is its folder's own page; the next ones sit
/// under `page/N/`, as Hugo and Zola number them.
fn numbered(folder: &str, number: usize) -> String {
    if number <= 1 {
        format!("{folder}/index.html")
    } else {
        format!("{folder}/page/{number}/index.html")
    }
}

/// A resized photo, beside its original: `reps/ana.jpg` →
/// `reps/ana.192px.jpg` (in the format it was made in).
pub(crate) fn resized_photo(source: &str, thumbnail: &Thumbnail) -> String {
    let name_start = source.rfind('/').map_or(0, |slash| slash + 1);
    let stem = match source[name_start..].rfind('.') {
        Some(dot) if dot > 0 => &source[..name_start + dot],
        _ => source,
    };
    format!("{stem}.{}px.{}", thumbnail.width, thumbnail.extension)
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

    #[test]
    fn a_resized_photo_sits_beside_its_original() {
        let thumbnail = Thumbnail {
            bytes: Vec::new().into(),
            width: 192,
            height: 192,
            extension: "jpg",
        };
        assert_eq!(
            resized_photo("reps/ana.JPEG", &thumbnail),
            "reps/ana.192px.jpg"
        );
        assert_eq!(resized_photo("ana", &thumbnail), "ana.192px.jpg");
        assert_eq!(
            resized_photo("reps.d/.ana", &thumbnail),
            "reps.d/.ana.192px.jpg"
        );
    }

    #[test]
    fn later_pages_of_a_list_sit_under_page_n() {
        assert_eq!(kind_index_page(Kind::Story, 1), kind_index(Kind::Story));
        assert_eq!(kind_index_page(Kind::Story, 2), "stories/page/2/index.html");
        assert_eq!(
            term_page_number(Taxonomy::Skills, "discovery", 1),
            term_page(Taxonomy::Skills, "discovery")
        );
        assert_eq!(
            taxonomy_index_page(Taxonomy::Tags, 3),
            "tags/page/3/index.html"
        );
        assert_eq!(
            term_page_number(Taxonomy::Skills, "discovery", 12),
            "skills/discovery/page/12/index.html"
        );
    }
}
