//! Reference output: the fixture sites build to exactly the files committed
//! beside them (`tests/fixtures/<name>.expected/`). Any change to what a
//! reader gets — from an optimisation, a refactoring, a template edit —
//! shows up here as a diff.
//!
//! After an intended change, re-bless with:
//!
//! ```sh
//! HUDDLE_BLESS=1 cargo test --test reference
//! ```

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::Site;

fn files_under(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (relative, std::fs::read(entry.path()).unwrap())
        })
        // The manifest records hashes and sizes; it follows from the rest.
        .filter(|(relative, _)| relative != ".huddle-output")
        .collect()
}

fn assert_matches_reference(fixture: &str) {
    let site = Site::fixture(fixture);
    site.build();
    let actual = files_under(&site.root.join("public"));
    let expected_dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{fixture}.expected"));
    if std::env::var_os("HUDDLE_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&expected_dir);
        for (path, bytes) in &actual {
            let target = expected_dir.join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, bytes).unwrap();
        }
        return;
    }
    assert!(
        expected_dir.is_dir(),
        "no reference output at {}; run HUDDLE_BLESS=1 cargo test --test reference",
        expected_dir.display()
    );
    let expected = files_under(&expected_dir);
    let missing: Vec<&String> = expected
        .keys()
        .filter(|path| !actual.contains_key(*path))
        .collect();
    let extra: Vec<&String> = actual
        .keys()
        .filter(|path| !expected.contains_key(*path))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "files missing from the build: {missing:?}; files not in the reference: {extra:?}\n(re-bless with HUDDLE_BLESS=1 if intended)"
    );
    for (path, bytes) in &expected {
        if actual[path] != *bytes {
            let actual = String::from_utf8_lossy(&actual[path]);
            let expected = String::from_utf8_lossy(bytes);
            let line = actual
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .map_or(0, |line| line + 1);
            panic!(
                "{path} differs from the reference at line {line}:\n  built:    {}\n  expected: {}\n(re-bless with HUDDLE_BLESS=1 if intended)",
                actual.lines().nth(line.saturating_sub(1)).unwrap_or(""),
                expected.lines().nth(line.saturating_sub(1)).unwrap_or("")
            );
        }
    }
}

#[test]
fn the_team_fixture_builds_to_its_reference_output() {
    assert_matches_reference("team");
}
