//! Incremental rebuilds equal full builds. A session (what `serve` and
//! `build --watch` keep alive) is driven through random sequences of the
//! edits authors make — body text, titles, skills, outcomes, drafts, new and
//! deleted pages, broken files and their fixes, stylesheets — and after
//! every step its output must equal, byte for byte, a fresh build of the
//! same files.

use crate::common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use huddle::config::BuildOptions;
use huddle::date::Date;
use huddle::driver::{Session, Update};
use huddle::output::Contents;

use common::Site;

/// A small deterministic generator, so a failing sequence can be replayed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn options(site: &Site) -> BuildOptions {
    let mut options = BuildOptions::new(&site.root);
    options.today = Date::parse(common::TODAY);
    options
}

fn snapshot(session: &Session) -> BTreeMap<String, Vec<u8>> {
    session
        .outputs()
        .iter()
        .map(|(path, contents)| {
            let bytes = match contents {
                Contents::Bytes(bytes) => bytes.to_vec(),
                Contents::Copy(source) => std::fs::read(source).unwrap_or_default(),
            };
            (path.clone(), bytes)
        })
        .collect()
}

fn assert_same_as_fresh_build(session: &Session, site: &Site, step: &str) {
    assert_same_as_fresh_build_of(session, options(site), step);
}

fn assert_same_as_fresh_build_of(session: &Session, options: BuildOptions, step: &str) {
    let fresh = Session::start(options).unwrap_or_else(|errors| {
        panic!("after {step}: the incremental build succeeded but a full build fails: {errors:?}")
    });
    let incremental = snapshot(session);
    let full = snapshot(&fresh);
    let only_incremental: Vec<&String> = incremental
        .keys()
        .filter(|k| !full.contains_key(*k))
        .collect();
    let only_full: Vec<&String> = full
        .keys()
        .filter(|k| !incremental.contains_key(*k))
        .collect();
    assert!(
        only_incremental.is_empty() && only_full.is_empty(),
        "after {step}: files only in the incremental output {only_incremental:?}, only in the full build {only_full:?}"
    );
    for (path, bytes) in &full {
        if incremental[path] != *bytes {
            panic!(
                "after {step}: {path} differs from a full build\n--- incremental\n{}\n--- full\n{}",
                String::from_utf8_lossy(&incremental[path]),
                String::from_utf8_lossy(bytes)
            );
        }
    }
    assert_eq!(
        session.warnings(),
        fresh.warnings(),
        "after {step}: warnings differ"
    );
}

/// The update names exactly the outputs whose bytes changed or that are
/// new (what open tabs reload), and exactly those that went away.
fn assert_reload_list_is_exact(
    update: &Update,
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
    step: &str,
) {
    let changed: Vec<&String> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .collect();
    let removed: Vec<&String> = before
        .keys()
        .filter(|path| !after.contains_key(*path))
        .collect();
    assert_eq!(
        update.changed.iter().collect::<Vec<_>>(),
        changed,
        "after {step}: the reload list is not the list of changed outputs"
    );
    assert_eq!(
        update.removed.iter().collect::<Vec<_>>(),
        removed,
        "after {step}: the removed list is not the list of outputs gone"
    );
}

/// Rewrites one front-matter line (`key: ...`) of a file, or adds it.
fn set_field(site: &Site, path: &str, key: &str, value: &str) {
    let full = site.path(path);
    let text = std::fs::read_to_string(&full).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let prefix = format!("{key}:");
    let closing = lines.iter().skip(1).position(|line| line == "---").unwrap() + 1;
    let mut index = 1;
    let mut replaced = false;
    while index < closing {
        if lines[index].starts_with(&prefix) {
            // Drop a block list that follows the key.
            let mut end = index + 1;
            while end < closing && lines[end].starts_with("  ") {
                end += 1;
            }
            lines.splice(index..end, [format!("{key}: {value}")]);
            replaced = true;
            break;
        }
        index += 1;
    }
    if !replaced {
        lines.insert(closing, format!("{key}: {value}"));
    }
    std::fs::write(full, lines.join("\n") + "\n").unwrap();
}

fn append(site: &Site, path: &str, text: &str) {
    let full = site.path(path);
    let mut current = std::fs::read_to_string(&full).unwrap();
    current.push_str(text);
    std::fs::write(full, current).unwrap();
}

const STORIES: [&str; 2] = ["content/stories/big-win.md", "content/stories/hard-loss.md"];
const REPS: [&str; 3] = [
    "content/reps/ana-manager.md",
    "content/reps/bo-rep.md",
    "content/reps/cy-rep.md",
];
const PLAYBOOKS: [&str; 2] = [
    "content/playbooks/discovery.md",
    "content/playbooks/meetings/weekly.md",
];

