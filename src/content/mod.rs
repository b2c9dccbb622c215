//! Loading: finds the Markdown pages and assets under `content/`, reads them,
//! and knows from a file's place what it becomes (kind, id, output path).
//!
//! This and theme loading are the only stages that read the disk.

mod discover;
pub mod front_matter;
pub mod git;
pub mod images; // the pixel size of each image, from its header
pub mod photos; // a rep's photo resized to the size the theme shows, cached
pub(crate) mod nudge; // warnings for valid pages that teach nothing

use std::path::PathBuf;

pub use discover::{discover, is_ignored as is_ignored_name, read_text};
pub use front_matter::{FrontMatter, Outcome, parse_front_matter};
pub use images::ImageSize;

pub use crate::kinds::Kind;

/// What a Markdown file becomes besides its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// An ordinary page with its own URL.
    Page,
    /// `content/index.md`: the home page's intro.
    HomeIntro,
    /// `content/playbooks/index.md` and the like: the kind index's intro.
    KindIntro(Kind),
    /// `content/competitors/stackmere.md`: a term page's title, summary
    /// and body; the file's id is the term as written.
    TermIntro(crate::kinds::Taxonomy),
}

/// One Markdown file as read from disk, with what its place decides.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path under `content/`, `/`-separated: `stories/big-win.md`.
    pub relative: String,
    /// Path as shown to the user: `content/stories/big-win.md`.
    pub display: String,
    pub absolute: PathBuf,
    pub text: String,
    pub kind: Kind,
    pub role: Role,
    /// `big-win`, `meetings/weekly`; for plain pages the path (`about/expectations`).
    pub id: String,
    /// The output file, `/`-separated: `stories/big-win/index.html`.
    pub output_path: String,
    /// The day of the file's latest git commit (none outside a repository).
    pub last_commit: Option<crate::date::Date>,
}

impl SourceFile {
    /// The Markdown file at `relative` under `content/`, read from
    /// `absolute`, with its kind, id and output path decided by its place
    /// ([`place`]; `folder_has_index`: its folder has an `index.md`, which
    /// outranks a README). Its commit date is filled in later, if known.
    pub fn new(relative: &str, absolute: PathBuf, text: String, folder_has_index: bool) -> Self {
        let (kind, role, id, output_path) = place(relative, folder_has_index);
        SourceFile {
            relative: relative.to_string(),
            display: format!("content/{relative}"),
            absolute,
            text,
            kind,
            role,
            id,
            output_path,
            last_commit: None,
        }
    }
}

/// A non-Markdown file under `content/`, copied to the same place in the output.
#[derive(Clone, Debug)]
pub struct Asset {
    pub relative: String,
    pub absolute: PathBuf,
    /// An image's size, read from its header at load time.
    pub image: Option<ImageSize>,
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct Content {
    pub files: Vec<SourceFile>,
    pub assets: Vec<Asset>,
}

/// Decides kind, role, id and output path from a path under `content/`.
/// `folder_has_index` says whether the file's folder also holds an
/// `index.md`/`_index.md`, which outranks a `README.md`.
pub fn place(relative: &str, folder_has_index: bool) -> (Kind, Role, String, String) {
    let without_extension = crate::kinds::strip_markdown_extension(relative).unwrap_or(relative);
    let (folder, stem) = match without_extension.rsplit_once('/') {
        Some((folder, stem)) => (folder, stem),
        None => ("", without_extension),
    };
    let is_folder_page = stem == "index"
        || stem == "_index"
        || (stem.eq_ignore_ascii_case("readme") && !folder_has_index);
    // The page's path: a folder page stands for its folder.
    let path = if is_folder_page {
        folder.to_string()
    } else {
        without_extension.to_string()
    };
    let (top, rest) = match path.split_once('/') {
        Some((top, rest)) => (top, rest),
        None => (path.as_str(), ""),
    };
    if let Some(taxonomy) = crate::kinds::Taxonomy::from_folder(top)
        && !rest.is_empty()
        && !rest.contains('/')
        && !is_folder_page
    {
        let output_path = taxonomy.term_path(&crate::kinds::slugify(rest));
        return (
            Kind::Page,
            Role::TermIntro(taxonomy),
            rest.to_string(),
            output_path,
        );
    }
    match Kind::from_folder(top) {
        Some(kind) if rest.is_empty() && is_folder_page => (
            kind,
            Role::KindIntro(kind),
            String::new(),
            kind.index_path(),
        ),
        Some(kind) if !rest.is_empty() => {
            (kind, Role::Page, rest.to_string(), kind.page_path(rest))
        }
        _ if path.is_empty() => (
            Kind::Page,
            Role::HomeIntro,
            String::new(),
            "index.html".into(),
        ),
        _ => (
            Kind::Page,
            Role::Page,
            path.clone(),
            Kind::Page.page_path(&path),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(relative: &str) -> (Kind, Role, String, String) {
        place(relative, false)
    }

    #[test]
    fn places_pages_as_the_design_table_says() {
        assert_eq!(
            placed("stories/big-win.md"),
            (
                Kind::Story,
                Role::Page,
                "big-win".into(),
                "stories/big-win/index.html".into()
            )
        );
        assert_eq!(
            placed("playbooks/meetings/weekly.md").3,
            "playbooks/meetings/weekly/index.html"
        );
        assert_eq!(placed("playbooks/meetings/weekly.md").2, "meetings/weekly");
        assert_eq!(
            placed("about/expectations.md").3,
            "about/expectations/index.html"
        );
        assert_eq!(
            placed("about/index.md"),
            (
                Kind::Page,
                Role::Page,
                "about".into(),
                "about/index.html".into()
            )
        );
        assert_eq!(placed("index.md").1, Role::HomeIntro);
        assert_eq!(
            placed("playbooks/index.md").1,
            Role::KindIntro(Kind::Playbook)
        );
        assert_eq!(
            placed("playbooks/coaching/index.md").3,
            "playbooks/coaching/index.html"
        );
    }

    #[test]
    fn a_readme_is_the_folder_page_unless_an_index_exists() {
        assert_eq!(placed("guides/README.md").3, "guides/index.html");
        assert_eq!(
            place("guides/README.md", true).3,
            "guides/README/index.html"
        );
        assert_eq!(placed("_index.md").1, Role::HomeIntro);
        assert_eq!(placed("team/_index.md").3, "team/index.html");
        assert_eq!(placed("team/Plan.MD").3, "team/Plan/index.html");
        assert_eq!(placed("team/intro.mdx").3, "team/intro/index.html");
        assert_eq!(placed("team/notes.markdown").3, "team/notes/index.html");
    }
}
