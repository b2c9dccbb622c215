//! `huddle init` (a working site to start from) and `huddle new` (a page of
//! a kind with its front matter filled in). Both refuse to overwrite a file.

use std::path::{Path, PathBuf};

mod new;

pub use new::new_page;

use crate::config::CONFIG_FILE;
use crate::content::Kind;
use crate::date::Date;

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
    /// `new observation` or `new plan` named no rep of the site.
    UnknownRep {
        rep: String,
        kind: Kind,
        suggestion: Option<String>,
        /// The site's rep ids.
        known: Vec<String>,
    },
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
            ScaffoldError::UnknownRep {
                rep,
                kind,
                suggestion,
                known,
            } => {
                write!(f, "no rep `{rep}` in content/reps/")?;
                if let Some(suggestion) = suggestion {
                    return write!(
                        f,
                        "; did you mean `{suggestion}`? (huddle new {} {suggestion})",
                        kind.name()
                    );
                }
                match known.len() {
                    0 => f.write_str(
                        "; there are no reps yet: huddle new rep \"Their Name\" writes one",
                    ),
                    1..=12 => write!(f, "; the reps are {}", known.join(", ")),
                    _ => f.write_str(
                        "; name the rep by id, a file name in content/reps/ without .md",
                    ),
                }
            }
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
