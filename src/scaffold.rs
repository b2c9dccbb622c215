//! `huddle init` (a working site to start from) and `huddle new` (a page of
//! a kind with its front matter filled in). Both refuse to overwrite a file.

use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::content::Kind;
use crate::date::Date;
use crate::site::slugify;

/// What `init` and `new` can fail on; messages name the path.
#[derive(Debug)]
pub enum ScaffoldError {
    /// A folder could not be read or created, or a file written.
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// `init` writes only into a new or empty folder.
    NotEmpty(PathBuf),
    /// Neither command overwrites a file.
    Exists(PathBuf),
    /// `new` outside a site: no huddle.yaml in the folder or above it.
    NotInASite(PathBuf),
    /// `new` was given a blank title.
    EmptyTitle,
    /// `new` was given a title with nothing to name the file after.
    NoWordInTitle { title: String, kind: Kind },
}

impl std::fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScaffoldError::Io {
                action,
                path,
                source,
            } => write!(f, "cannot {action} {}: {source}", path.display()),
            ScaffoldError::NotInASite(dir) => write!(
                f,
                "not inside a huddle site: no {CONFIG_FILE} in {} or any folder above it; \
                 run `huddle init` first, or `cd` into your site",
                dir.display()
            ),
            ScaffoldError::NotEmpty(dir) => write!(
                f,
                "{} is not empty; huddle init writes only into a new or empty folder",
                dir.display()
            ),
            ScaffoldError::Exists(path) => write!(
                f,
                "{} already exists; huddle never overwrites a file",
                path.display()
            ),
            ScaffoldError::EmptyTitle => f.write_str("the title is empty"),
            ScaffoldError::NoWordInTitle { title, kind } => write!(
                f,
                "the title `{title}` has no letter or digit to name the file after; \
                 give it a word, like `huddle new {} \"Big win {title}\"`",
                kind.name()
            ),
        }
    }
}

impl std::error::Error for ScaffoldError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ScaffoldError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> ScaffoldError {
    let path = path.to_path_buf();
    move |source| ScaffoldError::Io {
        action,
        path,
        source,
    }
}

/// Files of a new site: config, one page of each kind, linked together.
const STARTER: &[(&str, &str)] = &[
    ("huddle.yaml", include_str!("scaffold/huddle.yaml")),
    // The wiki's authors' reference; huddle.yaml's first comment points here.
    ("AUTHORS-GUIDE.md", include_str!("../AUTHORS-GUIDE.md")),
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
    (
        ".gitignore",
        "/public\n/.public.huddle-*\n# --private builds: development plans, never deployed\n/private\n/.private.huddle-*\n# resized photos, made again when deleted\n/.huddle-cache\n",
    ),
];

/// Creates a starter site in `dir`, which must not exist or be empty.
/// Returns the files written.
/// `today` dates the starter pages.
pub fn init(dir: &Path, today: Date) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(io_error("read", dir))?;
        if entries.next().is_some() {
            return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
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

/// What `init` did about version control.
#[derive(Debug, PartialEq, Eq)]
pub enum Git {
    /// Ran `git init`: pages' last-updated dates come from git.
    Initialized,
    /// The folder is inside a repository already.
    AlreadyInRepository,
    /// No `git` command here.
    NotInstalled,
    /// `git init` failed, with what it said.
    Failed(String),
}

/// Makes `dir` a git repository unless it is inside one already or there
/// is no git: last-updated dates come from git history.
pub fn init_git(dir: &Path) -> Git {
    use std::process::{Command, Stdio};
    let inside = Command::new("git")
        .args(["rev-parse", "--is-inside-work-tree"])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match inside {
        Err(_) => return Git::NotInstalled,
        Ok(status) if status.success() => return Git::AlreadyInRepository,
        Ok(_) => {}
    }
    match Command::new("git")
        .args(["init", "--quiet"])
        .current_dir(dir)
        .output()
    {
        Ok(output) if output.status.success() => Git::Initialized,
        Ok(output) => Git::Failed(String::from_utf8_lossy(&output.stderr).trim().to_string()),
        Err(error) => Git::Failed(error.to_string()),
    }
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
        return Err(ScaffoldError::EmptyTitle);
    }
    if !title.chars().any(char::is_alphanumeric) {
        return Err(ScaffoldError::NoWordInTitle {
            title: title.to_string(),
            kind,
        });
    }
    if !root.join(CONFIG_FILE).is_file() {
        return Err(ScaffoldError::NotInASite(root.to_path_buf()));
    }
    let slug = file_stem(&slugify(title));
    let path = root
        .join("content")
        .join(kind.folder())
        .join(format!("{slug}.md"));
    let today = today.to_string();
    let text = page_text(kind, &yaml_string(title), &today);
    write_new(&path, &text)?;
    Ok(path)
}

