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
    /// A manager's notes from watching a rep at work: private.
    Observation,
    /// A rep's development plan: private.
    Plan,
    Meeting,
    /// A hiring role and the skills it needs.
    Role,
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
    pub const WITH_FOLDERS: [Kind; 7] = [
        Kind::Playbook,
        Kind::Story,
        Kind::Rep,
        Kind::Meeting,
        Kind::Role,
        Kind::Observation,
        Kind::Plan,
    ];

    /// Every kind, those with folders first.
    pub const ALL: [Kind; 8] = [
        Kind::Playbook,
        Kind::Story,
        Kind::Rep,
        Kind::Meeting,
        Kind::Role,
        Kind::Observation,
        Kind::Plan,
        Kind::Page,
    ];

    /// A private kind reaches no file of a published build: not its pages,
    /// titles, counts or dates, nor a relation that points at it
    /// (DESIGN.md, "The coaching loop").
    pub const fn is_private(self) -> bool {
        match self {
            Kind::Observation | Kind::Plan => true,
            Kind::Playbook | Kind::Story | Kind::Rep | Kind::Meeting | Kind::Role | Kind::Page => {
                false
            }
        }
    }

    /// `playbook`: the `kind` field templates see.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Playbook => "playbook",
            Kind::Story => "story",
            Kind::Rep => "rep",
            Kind::Observation => "observation",
            Kind::Plan => "plan",
            Kind::Meeting => "meeting",
            Kind::Role => "role",
            Kind::Page => "page",
        }
    }

    /// The folder under `content/` (and in the output) that holds this kind.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Playbook => "playbooks",
            Kind::Story => "stories",
            Kind::Rep => "reps",
            Kind::Observation => "observations",
            Kind::Plan => "plans",
            Kind::Meeting => "meetings",
            Kind::Role => "roles",
            Kind::Page => "",
        }
    }

    /// The template of one page of this kind.
    pub const fn template(self) -> &'static str {
        match self {
            Kind::Playbook => "playbook.html",
            Kind::Story => "story.html",
            Kind::Rep => "rep.html",
            Kind::Observation => "observation.html",
            Kind::Plan => "plan.html",
            Kind::Meeting => "meeting.html",
            Kind::Role => "role.html",
            Kind::Page => "page.html",
        }
    }

    /// `stories/big-win/index.html`: the output path of the page of this
    /// kind with `id` (a plain page's id is its path).
    pub fn page_path(self, id: &str) -> String {
        match self.folder() {
            "" => format!("{id}/index.html"),
            folder => format!("{folder}/{id}/index.html"),
        }
    }

    /// `stories/index.html`: the output path of the kind's index.
    pub fn index_path(self) -> String {
        format!("{}/index.html", self.folder())
    }

    /// The kind's index page; plain pages have none.
    pub const fn index(self) -> Option<KindIndex> {
        let (template, title) = match self {
            Kind::Playbook => ("playbooks.html", "Playbooks"),
            Kind::Story => ("stories.html", "Stories"),
            Kind::Rep => ("reps.html", "Team"),
            Kind::Observation => ("observations.html", "Observations"),
            Kind::Plan => ("plans.html", "Development plans"),
            Kind::Meeting => ("meetings.html", "Meetings"),
            Kind::Role => ("roles.html", "Roles"),
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
    /// The coaching page, in private builds only.
    pub const COACHING: &str = "coaching.html";
}

/// A way pages are grouped, with an index page and a page per term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Taxonomy {
    Skills,
    Tags,
    Stages,
    Outcomes,
    Teams,
    /// Why a deal was won or lost: every reason the customer gave.
    Reasons,
    Competitors,
}

impl Taxonomy {
    /// Every taxonomy, in the order the site shows them.
    pub const ALL: [Taxonomy; 7] = [
        Taxonomy::Skills,
        Taxonomy::Tags,
        Taxonomy::Stages,
        Taxonomy::Outcomes,
        Taxonomy::Teams,
        Taxonomy::Reasons,
        Taxonomy::Competitors,
    ];

    /// `skills`: the `name` templates see, and the URL folder.
    pub fn name(self) -> &'static str {
        match self {
            Taxonomy::Skills => "skills",
            Taxonomy::Tags => "tags",
            Taxonomy::Stages => "stages",
            Taxonomy::Outcomes => "outcomes",
            Taxonomy::Teams => "teams",
            Taxonomy::Reasons => "reasons",
            Taxonomy::Competitors => "competitors",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Taxonomy::Skills => "Skills",
            Taxonomy::Tags => "Tags",
            Taxonomy::Stages => "Stages",
            Taxonomy::Outcomes => "Outcomes",
            Taxonomy::Teams => "Teams",
            Taxonomy::Reasons => "Reasons",
            Taxonomy::Competitors => "Competitors",
        }
    }

    /// `skills/index.html`: the taxonomy's index page.
    pub fn index_path(self) -> String {
        format!("{}/index.html", self.name())
    }

    /// `skills/discovery/index.html`: the page of the term with `slug`.
    pub fn term_path(self, slug: &str) -> String {
        format!("{}/{slug}/index.html", self.name())
    }

    /// The taxonomy whose URL folder is `folder`: a Markdown file there is
    /// a term's intro (`content/competitors/stackmere.md`).
    pub fn from_folder(folder: &str) -> Option<Taxonomy> {
        Taxonomy::ALL
            .into_iter()
            .find(|taxonomy| taxonomy.name() == folder)
    }
}

impl std::fmt::Display for Taxonomy {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.name())
    }
}

/// Lower case, letters and digits kept (any script), everything else one `-`.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "term".to_string()
    } else {
        slug.to_string()
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

    #[test]
    fn private_kinds_are_the_coaching_notes() {
        let private: Vec<Kind> = Kind::WITH_FOLDERS
            .into_iter()
            .filter(|kind| kind.is_private())
            .collect();
        assert_eq!(private, [Kind::Observation, Kind::Plan]);
    }

    #[test]
    fn slugs_are_lower_case_words_joined_by_dashes() {
        assert_eq!(slugify("Objection handling"), "objection-handling");
        assert_eq!(slugify("  C-level / Exec  "), "c-level-exec");
        assert_eq!(slugify("Überblick"), "überblick");
        assert_eq!(slugify("!!!"), "term");
    }
}
