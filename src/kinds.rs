//! What a site is made of: the kinds of page and the taxonomies, as data.
//!
//! Adding a kind or a taxonomy starts here, with one new variant: every
//! `match` on these enums is exhaustive (no wildcard), so the compiler then
//! names each place that must say what the new one does — its front matter
//! (`content::front_matter`), its relations (`site::relations`), which
//! fields feed which taxonomy (`site::taxonomy::named_terms`) and what its
//! pages show (`render::context`).

use serde::Serialize;

/// What a page is, from the folder it sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Playbook,
    Story,
    Rep,
    Page,
}

/// The index page of a kind with its own folder (`playbooks/index.html`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindIndex {
    /// The template that renders it.
    pub template: &'static str,
    /// Its title when the folder has no `index.md` intro.
    pub title: &'static str,
}

impl Kind {
    /// The kinds that have a folder of their own under `content/`.
    pub const WITH_FOLDERS: [Kind; 3] = [Kind::Playbook, Kind::Story, Kind::Rep];

    /// `playbook`: the `kind` field templates see.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Playbook => "playbook",
            Kind::Story => "story",
            Kind::Rep => "rep",
            Kind::Page => "page",
        }
    }

    /// The folder under `content/` (and in the output) that holds this kind.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Playbook => "playbooks",
            Kind::Story => "stories",
            Kind::Rep => "reps",
            Kind::Page => "",
        }
    }

    /// The template of one page of this kind.
    pub const fn template(self) -> &'static str {
        match self {
            Kind::Playbook => "playbook.html",
            Kind::Story => "story.html",
            Kind::Rep => "rep.html",
            Kind::Page => "page.html",
        }
    }

    /// The kind's index page; plain pages have none.
    pub const fn index(self) -> Option<KindIndex> {
        let (template, title) = match self {
            Kind::Playbook => ("playbooks.html", "Playbooks"),
            Kind::Story => ("stories.html", "Stories"),
            Kind::Rep => ("reps.html", "Team"),
            Kind::Page => return None,
        };
        Some(KindIndex { template, title })
    }

    pub(crate) fn from_folder(folder: &str) -> Option<Kind> {
        Kind::WITH_FOLDERS
            .into_iter()
            .find(|kind| kind.folder() == folder)
    }
}

/// The templates of the pages that belong to no one kind.
pub mod templates {
    pub const BASE: &str = "base.html";
    pub const HOME: &str = "home.html";
    pub const TAXONOMY: &str = "taxonomy.html";
    pub const TERM: &str = "term.html";
    pub const NOT_FOUND: &str = "404.html";
    pub const SEARCH: &str = "search.html";
    pub const INSIGHT: &str = "insight.html";
}

/// A way pages are grouped, with an index page and a page per term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Taxonomy {
    Skills,
    Tags,
    Stages,
    Outcomes,
    Teams,
}

impl Taxonomy {
    /// Every taxonomy, in the order the site shows them.
    pub const ALL: [Taxonomy; 5] = [
        Taxonomy::Skills,
        Taxonomy::Tags,
        Taxonomy::Stages,
        Taxonomy::Outcomes,
        Taxonomy::Teams,
    ];

    /// `skills`: the `name` templates see, and the URL folder.
    pub fn name(self) -> &'static str {
        match self {
            Taxonomy::Skills => "skills",
            Taxonomy::Tags => "tags",
            Taxonomy::Stages => "stages",
            Taxonomy::Outcomes => "outcomes",
            Taxonomy::Teams => "teams",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Taxonomy::Skills => "Skills",
            Taxonomy::Tags => "Tags",
            Taxonomy::Stages => "Stages",
            Taxonomy::Outcomes => "Outcomes",
            Taxonomy::Teams => "Teams",
        }
    }
}

impl std::fmt::Display for Taxonomy {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.name())
    }
}

/// Whether a path names a Markdown file: `.md`, `.markdown` or `.mdx`, in
/// any letter case.
pub fn is_markdown_path(path: &str) -> bool {
    strip_markdown_extension(path).is_some()
}

/// The path without its Markdown extension, when it has one.
pub fn strip_markdown_extension(path: &str) -> Option<&str> {
    let (stem, extension) = path.rsplit_once('.')?;
    let extension_ok = ["md", "markdown", "mdx"]
        .iter()
        .any(|known| extension.eq_ignore_ascii_case(known));
    (extension_ok && !stem.is_empty() && !stem.ends_with('/')).then_some(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_with_a_folder_has_an_index_and_is_found_by_it() {
        for kind in Kind::WITH_FOLDERS {
            assert!(kind.index().is_some(), "{kind:?}");
            assert_eq!(Kind::from_folder(kind.folder()), Some(kind));
        }
        assert_eq!(Kind::Page.index(), None);
    }
}
