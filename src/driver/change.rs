//! What a changed path is to the site: the first, pure step of an
//! incremental rebuild (the session then looks at what it holds and at the
//! disk to decide how far the change reaches). The watcher asks the same
//! question to drop events that cannot matter, so the two never disagree.
//!
//! Editors do not simply write a file: they write swap files beside it,
//! save through a temporary file renamed over the original, keep `~`
//! backups; the operating system adds its litter. Those names are the ones
//! `content::is_ignored_name` skips when the site is read, so ignoring them
//! here keeps an incremental build equal to a full one.

use std::path::{Component, Path};

use crate::config::CONFIG_FILE;
use crate::content::is_ignored_name;

/// The kind of change a path is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ChangeKind {
    /// Nothing the site is made of: editor or OS litter, the output, or a
    /// file outside the config and the source folders.
    Ignored,
    /// `huddle.yaml`, a template, a theme, or the `content/` folder itself:
    /// any output can differ.
    Everything,
    /// A file or folder under `static/`: the site's static files are read again.
    Static,
    /// A file or folder under `content/`, by its slash path there
    /// (`stories/big-win.md`). Whether it is a page, an asset, or new is
    /// for the session to say.
    Content(String),
}

/// Classifies `path` (absolute, as the watcher reports it) for the site at `root`.
pub(crate) fn classify(root: &Path, path: &Path) -> ChangeKind {
    let Ok(relative) = path.strip_prefix(root) else {
        return ChangeKind::Ignored;
    };
    // Swap files (`.story.md.swp`), backups (`story.md~`), Emacs auto-saves
    // (`#story.md#`) and locks (`.#story.md`), the temporary file of an
    // atomic save (`story.md.tmp`), `.DS_Store`, `Thumbs.db`, and anything
    // inside a hidden folder (`.git/`): in any component, as the build skips them.
    if relative
        .components()
        .any(|component| is_ignored_name(component.as_os_str()))
    {
        return ChangeKind::Ignored;
    }
    let mut components = relative.components();
    let Some(Component::Normal(first)) = components.next() else {
        return ChangeKind::Ignored;
    };
    let rest = components.as_path();
    match first.to_str() {
        Some(CONFIG_FILE) if rest.as_os_str().is_empty() => ChangeKind::Everything,
        Some("templates" | "themes") => ChangeKind::Everything,
        Some("static") => ChangeKind::Static,
        // The folder itself appeared or went away (a checkout, a move).
        Some("content") if rest.as_os_str().is_empty() => ChangeKind::Everything,
        // A name that is not UTF-8 has no key among the pages: read it all again.
        Some("content") => slash_path(rest).map_or(ChangeKind::Everything, ChangeKind::Content),
        _ => ChangeKind::Ignored,
    }
}

/// `stories/big-win.md` for a relative path, or None when a part is not UTF-8.
pub(crate) fn slash_path(path: &Path) -> Option<String> {
    let parts = path
        .components()
        .map(|component| component.as_os_str().to_str())
        .collect::<Option<Vec<&str>>>()?;
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::ChangeKind::{self, Content, Everything, Ignored, Static};
    use super::classify;
    use std::path::{Path, PathBuf};

    fn content(path: &str) -> ChangeKind {
        Content(path.to_string())
    }

    #[test]
    fn changed_paths_are_classified_by_what_they_are_to_the_site() {
        let cases: &[(&str, ChangeKind, &str)] = &[
            ("huddle.yaml", Everything, "the config"),
            ("templates/story.html", Everything, "a template override"),
            ("templates", Everything, "the templates folder appearing"),
            ("themes/dark/templates/base.html", Everything, "a theme"),
            ("static/style.css", Static, "a static file"),
            ("static/img/logo.png", Static, "a nested static file"),
            ("static", Static, "the static folder appearing"),
            (
                "content",
                Everything,
                "the content folder appearing or going",
            ),
            (
                "content/stories/big-win.md",
                content("stories/big-win.md"),
                "a page, or the rename that ends an atomic save",
            ),
            ("content/stories", content("stories"), "a content folder"),
            ("content/reps/bo.jpg", content("reps/bo.jpg"), "an asset"),
            (
                "content/stories/4913",
                content("stories/4913"),
                "vim's write test: a real file, which the build reads too",
            ),
            (
                "content/stories/.big-win.md.swp",
                Ignored,
                "a vim swap file",
            ),
            (
                "content/stories/.big-win.md.swx",
                Ignored,
                "vim's second swap file",
            ),
            (
                "content/stories/big-win.md~",
                Ignored,
                "a backup (vim, Emacs, gedit)",
            ),
            (
                "content/stories/#big-win.md#",
                Ignored,
                "an Emacs auto-save",
            ),
            (
                "content/stories/.#big-win.md",
                Ignored,
                "an Emacs lock link",
            ),
            (
                "content/stories/big-win.md.tmp",
                Ignored,
                "the temporary file of an atomic save",
            ),
            (
                "content/stories/.big-win.md.kate-swp",
                Ignored,
                "a Kate swap file",
            ),
            (
                "content/.DS_Store",
                Ignored,
                "macOS Finder's folder settings",
            ),
            ("static/Thumbs.db", Ignored, "Windows Explorer's thumbnails"),
            ("content/desktop.ini", Ignored, "Windows folder settings"),
            ("content/.git/index", Ignored, "a repository inside content"),
            (
                "templates/.story.html.swp",
                Ignored,
                "a template's swap file",
            ),
            (".huddle.yaml.swp", Ignored, "the config's swap file"),
            ("huddle.yaml~", Ignored, "the config's backup"),
            ("huddle.yml", Ignored, "not the config's name"),
            ("public/index.html", Ignored, "the output"),
            ("README.md", Ignored, "a file beside the config"),
            (
                "templates-old/story.html",
                Ignored,
                "a folder only named alike",
            ),
            ("static.bak/style.css", Ignored, "a folder only named alike"),
        ];
        let root = Path::new("/home/ana/site");
        for (relative, expected, what) in cases {
            assert_eq!(
                classify(root, &root.join(relative)),
                *expected,
                "{relative} ({what})"
            );
        }
    }

    #[test]
    fn paths_outside_the_site_and_the_root_itself_are_ignored() {
        let root = Path::new("/home/ana/site");
        assert_eq!(
            classify(root, Path::new("/home/ana/other/huddle.yaml")),
            Ignored
        );
        assert_eq!(
            classify(root, Path::new("/home/ana/site-2/content/a.md")),
            Ignored
        );
        assert_eq!(classify(root, root), Ignored);
    }

    #[cfg(unix)]
    #[test]
    fn a_content_name_that_is_not_utf8_rebuilds_everything() {
        use std::os::unix::ffi::OsStrExt;
        let root = Path::new("/home/ana/site");
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
        let path: PathBuf = root.join("content").join(name);
        assert_eq!(classify(root, &path), Everything);
    }
}
