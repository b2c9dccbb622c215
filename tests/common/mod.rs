//! Shared helpers for the integration tests: copy a fixture site into a
//! temporary folder, run the real `huddle` binary on it, and read what a
//! reader would see.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The day the tests pretend it is, so "past its review date" is stable.
pub const TODAY: &str = "2026-11-23";

/// A site in a temporary folder.
pub struct Site {
    _temp: tempfile::TempDir,
    pub root: PathBuf,
}

impl Site {
    /// A copy of the site of the case `tests/cases/<name>/site/`, or of
    /// `tests/fixtures/<name>/`.
    pub fn fixture(name: &str) -> Site {
        let site = Site::empty();
        let case = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/cases")
            .join(name)
            .join("site");
        let input = if case.is_dir() {
            case
        } else {
            fixtures().join(name)
        };
        copy_dir(&input, &site.root);
        site
    }

    /// A copy of the repository's example wiki (`content/` and `huddle.yaml`).
    pub fn example_wiki() -> Site {
        let site = Site::empty();
        let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&repository.join("content"), &site.root.join("content"));
        std::fs::copy(
            repository.join("huddle.yaml"),
            site.root.join("huddle.yaml"),
        )
        .unwrap();
        site
    }

    /// An empty folder, not yet a site (no `huddle.yaml`).
    pub fn empty() -> Site {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        Site { _temp: temp, root }
    }

    /// A site made of the given files (path, text).
    pub fn with_files(files: &[(&str, &str)]) -> Site {
        let site = Site::empty();
        if !files.iter().any(|(path, _)| *path == "huddle.yaml") {
            site.write(
                "huddle.yaml",
                "title: Test wiki\nbase_url: https://wiki.example.com/\n",
            );
        }
        for (path, text) in files {
            site.write(path, text);
        }
        site
    }

    pub fn write(&self, path: &str, text: &str) {
        let path = self.root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// Runs `huddle <args>` in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = huddle()
            .args(args)
            .current_dir(&self.root)
            .output()
            .unwrap();
        Run { output }
    }

    /// Runs `huddle <args>` in `folder`, relative to the site folder
    /// (`my-wiki`, or `..` for the folder above it).
    pub fn run_in(&self, folder: &str, args: &[&str]) -> Run {
        let output = huddle()
            .args(args)
            .current_dir(self.root.join(folder))
            .output()
            .unwrap();
        Run { output }
    }

    /// `huddle build`, which must succeed.
    pub fn build(&self) -> Run {
        self.run(&["build"]).success()
    }

    /// A file of the built site (`public/…`) as text.
    pub fn read(&self, relative: &str) -> String {
        let path = self.root.join("public").join(relative);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
    }

    /// A file of an output written to `folder` (`private`, or an `--out`).
    pub fn read_in(&self, folder: &str, relative: &str) -> String {
        let path = self.root.join(folder).join(relative);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
    }

    pub fn exists(&self, relative: &str) -> bool {
        self.root.join("public").join(relative).exists()
    }

    /// Every file under `public/`, relative, sorted.
    pub fn output_files(&self) -> Vec<String> {
        let public = self.root.join("public");
        let mut files: Vec<String> = walkdir::WalkDir::new(&public)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| {
                entry
                    .path()
                    .strip_prefix(&public)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        files.sort();
        files
    }

    /// The search index's record files (`search/r/N.js`: what a result
    /// shows) as one text, to check what readers see in results.
    pub fn search_records(&self) -> String {
        self.output_files()
            .into_iter()
            .filter(|file| file.starts_with("search/r/"))
            .map(|file| self.read(&file))
            .collect()
    }

    /// Every file under `folder` (relative to the site), relative, sorted.
    pub fn output_files_of(&self, folder: &str) -> Vec<String> {
        let top = self.root.join(folder);
        let mut files: Vec<String> = walkdir::WalkDir::new(&top)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| {
                let path = entry.path().strip_prefix(&top).unwrap();
                path.to_string_lossy().into_owned()
            })
            .collect();
        files.sort();
        files
    }

    /// Every file under `public/` with its bytes, to compare two moments.
    pub fn output_bytes(&self) -> BTreeMap<String, Vec<u8>> {
        self.output_files()
            .into_iter()
            .map(|file| {
                let bytes = std::fs::read(self.root.join("public").join(&file)).unwrap();
                (file, bytes)
            })
            .collect()
    }

    /// Checks the output with huddle's own built-site check
    /// (`huddle::verify`): no broken, root-absolute or folder links, nothing
    /// loaded from another host; and none of the `forbidden` texts in any file.
    pub fn check_output(&self, forbidden: &[&str]) {
        self.check_folder("public", forbidden);
    }

    /// [`Site::check_output`] for an output written elsewhere (`--out`, or a
    /// site made by `huddle init` inside this folder).
    pub fn check_folder(&self, output: &str, forbidden: &[&str]) {
        let problems = output_problems(&self.root.join(output), forbidden);
        assert!(
            problems.is_empty(),
            "the built site has problems:\n{}",
            problems.join("\n")
        );
    }
}

