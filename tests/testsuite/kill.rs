//! Output safety under faults: a build killed at any moment leaves either
//! the complete previous site or the complete new one, and the next build
//! succeeds; a full disk and a read-only output are clean errors that leave
//! the previous site as it was; huddle deletes nothing it did not write.
//!
//! `tests/safety.rs` covers failed builds and refused output folders; this
//! file adds what only a real process, a real kill and a real file system
//! can show.

// A case this machine cannot run says so on stderr rather than passing quietly.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Site, TODAY, assert_contains};

/// A generated wiki (`common::generate_wiki`) plus static files, big enough that a
/// debug build takes a good fraction of a second, most of it writing.
fn corpus(pages: usize, static_files: usize) -> Site {
    let site = Site::empty();
    common::generate_wiki(&site, pages);
    for index in 0..static_files {
        site.write(
            &format!("static/files/f{:04}.txt", index),
            &format!("static file {index}\n"),
        );
    }
    site
}

/// Switches the site between two versions that differ in every page (the
/// title is in every header) and in one static file.
fn set_variant(site: &Site, variant: char) {
    let config = std::fs::read_to_string(site.path("huddle.yaml")).unwrap();
    let config: String = config
        .lines()
        .filter(|line| !line.starts_with("title:"))
        .map(|line| format!("{line}\n"))
        .collect();
    site.write(
        "huddle.yaml",
        &format!("title: Variant {variant} wiki\n{config}"),
    );
    let only_b = site.path("static/only-in-b.txt");
    if variant == 'B' {
        site.write("static/only-in-b.txt", "B\n");
    } else if only_b.exists() {
        std::fs::remove_file(only_b).unwrap();
    }
}

fn huddle_command(site: &Site, args: &[&str]) -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("huddle"));
    command
        .args(args)
        .current_dir(&site.root)
        .env("HUDDLE_TODAY", TODAY)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

/// Every file under `folder` (dot-files included) with its bytes.
fn tree(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| !entry.file_type().is_dir())
        .map(|entry| {
            let relative = entry.path().strip_prefix(folder).unwrap();
            (
                relative.to_string_lossy().into_owned(),
                std::fs::read(entry.path()).unwrap(),
            )
        })
        .collect()
}

/// Which reference build `public/` equals, if any.
fn which(
    output: &BTreeMap<String, Vec<u8>>,
    a: &BTreeMap<String, Vec<u8>>,
    b: &BTreeMap<String, Vec<u8>>,
) -> Option<char> {
    if output == a {
        Some('A')
    } else if output == b {
        Some('B')
    } else {
        None
    }
}