/// One random edit; returns what it did and the paths it touched.
fn random_edit(site: &Site, random: &mut Random, step: usize) -> (String, Vec<PathBuf>) {
    let story = *random.pick(&STORIES);
    let rep = *random.pick(&REPS);
    let playbook = *random.pick(&PLAYBOOKS);
    let new_story = format!("content/stories/new-{step}.md");
    let (what, path): (String, &str) = match random.below(23) {
        0 => {
            append(site, story, &format!("\nAnother paragraph {step}.\n"));
            ("body text of a story".into(), story)
        }
        1 => {
            set_field(site, story, "title", &format!("Renamed story {step}"));
            ("a story title".into(), story)
        }
        2 => {
            set_field(site, rep, "name", &format!("Rep Renamed {step}"));
            ("a rep's name".into(), rep)
        }
        3 => {
            set_field(site, playbook, "title", &format!("Playbook {step}"));
            ("a playbook title".into(), playbook)
        }
        4 => {
            let skills =
                *random.pick(&["[discovery]", "[negotiation, coaching]", "[]", "[Closing]"]);
            set_field(site, story, "skills", skills);
            (format!("a story's skills to {skills}"), story)
        }
        5 => {
            let outcome = *random.pick(&["won", "lost", "open"]);
            set_field(site, story, "outcome", outcome);
            (format!("a story's outcome to {outcome}"), story)
        }
        6 => {
            let reps = *random.pick(&["[bo-rep]", "[cy-rep]", "[bo-rep, cy-rep]", "[ana-manager]"]);
            set_field(site, story, "reps", reps);
            (format!("a story's reps to {reps}"), story)
        }
        7 => {
            let draft = *random.pick(&["true", "false"]);
            set_field(site, story, "draft", draft);
            (format!("a story's draft flag to {draft}"), story)
        }
        8 => {
            let date = *random.pick(&["2024-01-01", "2026-06-30", "2025-11-02"]);
            set_field(site, story, "date", date);
            (format!("a story's date to {date}"), story)
        }
        9 => {
            let team = *random.pick(&["Enterprise", "Mid-Market", "SMB"]);
            set_field(site, rep, "team", team);
            (format!("a rep's team to {team}"), rep)
        }
        10 => {
            site.write(
                &new_story,
                &format!("---\ntitle: New story {step}\nrep: cy-rep\ndate: 2026-0{}-01\noutcome: won\nskills: [prospecting]\n---\n\nLinks to [the play](../playbooks/discovery.md#when-to-run-it).\n", 1 + step % 9),
            );
            ("a new story".into(), "")
        }
        11 => {
            let stage = *random.pick(&["Discovery", "Closing", "Management"]);
            set_field(site, playbook, "stage", stage);
            ("a playbook's stage".into(), playbook)
        }
        12 => {
            append(site, "content/index.md", &format!("\nHome news {step}.\n"));
            ("the home intro".into(), "content/index.md")
        }
        13 => {
            // Breaks (or mends) the story's link to #when-to-run-it.
            let path = "content/playbooks/discovery.md";
            let text = std::fs::read_to_string(site.path(path)).unwrap();
            let swapped = if text.contains("## When to run it") {
                text.replace("## When to run it", "## When to use it")
            } else {
                text.replace("## When to use it", "## When to run it")
            };
            std::fs::write(site.path(path), swapped).unwrap();
            ("a heading other pages link to".into(), path)
        }
        14 => {
            append(
                site,
                playbook,
                &format!("\n## Added section {step}\n\nText.\n"),
            );
            ("a playbook's body".into(), playbook)
        }
        16 => {
            let path = "content/meetings/pipeline-clinic.md";
            set_field(site, path, "title", &format!("Clinic {step}"));
            ("a meeting's title".into(), path)
        }
        17 => {
            let path = "content/meetings/pipeline-clinic.md";
            let text = std::fs::read_to_string(site.path(path)).unwrap();
            let swapped = if text.contains("story: big-win") {
                text.replace("story: big-win", "story: hard-loss")
            } else {
                text.replace("story: hard-loss", "story: big-win")
            };
            std::fs::write(site.path(path), swapped).unwrap();
            ("the story a meeting shared".into(), path)
        }
        18 => {
            let path = "content/roles/account-executive.md";
            let owner = *random.pick(&["ana-manager", "bo-rep"]);
            set_field(site, path, "owner", owner);
            (format!("a role's owner to {owner}"), path)
        }
        19 => {
            let path = "content/observations/2026-11-12-bo-rep.md";
            let day = *random.pick(&["2026-09-01", "2026-11-12", "2026-11-22"]);
            set_field(site, path, "date", day);
            (format!("an observation's date to {day}"), path)
        }
        20 => {
            let path = "content/plans/cy-rep-2026-h2.md";
            let reviewed = *random.pick(&["2026-01-15", "2026-07-15", "2026-11-01"]);
            set_field(site, path, "reviewed", reviewed);
            (format!("a plan's review to {reviewed}"), path)
        }
        21 => {
            let path = "content/competitors/corvane.md";
            append(
                site,
                path,
                &format!(
                    "
New counter {step}.
"
                ),
            );
            ("a competitor's intro".into(), path)
        }
        _ => {
            set_field(site, story, "summary", &format!("Summary {step}"));
            ("a story's summary".into(), story)
        }
    };
    let touched = if path.is_empty() {
        vec![site.path(&new_story)]
    } else {
        vec![site.path(path)]
    };
    (what, touched)
}