/// A new page's text: every field of its kind, each with a short comment
/// (AUTHORS-GUIDE.md says more), marked as a draft so that the fields left
/// empty do not stop anyone's build.
fn page_text(kind: Kind, quoted_title: &str, today: &str) -> String {
    let fields: &[(&str, &str, &str)] = match kind {
        Kind::Story => &[
            ("title", quoted_title, "what happened, in a few words"),
            ("draft", "true", "remove this line to publish"),
            (
                "rep",
                "",
                "id of the rep: a file name in content/reps/, without .md",
            ),
            ("date", today, "when it happened, YYYY-MM-DD"),
            ("outcome", "open", "won, lost or open"),
            ("customer", "", "the account's name"),
            ("industry", "", "the customer's industry"),
            ("value", "", "deal size as text, like 120k EUR ARR"),
            ("competitor", "", "who we were up against"),
            (
                "playbooks",
                "[]",
                "ids of playbooks used, like [discovery-call]",
            ),
            ("skills", "[]", "skills it shows, like [discovery]"),
            ("tags", "[]", "free labels"),
            ("summary", "", "one sentence for lists and search"),
            (
                "actions",
                "[]",
                "what we did, one item each (quote an item with a colon)",
            ),
            ("results", "[]", "what came of it, one item each"),
        ],
        Kind::Playbook => &[
            ("title", quoted_title, "the playbook's name"),
            ("draft", "true", "remove this line to publish"),
            ("summary", "", "one sentence for lists and search"),
            ("owner", "", "id of the rep who keeps it current"),
            ("stage", "", "sales stage, like discovery or negotiation"),
            ("tags", "[]", "free labels"),
            ("skills", "[]", "skills it builds, like [discovery]"),
            ("updated", today, "day of the last review, YYYY-MM-DD"),
            ("review_every", "90", "days between reviews"),
        ],
        Kind::Rep => &[
            ("name", quoted_title, "full name"),
            ("draft", "true", "remove this line to publish"),
            ("role", "", "job title"),
            ("team", "", "team name"),
            ("region", "", "territory"),
            (
                "manager",
                "",
                "id of their manager: a file name in content/reps/",
            ),
            ("email", "", "work address"),
            ("joined", today, "start date, YYYY-MM-DD"),
            (
                "strengths",
                "[]",
                "skills to ask them about, like [discovery]",
            ),
            ("focus", "[]", "skills they are developing"),
            (
                "private",
                "{}",
                "development plan: shown only in a --private build",
            ),
        ],
        Kind::Observation | Kind::Plan | Kind::Meeting | Kind::Role | Kind::Page => &[
            ("title", quoted_title, "the page's title"),
            ("draft", "true", "remove this line to publish"),
        ],
    };
    let body = match kind {
        Kind::Story => "## Situation\n\n## What we did\n\n## Result\n\n## Lesson\n",
        Kind::Playbook => {
            "## When to run it\n\n## Steps\n\n## What to say\n\n## Objections\n\n## Red flags\n"
        }
        Kind::Rep => "## About\n\n## Ask me about\n",
        Kind::Observation | Kind::Plan | Kind::Meeting | Kind::Role | Kind::Page => "",
    };
    let width = fields
        .iter()
        .map(|(key, value, _)| key.len() + value.len() + 2)
        .max()
        .unwrap_or(0);
    let mut text = String::from("---\n");
    for (key, value, comment) in fields {
        let line = if value.is_empty() {
            format!("{key}:")
        } else {
            format!("{key}: {value}")
        };
        text.push_str(&format!("{line:<width$}  # {comment}\n"));
    }
    text.push_str("---\n\n");
    text.push_str(body);
    text
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
        std::fs::create_dir_all(parent).map_err(io_error("create", parent))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::AlreadyExists => ScaffoldError::Exists(path.to_path_buf()),
            _ => io_error("create", path)(error),
        })?;
    file.write_all(text.as_bytes())
        .map_err(io_error("write", path))
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
