//! Reference output, a case per folder under `tests/cases/`: each case's
//! `site/` builds to the `<main>` of its pages (`main/<page path>`, one file
//! per HTML page) and prints `build.txt`. The layout every page shares and
//! the theme's static files are left out, so a theme edit re-blesses only
//! what it changes. `SNAPSHOTS=overwrite cargo test` re-blesses.
//!
//! And one reproducibility test: the same input gives byte-identical output
//! twice, every file included.

use std::path::Path;

use crate::common::{self, Site};

/// The cases, each a folder `tests/cases/<name>/` with `site/` inside.
const CASES: [&str; 2] = ["team", "paged"];

fn case_site(case: &str) -> Site {
    let site = Site::empty();
    let input = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(case)
        .join("site");
    common::copy_dir(&input, &site.root);
    site
}

/// The build's terminal output with the time taken replaced by `[ms]`.
fn transcript(run: &common::Run) -> String {
    let text = format!("{}{}", run.stdout(), run.stderr());
    text.lines()
        .map(|line| match line.rsplit_once(" in ") {
            Some((head, tail)) if tail.ends_with(" ms") => format!("{head} in [ms]\n"),
            _ => format!("{line}\n"),
        })
        .collect()
}

#[test]
fn each_case_builds_to_its_expected_pages_and_transcript() {
    for case in CASES {
        let site = case_site(case);
        let run = site.build();
        let folder = format!("tests/cases/{case}");
        common::assert_snapshot(&format!("{folder}/build.txt"), &transcript(&run));
        let pages: Vec<String> = site
            .output_files()
            .into_iter()
            .filter(|path| path.ends_with(".html"))
            .collect();
        let snapshots = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(&folder)
            .join("main");
        if std::env::var("SNAPSHOTS").as_deref() == Ok("overwrite") {
            let _ = std::fs::remove_dir_all(&snapshots);
        }
        for page in &pages {
            let html = site.read(page);
            common::assert_snapshot(
                &format!("{folder}/main/{page}"),
                &format!("{}\n", common::main_element(&html)),
            );
        }
        // No snapshot is left for a page the build no longer writes.
        let expected: Vec<String> = walkdir::WalkDir::new(&snapshots)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| {
                let relative = entry.path().strip_prefix(&snapshots).unwrap();
                relative.to_string_lossy().into_owned()
            })
            .collect();
        let mut expected = expected;
        expected.sort();
        assert_eq!(expected, pages, "{case}: pages built and snapshots differ");
        site.check_output(&[]);
    }
}

#[test]
fn the_same_input_builds_to_byte_identical_output_twice() {
    let first = case_site("team");
    first.build();
    let second = case_site("team");
    second.build();
    let (first, second) = (first.output_bytes(), second.output_bytes());
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(second[path] == *bytes, "{path} differs between two builds");
    }
}