/// Every problem `huddle::verify` finds in the output folder at `root`
/// (read from disk, as a reader's browser would), and every file holding
/// one of the `forbidden` texts.
pub fn output_problems(root: &Path, forbidden: &[&str]) -> Vec<String> {
    let files: BTreeMap<String, Vec<u8>> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry.path().strip_prefix(root).unwrap();
            let bytes = std::fs::read(entry.path()).unwrap();
            (relative.to_string_lossy().into_owned(), bytes)
        })
        .collect();
    assert!(!files.is_empty(), "{} holds no files", root.display());
    let view: BTreeMap<&str, Option<&[u8]>> = files
        .iter()
        .map(|(path, bytes)| (path.as_str(), Some(&bytes[..])))
        .collect();
    // 404.html roots its links at base_url's path when the site has one; the
    // folder does not say what base_url was, but 404.html's icon link does.
    let base_path = files.get("404.html").and_then(|page| {
        let page = String::from_utf8_lossy(page);
        let start = page.find("<link rel=\"icon\" href=\"/")? + r#"<link rel="icon" href=""#.len();
        let end = start + page[start..].find("favicon.svg")?;
        Some(page[start..end].to_string())
    });
    let rules = huddle::verify::Rules {
        base_path,
        ..Default::default()
    };
    let mut problems: Vec<String> = huddle::verify::find_problems(&view, &rules)
        .iter()
        .map(ToString::to_string)
        .collect();
    for text in forbidden {
        for (path, bytes) in &files {
            if bytes
                .windows(text.len())
                .any(|window| window == text.as_bytes())
            {
                problems.push(format!("{path}: contains forbidden text {text:?}"));
            }
        }
    }
    problems
}