fn drive(seed: u64, steps: usize) {
    drive_site(Site::fixture("team"), seed, steps, false);
}

fn drive_with(seed: u64, steps: usize, private: bool) {
    drive_site(Site::fixture("team"), seed, steps, private);
}

/// The team fixture with a page size of one: every index and term page is
/// several pages, and most edits move entries between them.
fn paged_team() -> Site {
    let site = Site::fixture("team");
    append(&site, "huddle.yaml", "pagination: 1\n");
    site
}

fn drive_site(site: Site, seed: u64, steps: usize, private: bool) {
    let options = |site: &Site| {
        let mut options = options(site);
        options.private = private;
        options
    };
    let mut session = Session::start(options(&site)).expect("the fixture builds");
    let mut random = Random(seed);
    let mut history = Vec::new();
    let mut before = snapshot(&session);
    for step in 0..steps {
        let (what, touched) = random_edit(&site, &mut random, step);
        history.push(what);
        let description = format!("seed {seed}, edits {history:?}");
        match session.apply(&touched) {
            Ok(update) => {
                assert_same_as_fresh_build_of(&session, options(&site), &description);
                let after = snapshot(&session);
                assert_reload_list_is_exact(&update, &before, &after, &description);
                before = after;
            }
            Err(errors) => {
                // Then a fresh build must fail too; the session keeps the last good site.
                assert!(
                    Session::start(options(&site)).is_err(),
                    "after {description}: the incremental build failed but a full build succeeds: {errors:?}"
                );
            }
        }
    }
}

#[test]
fn random_edit_sequences_give_the_same_output_as_full_builds() {
    for seed in 1..=8 {
        drive(seed, 15);
    }
}

/// The coaching loop's private kinds appear only in a private build, so
/// their edits are driven there too.
#[test]
fn random_edit_sequences_of_a_private_build_give_the_same_output_as_full_builds() {
    for seed in 1..=6 {
        drive_with(seed, 15, true);
    }
}

#[test]
fn random_edit_sequences_on_paginated_lists_give_the_same_output_as_full_builds() {
    for seed in 11..=16 {
        drive_site(paged_team(), seed, 12, false);
    }
}

#[test]
fn a_story_moving_between_pages_rerenders_the_pages_it_left_and_joined() {
    let site = paged_team();
    let mut session = Session::start(options(&site)).unwrap();
    let before = snapshot(&session);
    // Newest first: big-win (2026-03-14) is on page 1, hard-loss on page 2.
    assert!(
        String::from_utf8_lossy(&before["stories/index.html"]).contains("Big win at Acme"),
        "the newest story leads the first page"
    );
    let story = site.path("content/stories/hard-loss.md");
    set_field(&site, "content/stories/hard-loss.md", "date", "2026-06-30");
    let update = session.apply(&[story]).unwrap();
    assert_same_as_fresh_build(&session, &site, "moving a story to the first page");
    let after = snapshot(&session);
    assert_reload_list_is_exact(&update, &before, &after, "moving a story to the first page");
    for page in ["stories/index.html", "stories/page/2/index.html"] {
        assert!(
            update.changed.iter().any(|changed| changed == page),
            "{page} is rendered again: {:?}",
            update.changed
        );
    }
    assert!(
        String::from_utf8_lossy(&after["stories/index.html"]).contains("Lost Globex on access")
    );
    // A body edit of a story moves nothing: no index page is rendered again.
    append(&site, "content/stories/big-win.md", "\nOne more line.\n");
    let update = session
        .apply(&[site.path("content/stories/big-win.md")])
        .unwrap();
    assert!(
        !update
            .changed
            .iter()
            .any(|changed| changed.starts_with("stories/index") || changed.contains("/page/")),
        "{:?}",
        update.changed
    );
    assert_same_as_fresh_build(&session, &site, "a body edit on a paginated site");
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_its_fix_recovers() {
    let site = Site::fixture("team");
    let mut session = Session::start(options(&site)).unwrap();
    let before = snapshot(&session);
    let story = site.path("content/stories/big-win.md");
    let good = std::fs::read_to_string(&story).unwrap();
    std::fs::write(&story, good.replace("rep: bo-rep", "rep: bo-rpe")).unwrap();
    let errors = session.apply(std::slice::from_ref(&story)).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|error| error.message == "unknown rep `bo-rpe`")
    );
    assert_eq!(snapshot(&session), before, "the last good site is kept");
    std::fs::write(
        &story,
        good.replace("Bo found the real pain.", "Bo found it."),
    )
    .unwrap();
    let update = session.apply(&[story]).unwrap();
    assert!(
        update
            .changed
            .contains(&"stories/big-win/index.html".to_string())
    );
    assert_same_as_fresh_build(&session, &site, "fixing the broken edit");
}

