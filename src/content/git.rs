//! "Last updated" from git: one `git log` pass over `content/` at load time
//! gives every tracked file the day of its latest commit. One process for
//! the whole site, never one per file (10,000 `git log -1` calls would cost
//! more than the build). Outside a git repository, or without git, every
//! page simply has no date from history.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::date::Date;

/// Path under `content/` (`stories/big-win.md`) → day of its latest commit.
pub fn last_commits(content_dir: &Path) -> HashMap<String, Date> {
    let output = Command::new("git")
        .arg("-c")
        .arg("core.quotepath=off")
        .arg("-C")
        .arg(content_dir)
        .args([
            "log",
            "--format=%x1e%ci",
            "--name-only",
            "--relative",
            "--",
            ".",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    match output {
        Ok(output) if output.status.success() => {
            parse_log(&String::from_utf8_lossy(&output.stdout))
        }
        _ => HashMap::new(),
    }
}

/// Reads `git log --format=%x1e%ci --name-only`: newest commit first, so
/// the first date seen for a path is its latest.
fn parse_log(log: &str) -> HashMap<String, Date> {
    let mut dates = HashMap::new();
    let mut current = None;
    for line in log.lines() {
        if let Some(header) = line.strip_prefix('\u{1e}') {
            current = header.get(..10).and_then(Date::parse);
        } else if !line.is_empty()
            && let Some(date) = current
        {
            dates.entry(line.to_string()).or_insert(date);
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_of_a_path_wins() {
        let log = "\u{1e}2026-03-14 09:00:00 +0100\n\nstories/a.md\n\
                   \u{1e}2025-01-02 10:00:00 +0000\n\nstories/a.md\nreps/b.md\n";
        let dates = parse_log(log);
        assert_eq!(dates["stories/a.md"].to_string(), "2026-03-14");
        assert_eq!(dates["reps/b.md"].to_string(), "2025-01-02");
    }

    #[test]
    fn outside_a_repository_there_are_no_dates() {
        let folder = tempfile::tempdir().unwrap();
        assert!(last_commits(folder.path()).is_empty());
    }
}