/// What differs between two trees, briefly, for a failure message.
fn difference(left: &BTreeMap<String, Vec<u8>>, right: &BTreeMap<String, Vec<u8>>) -> String {
    let mut lines = Vec::new();
    for (path, bytes) in left {
        match right.get(path) {
            None => lines.push(format!("only in the output: {path}")),
            Some(other) if other != bytes => lines.push(format!("differs: {path}")),
            _ => {}
        }
    }
    for path in right.keys().filter(|path| !left.contains_key(*path)) {
        lines.push(format!("missing from the output: {path}"));
    }
    lines.truncate(10);
    lines.join("\n")
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_or_the_new_site_whole() {
    let site = corpus(60, 500);
    let references = site.path("../references");
    let reference = |variant: char| {
        set_variant(&site, variant);
        let out = references.join(variant.to_string());
        let status = huddle_command(&site, &["build", "--out"])
            .arg(&out)
            .status()
            .unwrap();
        assert!(status.success());
        tree(&out)
    };
    let a = reference('A');
    let b = reference('B');
    assert_ne!(a, b);

    set_variant(&site, 'A');
    assert!(
        huddle_command(&site, &["build"])
            .status()
            .unwrap()
            .success()
    );
    let public = site.path("public");
    // Where each build writes its new generation: the build before last.
    let staging = site.path(".public.huddle-spare");
    assert_eq!(tree(&public), a);

    let (mut mid_write, mut swapped, mut finished) = (0, 0, 0);
    let kills = 12;
    for round in 0..kills {
        // Always build towards the site public/ does not show.
        let shown = which(&tree(&public), &a, &b).expect("public/ is a whole site");
        let target = if shown == 'A' { 'B' } else { 'A' };
        set_variant(&site, target);
        let spawned = std::time::SystemTime::now();
        let mut child = huddle_command(&site, &["build"]).spawn().unwrap();
        let started = Instant::now();
        // Waits until `marker` was written by this build (not a killed one
        // before it), or the build ended.
        let mut wait_for = |marker: &Path| {
            let written = || {
                std::fs::metadata(marker)
                    .and_then(|marker| marker.modified())
                    .is_ok_and(|modified| modified >= spawned)
            };
            while !written() && started.elapsed() < Duration::from_secs(30) {
                if child.try_wait().unwrap().is_some() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        };
        match round % 4 {
            // While the site is still being planned.
            0 => std::thread::sleep(Duration::from_millis(25 * round as u64)),
            // While the new generation is written: 1, 2, 4 … 128 ms in.
            1 | 2 => {
                wait_for(&staging.join(".huddle-incomplete"));
                std::thread::sleep(Duration::from_millis(1 << (round * 7 / kills)));
            }
            // Just after the swap, while the replaced generation is deleted.
            _ => wait_for(&public.join(".huddle-output")),
        }
        match child.try_wait().unwrap() {
            Some(status) => {
                assert!(status.success(), "a build that was not killed failed");
                finished += 1;
            }
            None => {
                child.kill().unwrap();
                child.wait().unwrap();
                if staging.join(".huddle-incomplete").exists() {
                    mid_write += 1;
                }
            }
        }
        let output = tree(&public);
        let now = which(&output, &a, &b).unwrap_or_else(|| {
            panic!(
                "round {round}: public/ is neither site:\n{}",
                difference(&output, if target == 'A' { &a } else { &b })
            )
        });
        if now == target {
            swapped += 1;
        }
        // Nothing appeared beside the output but huddle's own sibling.
        for entry in std::fs::read_dir(&site.root).unwrap() {
            let name = entry.unwrap().file_name();
            let name = name.to_string_lossy();
            assert!(
                [
                    "content",
                    "static",
                    "huddle.yaml",
                    "public",
                    ".public.huddle-spare",
                    ".public.huddle-new",
                    ".public.huddle-old"
                ]
                .contains(&name.as_ref()),
                "round {round}: unexpected {name}"
            );
        }
    }
    eprintln!(
        "{kills} rounds: {mid_write} left the spare unfinished, {finished} finished, {swapped} swapped in"
    );

    // The next build cleans up after the killed ones and succeeds.
    let run = huddle_command(&site, &["build"]).output().unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let expected = if site.path("static/only-in-b.txt").exists() {
        &b
    } else {
        &a
    };
    assert!(
        tree(&public) == *expected,
        "{}",
        difference(&tree(&public), expected)
    );
    // The spare is kept, complete; nothing unfinished is left.
    assert!(!staging.join(".huddle-incomplete").exists());
    assert!(!site.path(".public.huddle-new").exists());
    assert!(!site.path(".public.huddle-old").exists());
}

/// Runs `script` with `sh` in a private mount namespace, so a tmpfs it
/// mounts vanishes with it; None when this machine does not allow that (not
/// root, or no `unshare`).
fn in_mount_namespace(script: &str, env: &[(&str, &Path)]) -> Option<std::process::Output> {
    let mut command = Command::new("unshare");
    command
        .args(["--mount", "--propagation", "private", "sh", "-euc", script])
        .env("HUDDLE_TODAY", TODAY);
    for (name, value) in env {
        command.env(name, value);
    }
    let Ok(output) = command.output() else {
        common::skip("needs `unshare` (util-linux) to mount a tmpfs");
        return None;
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("unshare:") || stderr.contains("mount:") {
        common::skip(&format!(
            "needs `unshare --mount` to mount a tmpfs: {}",
            stderr.trim()
        ));
        return None;
    }
    Some(output)
}

/// The site with its output on a small tmpfs of `size` KiB: builds variant
/// A there, makes the file system full or read-only (`spoil`), builds
/// variant B, and copies what is left to `../after` for the test to read.
/// Returns the second build's exit code and stderr.
fn second_build_on_tmpfs(site: &Site, size_kib: usize, spoil: &str) -> Option<(i32, String)> {
    let script = format!(
        r#"
        mkdir -p "$ROOT/../mnt" "$ROOT/../after"
        mount -t tmpfs -o size={size_kib}k huddle-test "$ROOT/../mnt"
        cd "$ROOT"
        sed -i 's/^title: .*/title: Variant A wiki/' huddle.yaml
        "$HUDDLE" build --out ../mnt/public >/dev/null
        {spoil}
        sed -i 's/^title: .*/title: Variant B wiki/' huddle.yaml
        set +e
        "$HUDDLE" build --out ../mnt/public >/dev/null 2>../after/stderr
        echo $? >../after/status
        set -e
        cp -a ../mnt/. ../after/mnt
        "#
    );
    let huddle = assert_cmd::cargo::cargo_bin("huddle");
    let output = in_mount_namespace(
        &script,
        &[("ROOT", &site.root), ("HUDDLE", huddle.as_path())],
    )?;
    assert!(
        output.status.success(),
        "the test script failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let after = site.path("../after");
    let status = std::fs::read_to_string(after.join("status")).unwrap();
    let stderr = std::fs::read_to_string(after.join("stderr")).unwrap();
    Some((status.trim().parse().unwrap(), stderr))
}

/// Variant A built normally, for comparing.
fn reference_a(site: &Site) -> (BTreeMap<String, Vec<u8>>, u64) {
    set_variant(site, 'A');
    let out = site.path("../reference");
    let status = huddle_command(site, &["build", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let files = tree(&out);
    let blocks: u64 = files
        .values()
        .map(|bytes| (bytes.len() as u64).div_ceil(4096) * 4)
        .sum();
    (files, blocks)
}

fn after(site: &Site) -> PathBuf {
    site.path("../after/mnt")
}

#[test]
fn a_full_disk_is_a_clean_error_that_keeps_the_previous_site() {
    let site = corpus(120, 0);
    let (reference, kib) = reference_a(&site);
    // Room for one generation and a third of another: the second build,
    // which changes every page, cannot fit.
    let size = (kib + kib / 3) as usize;
    let Some((status, stderr)) = second_build_on_tmpfs(&site, size, "") else {
        return;
    };
    assert_eq!(status, 1, "{stderr}");
    assert_contains(&stderr, "No space left on device");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let left = after(&site);
    assert!(
        tree(&left.join("public")) == reference,
        "{}",
        difference(&tree(&left.join("public")), &reference)
    );
    // Beside it at most the spare, marked unfinished for the next build.
    for entry in std::fs::read_dir(&left).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        match name.as_str() {
            "public" => {}
            ".public.huddle-spare" => {
                assert!(entry.path().join(".huddle-incomplete").exists());
            }
            other => panic!("unexpected {other} beside the output"),
        }
    }
}

#[test]
fn a_read_only_output_is_a_clean_error_that_keeps_the_previous_site() {
    let site = corpus(40, 0);
    let (reference, kib) = reference_a(&site);
    let remount = r#"mount -o remount,ro "$ROOT/../mnt""#;
    let Some((status, stderr)) = second_build_on_tmpfs(&site, (kib * 4) as usize, remount) else {
        return;
    };
    assert_eq!(status, 1, "{stderr}");
    assert_contains(&stderr, "Read-only file system");
    assert_contains(&stderr, "the previous output is unchanged");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(tree(&after(&site).join("public")) == reference);
}

#[test]
fn a_stale_sibling_folder_without_a_marker_is_refused_and_kept() {
    let site = Site::fixture("team");
    site.build();
    site.write(".public.huddle-new/notes.txt", "my notes\n");
    site.write(".public.huddle-old/keep.txt", "keep\n");
    let run = site.run(&["build"]).failure();
    let stderr = run.stderr();
    assert_contains(&stderr, "refusing to remove");
    assert_contains(&stderr, ".public.huddle-old");
    assert_eq!(
        std::fs::read_to_string(site.path(".public.huddle-new/notes.txt")).unwrap(),
        "my notes\n"
    );
    assert_eq!(
        std::fs::read_to_string(site.path(".public.huddle-old/keep.txt")).unwrap(),
        "keep\n"
    );
}

#[test]
fn a_symbolic_link_in_the_output_is_refused_and_its_target_kept() {
    let site = Site::fixture("team");
    site.build();
    let outside = site.path("../precious");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("q3.xlsx"), "the only copy").unwrap();
    std::os::unix::fs::symlink(&outside, site.path("public/reports")).unwrap();
    let run = site.run(&["build"]).failure();
    assert_contains(&run.stderr(), "was not written by huddle");
    assert_eq!(
        std::fs::read_to_string(outside.join("q3.xlsx")).unwrap(),
        "the only copy"
    );
    assert!(site.path("public/reports").symlink_metadata().is_ok());
}

#[test]
fn an_output_folder_that_is_a_symbolic_link_is_refused() {
    let site = Site::fixture("team");
    let elsewhere = site.path("../elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("keep.txt"), "keep").unwrap();
    std::os::unix::fs::symlink(&elsewhere, site.path("public")).unwrap();
    let run = site.run(&["build"]).failure();
    assert_contains(&run.stderr(), "it is a symbolic link");
    assert_eq!(
        std::fs::read_to_string(elsewhere.join("keep.txt")).unwrap(),
        "keep"
    );
}

#[test]
fn a_folder_holding_only_a_dot_file_is_not_huddles_to_replace() {
    let site = Site::fixture("team");
    site.write("public/.git/HEAD", "ref: refs/heads/gh-pages\n");
    site.run(&["build"]).failure().reports("refusing");
    assert_eq!(
        std::fs::read_to_string(site.path("public/.git/HEAD")).unwrap(),
        "ref: refs/heads/gh-pages\n"
    );
}

#[test]
fn an_output_inside_the_folders_huddle_reads_is_refused() {
    // An empty templates/ or static/ would otherwise take the output, and
    // the next build would read the built pages as templates.
    for folder in ["templates", "static", "themes/default", "templates/out"] {
        let site = Site::fixture("team");
        site.run(&["build", "--out", folder])
            .failure()
            .reports("refusing to write into")
            .reports("folder; choose another --out");
        assert!(!site.path(folder).join("index.html").exists(), "{folder}");
    }
}

#[test]
fn two_builds_of_one_output_at_once_both_succeed_and_leave_one_whole_site() {
    // Without a lock, the second build removed the first one's new
    // generation as a leftover, and the first could swap in the second's
    // half-written one.
    let site = corpus(40, 300);
    let references = site.path("../references");
    let mut expected = BTreeMap::new();
    for variant in ['A', 'B'] {
        set_variant(&site, variant);
        let out = references.join(variant.to_string());
        assert!(
            huddle_command(&site, &["build", "--out"])
                .arg(&out)
                .status()
                .unwrap()
                .success()
        );
        expected.insert(variant, tree(&out));
    }
    for (round, variant) in ['A', 'B', 'A', 'B'].into_iter().enumerate() {
        set_variant(&site, variant);
        let first = huddle_command(&site, &["build"]).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(40 * round as u64));
        let second = huddle_command(&site, &["build"]).spawn().unwrap();
        for child in [first, second] {
            let output = child.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let public = tree(&site.path("public"));
        assert!(
            public == expected[&variant],
            "round {round}:\n{}",
            difference(&public, &expected[&variant])
        );
    }
}
