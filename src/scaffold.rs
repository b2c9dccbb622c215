//! `huddle init` (a working site to start from) and `huddle new` (a page of
//! a kind with its front matter filled in). Both refuse to overwrite a file.

use std::path::{Path, PathBuf};

use crate::content::Kind;
use crate::date::Date;
use crate::site::slugify;

/// What `init` and `new` can fail on; messages name the path.
#[derive(Debug)]
pub struct ScaffoldError(pub String);

impl std::fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ScaffoldError {}

/// Files of a new site: config, one page of each kind, linked together.
const STARTER: &[(&str, &str)] = &[
    ("huddle.yaml", include_str!("scaffold/huddle.yaml")),
    ("content/index.md", include_str!("scaffold/index.md")),
    // The home intro links to these; without them its links lead nowhere.
    (
        "content/playbooks/index.md",
        include_str!("scaffold/playbooks-index.md"),
    ),
    (
        "content/stories/index.md",
        include_str!("scaffold/stories-index.md"),
    ),
    (
        "content/reps/index.md",
        include_str!("scaffold/reps-index.md"),
    ),
    (
        "content/playbooks/discovery-call.md",
        include_str!("scaffold/discovery-call.md"),
    ),
    (
        "content/stories/first-win.md",
        include_str!("scaffold/first-win.md"),
    ),
    (
        "content/reps/alex-morgan.md",
        include_str!("scaffold/alex-morgan.md"),
    ),
    (
        "content/reps/sam-lee.md",
        include_str!("scaffold/sam-lee.md"),
    ),
    ("content/about.md", include_str!("scaffold/about.md")),
    ("static/.gitkeep", ""),
    ("templates/.gitkeep", ""),
    (".gitignore", "/public\n/.public.huddle-*\n"),
];

/// Creates a starter site in `dir`, which must not exist or be empty.
/// Returns the files written.
/// `today` dates the starter pages.
pub fn init(dir: &Path, today: Date) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir)
            .map_err(|error| ScaffoldError(format!("cannot read {}: {error}", dir.display())))?;
        if entries.next().is_some() {
            return Err(ScaffoldError(format!(
                "{} is not empty; huddle init writes only into a new or empty folder",
                dir.display()
            )));
        }
    }
    let today = today.to_string();
    let mut written = Vec::new();
    for (relative, text) in STARTER {
        let path = dir.join(relative);
        let text = text.replace("{{today}}", &today);
        write_new(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}

/// Creates `content/<kind folder>/<slug>.md` with the kind's front matter,
/// dated `today`.
pub fn new_page(
    root: &Path,
    kind: Kind,
    title: &str,
    today: Date,
) -> Result<PathBuf, ScaffoldError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(ScaffoldError("the title is empty".into()));
    }
    if !title.chars().any(char::is_alphanumeric) {
        return Err(ScaffoldError(format!(
            "the title `{title}` has no letter or digit to name the file after; \
             give it a word, like `huddle new {} \"Big win {title}\"`",
            kind.name()
        )));
    }
    let slug = file_stem(&slugify(title));
    let path = root
        .join("content")
        .join(kind.folder())
        .join(format!("{slug}.md"));
    let quoted = yaml_string(title);
    let text = match kind {
        Kind::Story => format!(
            "---\ntitle: {quoted}\nrep: \ndate: {today}\noutcome: open\ncustomer: \nindustry: \nvalue: \ncompetitor: \nplaybooks: []\nskills: []\ntags: []\nsummary: \nactions: []\nresults: []\n---\n\n## Situation\n\n## What we did\n\n## Result\n\n## Lesson\n"
        ),
        Kind::Playbook => format!(
            "---\ntitle: {quoted}\nsummary: \nowner: \nstage: \ntags: []\nskills: []\nupdated: {today}\nreview_every: 90\n---\n\n## When to run it\n\n## Steps\n\n## What to say\n\n## Objections\n\n## Red flags\n"
        ),
        Kind::Rep => format!(
            "---\nname: {quoted}\nrole: \nteam: \nregion: \nmanager: \nemail: \njoined: {today}\nstrengths: []\nfocus: []\nprivate: {{}}\n---\n\n## About\n\n## Ask me about\n"
        ),
        Kind::Page => format!("---\ntitle: {quoted}\n---\n\n"),
    };
    write_new(&path, &text)?;
    Ok(path)
}

/// Past this many bytes a slug is cut at a word: file systems refuse names
/// longer than 255 bytes, and a long title makes an unwieldy URL anyway.
const MAX_STEM: usize = 80;

fn file_stem(slug: &str) -> String {
    if slug.len() <= MAX_STEM {
        return slug.to_string();
    }
    let mut end = MAX_STEM;
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &slug[..end];
    match cut.rfind('-') {
        Some(dash) if dash > 0 => cut[..dash].to_string(),
        _ => cut.to_string(),
    }
}

/// Writes a file that must not exist yet (create_new: no race with an editor).
fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|error| {
            ScaffoldError(format!("cannot create {}: {error}", parent.display()))
        })?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::AlreadyExists => ScaffoldError(format!(
                "{} already exists; huddle never overwrites a file",
                path.display()
            )),
            _ => ScaffoldError(format!("cannot create {}: {error}", path.display())),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|error| ScaffoldError(format!("cannot write {}: {error}", path.display())))
}

/// A YAML scalar for a title: quoted when YAML would read it otherwise.
fn yaml_string(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_alphanumeric() || " -_.,()&/'".contains(c))
        && !text.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '\'');
    if plain {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_titles_yaml_would_misread() {
        assert_eq!(yaml_string("Acme renewal"), "Acme renewal");
        assert_eq!(
            yaml_string("Discovery: the first call"),
            "\"Discovery: the first call\""
        );
        assert_eq!(yaml_string("2026 plan"), "\"2026 plan\"");
    }

    #[test]
    fn cuts_a_long_slug_at_a_word() {
        let slug = slugify(&"word ".repeat(100));
        assert_eq!(file_stem(&slug), "word-".repeat(16).trim_end_matches('-'));
        assert_eq!(file_stem(&"é".repeat(100)).len(), 80);
    }
}