#[test]
fn an_edit_to_one_story_rerenders_only_what_shows_it() {
    let site = Site::fixture("team");
    let mut session = Session::start(options(&site)).unwrap();
    let story = site.path("content/stories/hard-loss.md");
    append(
        &site,
        "content/stories/hard-loss.md",
        "\nOne more lesson.\n",
    );
    let update = session.apply(&[story]).unwrap();
    // The story's page, and the search index shard that holds its text.
    assert_eq!(
        update.changed,
        vec![
            "search/shard-0.js".to_string(),
            "stories/hard-loss/index.html".to_string()
        ]
    );
    assert!(update.removed.is_empty());
    assert!(!update.full);
}

#[test]
fn deleting_and_creating_files_rebuild_the_whole_site() {
    let site = Site::fixture("team");
    let mut session = Session::start(options(&site)).unwrap();
    let handbook = site.path("content/about/handbook.md");
    let text = std::fs::read_to_string(site.path("content/about/index.md")).unwrap();
    std::fs::write(
        site.path("content/about/index.md"),
        text.replace(" and [the handbook](/about/handbook.md)", ""),
    )
    .unwrap();
    std::fs::remove_file(&handbook).unwrap();
    let update = session
        .apply(&[handbook, site.path("content/about/index.md")])
        .unwrap();
    assert!(update.full);
    assert!(
        update
            .removed
            .contains(&"about/handbook/index.html".to_string())
    );
    assert_same_as_fresh_build(&session, &site, "deleting a page");
}

#[test]
fn a_stylesheet_change_changes_only_the_stylesheet() {
    let site = Site::fixture("team");
    site.write("static/style.css", "body { color: red; }\n");
    let mut session = Session::start(options(&site)).unwrap();
    site.write("static/style.css", "body { color: blue; }\n");
    let update = session.apply(&[site.path("static/style.css")]).unwrap();
    // And 404.html, which inlines the stylesheet.
    assert_eq!(
        update.changed,
        vec!["404.html".to_string(), "style.css".to_string()]
    );
    assert_same_as_fresh_build(&session, &site, "editing the stylesheet");
}

#[test]
fn an_edit_is_read_as_the_first_build_reads_it() {
    // NUL bytes replaced, a lone CR a line ending, UTF-16 refused: on every
    // re-read under serve as in a full build.
    let site = Site::fixture("team");
    let mut session = Session::start(options(&site)).unwrap();
    let story = site.path("content/stories/big-win.md");
    let good = std::fs::read_to_string(&story).unwrap();
    std::fs::write(
        &story,
        good.replace("Bo found the real pain.", "Bo found\0 it.")
            .replace('\n', "\r"),
    )
    .unwrap();
    session.apply(std::slice::from_ref(&story)).unwrap();
    let page = &snapshot(&session)["stories/big-win/index.html"];
    assert!(!page.contains(&0), "a NUL byte reached the page");
    assert_same_as_fresh_build(&session, &site, "an edit with NUL and lone CRs");
    let utf16: Vec<u8> = good.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(&story, utf16).unwrap();
    let errors = session.apply(&[story]).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|error| error.message == "file is UTF-16; huddle reads UTF-8"),
        "{errors:?}"
    );
}

/// A page's links are written with its targets' anchors (a fragment that
/// differs in case becomes the real id; one that went away is dropped), so
/// renaming a heading must re-render the pages that link to it.
#[test]
fn renaming_a_heading_rerenders_the_pages_that_link_to_it() {
    let site = Site::with_files(&[
        (
            "huddle.yaml",
            "title: T\nbase_url: https://w.example/\nlinks: warn\n",
        ),
        ("content/a.md", "# A\n\nSee [the intro](b.md#Intro).\n"),
        ("content/b.md", "# B\n\n## Intro\n\nHello.\n"),
    ]);
    let mut session = Session::start(options(&site)).unwrap();
    assert_same_as_fresh_build(&session, &site, "the first build");
    site.write("content/b.md", "# B\n\n## Overview\n\nHello.\n");
    let update = session.apply(&[site.path("content/b.md")]).unwrap();
    assert!(
        update.changed.iter().any(|path| path == "a/index.html"),
        "{:?}",
        update.changed
    );
    assert_same_as_fresh_build(&session, &site, "renaming b's heading");
}