/// The outcome of one command.
pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn success(self) -> Run {
        assert!(
            self.output.status.success(),
            "huddle failed:\n{}\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    pub fn failure(self) -> Run {
        assert_eq!(
            self.output.status.code(),
            Some(1),
            "expected exit code 1:\n{}\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    /// Asserts the command ended with exit code 0 or 1 (a clean success or
    /// a reported failure), never with a panic.
    pub fn without_panic(self) -> Run {
        let stderr = self.stderr();
        assert!(
            matches!(self.output.status.code(), Some(0 | 1)) && !stderr.contains("panicked"),
            "expected exit code 0 or 1 and no panic, got {:?}:\n{stderr}",
            self.output.status.code()
        );
        self
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Asserts the error output contains `text`.
    pub fn reports(self, text: &str) -> Run {
        let stderr = self.stderr();
        assert!(
            stderr.contains(text),
            "expected the output to contain\n  {text}\nbut it was:\n{stderr}"
        );
        self
    }
}

/// A file `huddle new` wrote, without the comment after each field.
pub fn without_comments(text: &str) -> String {
    text.lines()
        .map(|line| line.split("  # ").next().unwrap_or_default().trim_end())
        .map(|line| format!("{line}\n"))
        .collect()
}

pub fn huddle() -> Command {
    let mut command = Command::cargo_bin("huddle").unwrap();
    command.env("HUDDLE_TODAY", TODAY);
    command
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Asserts `haystack` contains `needle`, showing the haystack when not.
pub fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected to find\n  {needle}\nin:\n{haystack}"
    );
}

pub fn assert_lacks(haystack: &str, needle: &str) {
    assert!(
        !haystack.contains(needle),
        "expected NOT to find\n  {needle}\nin:\n{haystack}"
    );
}

/// Writes a generated wiki of `pages` pages into `site` (a tenth reps, a
/// fifth playbooks, the rest stories, linked to each other), big enough
/// that a debug build takes a good fraction of a second. Deterministic.
pub fn generate_wiki(site: &Site, pages: usize) {
    site.write(
        "huddle.yaml",
        "title: Generated wiki\nbase_url: https://wiki.example.com/\n",
    );
    let reps = (pages / 10).max(1);
    let playbooks = (pages / 5).max(1);
    let stories = pages.saturating_sub(reps + playbooks).max(1);
    let paragraph = "We met the buying committee early, mapped who signs and who \
        blocks, and kept a written plan the customer could edit. "
        .repeat(4);
    for rep in 0..reps {
        site.write(
            &format!("content/reps/rep-{rep:05}.md"),
            &format!(
                "---\nname: Rep {rep}\nrole: Account executive\nteam: Team {}\n\
                 strengths:\n  - discovery\n  - negotiation\n---\n\n## About\n\n{paragraph}\n",
                rep % 7
            ),
        );
    }
    for playbook in 0..playbooks {
        site.write(
            &format!("content/playbooks/playbook-{playbook:05}.md"),
            &format!(
                "---\ntitle: Playbook {playbook}\nowner: rep-{:05}\nstage: discovery\n\
                 tags: [tag-{}]\nupdated: 2026-11-01\n---\n\n## Steps\n\n{paragraph}\n\n\
                 Ask [the owner](../reps/rep-{:05}.md#about).\n",
                playbook % reps,
                playbook % 13,
                playbook % reps
            ),
        );
    }
    for story in 0..stories {
        let outcome = ["won", "lost", "open"][story % 3];
        site.write(
            &format!("content/stories/story-{story:05}.md"),
            &format!(
                "---\ntitle: Story {story}\nrep: rep-{:05}\ndate: 2026-{:02}-{:02}\n\
                 outcome: {outcome}\nvalue: {}\nplaybooks: [playbook-{:05}]\ntags: [tag-{}]\n\
                 actions:\n  - mapped the committee\nresults:\n  - signed\n---\n\n\
                 ## What happened\n\n{paragraph}\n\nSee [the playbook](../playbooks/playbook-{:05}.md#steps).\n",
                story % reps,
                story % 12 + 1,
                story % 28 + 1,
                1000 * (story % 50 + 1),
                story % playbooks,
                story % 13,
                story % playbooks
            ),
        );
    }
}

/// Marks the running test as skipped because `reason` (what this machine
/// lacks): prints `skipped: <test>: <reason>` past the test harness's output
/// capture, so it shows in every `cargo test` run, and appends the line to
/// `skipped.txt` in cargo's temporary folder for the test targets, which
/// `.ci/run` counts. The caller then returns: a skip is never a pass in
/// disguise.
pub fn skip(reason: &str) {
    use std::io::Write;
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    let line = format!("skipped: {test}: {reason}\n");
    let _ = std::io::stderr().write_all(line.as_bytes());
    let record = Path::new(env!("CARGO_TARGET_TMPDIR")).join("skipped.txt");
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(record)
    {
        let _ = file.write_all(line.as_bytes());
    }
}

/// Asserts `actual` equals the snapshot file at `path` (relative to the
/// repository); with `SNAPSHOTS=overwrite` in the environment, writes it
/// instead (see tests/README.md).
pub fn assert_snapshot(path: &str, actual: &str) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    if std::env::var("SNAPSHOTS").as_deref() == Ok("overwrite") {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&file).unwrap_or_else(|error| {
        panic!(
            "cannot read the snapshot {path} ({error}); make it with SNAPSHOTS=overwrite cargo test"
        )
    });
    if expected != actual {
        let line = actual
            .lines()
            .chain(std::iter::repeat(""))
            .zip(expected.lines().chain(std::iter::repeat("")))
            .take(actual.lines().count().max(expected.lines().count()))
            .position(|(a, b)| a != b)
            .map_or(0, |line| line + 1);
        panic!(
            "{path} differs at line {line}:\n  now:      {}\n  snapshot: {}\n\
             (if the change is intended: SNAPSHOTS=overwrite cargo test)",
            actual.lines().nth(line.saturating_sub(1)).unwrap_or(""),
            expected.lines().nth(line.saturating_sub(1)).unwrap_or("")
        );
    }
}

/// The `<main>…</main>` element of an HTML page: what the page says,
/// without the layout every page shares.
pub fn main_element(html: &str) -> &str {
    let start = html.find("<main").expect("the page has a <main>");
    let end = html[start..]
        .find("</main>")
        .map_or(html.len(), |end| start + end + "</main>".len());
    &html[start..end]
}
