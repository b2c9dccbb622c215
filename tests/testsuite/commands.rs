//! The commands besides a plain build, as the README walks through them:
//! `huddle init`, `huddle new`, `huddle check`, and finding the site.
//! The harness pins today to 2026-11-23 (`HUDDLE_TODAY`), which `new` uses.

use crate::common;

use common::{Site, TODAY, assert_contains, assert_lacks, without_comments};

#[test]
fn init_scaffolds_a_site_that_builds_clean() {
    let folder = Site::empty();
    folder.run(&["init", "my-wiki"]).success();
    assert!(folder.path("my-wiki/huddle.yaml").exists());
    folder.run_in("my-wiki", &["check", "--strict"]).success();
    folder.run_in("my-wiki", &["build"]).success();
    for page in [
        "index.html",
        "playbooks/discovery-call/index.html",
        "stories/first-win/index.html",
        "reps/alex-morgan/index.html",
        "about/index.html",
    ] {
        assert!(
            folder.path("my-wiki/public").join(page).exists(),
            "the starter site has no {page}"
        );
    }
    // The starter rep's private plan shows how `private:` works, unpublished.
    folder.check_folder("my-wiki/public", &["Development plan notes"]);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let folder = Site::empty();
    folder.write("my-wiki/notes.md", "# My notes\n");
    folder
        .run(&["init", "my-wiki"])
        .failure()
        .reports("my-wiki is not empty");
    assert_eq!(
        std::fs::read_to_string(folder.path("my-wiki/notes.md")).unwrap(),
        "# My notes\n"
    );
    assert!(!folder.path("my-wiki/huddle.yaml").exists());
}

#[test]
fn new_story_creates_a_story_with_title_today_and_empty_lists() {
    let site = Site::with_files(&[]);
    let run = site.run(&["new", "story", "Acme renewal"]).success();
    assert_contains(&run.stdout(), "Created content/stories/acme-renewal.md");
    let story = without_comments(
        &std::fs::read_to_string(site.path("content/stories/acme-renewal.md")).unwrap(),
    );
    assert!(story.starts_with("---\ntitle: Acme renewal\n"), "{story}");
    assert_contains(&story, &format!("\ndate: {TODAY}\n"));
    assert_contains(&story, "\nrep:\n");
    for list in ["playbooks", "skills", "tags", "actions", "results"] {
        assert_contains(&story, &format!("\n{list}: []\n"));
    }
}

#[test]
fn new_playbook_creates_a_playbook_reviewed_today() {
    let site = Site::with_files(&[]);
    site.run(&["new", "playbook", "Win/loss review"]).success();
    let playbook = without_comments(
        &std::fs::read_to_string(site.path("content/playbooks/win-loss-review.md")).unwrap(),
    );
    assert!(
        playbook.starts_with("---\ntitle: Win/loss review\n"),
        "{playbook}"
    );
    assert_contains(&playbook, &format!("\nupdated: {TODAY}\n"));
    assert_contains(&playbook, "\nreview_every: 90\n");
    assert_contains(&playbook, "\nskills: []\n");
}

#[test]
fn new_rep_creates_a_profile_with_the_name() {
    let site = Site::with_files(&[]);
    site.run(&["new", "rep", "Priya Nair"]).success();
    let rep = without_comments(
        &std::fs::read_to_string(site.path("content/reps/priya-nair.md")).unwrap(),
    );
    assert!(rep.starts_with("---\nname: Priya Nair\n"), "{rep}");
    assert_contains(&rep, "\nstrengths: []\n");
    assert_contains(&rep, "\nfocus: []\n");
}

#[test]
fn new_quotes_a_title_yaml_would_misread() {
    let site = Site::with_files(&[]);
    site.run(&["new", "playbook", "Discovery: the first call"])
        .success();
    let playbook = without_comments(
        &std::fs::read_to_string(site.path("content/playbooks/discovery-the-first-call.md"))
            .unwrap(),
    );
    assert_contains(&playbook, "title: \"Discovery: the first call\"\n");
    // A new page is a draft.
    site.run(&["build", "--drafts"]).success();
    assert_contains(
        &site.read("playbooks/discovery-the-first-call/index.html"),
        "<h1>Discovery: the first call</h1>",
    );
}

#[test]
fn new_never_overwrites_an_existing_file() {
    for (kind, path) in [
        ("story", "content/stories/acme-renewal.md"),
        ("playbook", "content/playbooks/acme-renewal.md"),
        ("rep", "content/reps/acme-renewal.md"),
    ] {
        let site = Site::with_files(&[(path, "written by hand\n")]);
        site.run(&["new", kind, "Acme renewal"])
            .failure()
            .reports("acme-renewal.md already exists");
        assert_eq!(
            std::fs::read_to_string(site.path(path)).unwrap(),
            "written by hand\n",
            "`huddle new {kind}` changed {path}"
        );
    }
}

#[test]
fn new_refuses_a_title_without_a_letter_and_shortens_a_long_one() {
    let site = Site::with_files(&[]);
    for title in ["!!!", "🎉🎉", "..."] {
        site.run(&["new", "story", title])
            .failure()
            .reports("has no letter or digit to name the file after");
    }
    assert!(!site.path("content/stories").exists());
    let long = "word ".repeat(100);
    site.run(&["new", "story", &long]).success();
    let stem = "word-".repeat(16);
    let path = format!("content/stories/{}.md", stem.trim_end_matches('-'));
    assert!(site.path(&path).is_file(), "no {path}");
}

#[test]
fn a_new_playbook_and_rep_build_as_they_are_and_a_new_story_asks_for_its_rep() {
    let site = Site::with_files(&[]);
    site.run(&["new", "playbook", "Ride-along observation"])
        .success();
    site.run(&["new", "rep", "Priya Nair"]).success();
    site.build();
    site.check_output(&[]);
    site.run(&["new", "story", "Acme renewal"]).success();
    // A new page is a draft: its missing rep warns, and the site still builds.
    site.run(&["build"])
        .success()
        .reports("warning: missing `rep`")
        .reports("content/stories/acme-renewal.md");
    site.run(&["build", "--drafts"])
        .failure()
        .reports("error: missing `rep`")
        .reports("content/stories/acme-renewal.md");
}

#[test]
fn check_validates_without_writing_anything() {
    let site = Site::fixture("team");
    let run = site.run(&["check"]).success();
    assert_contains(&run.stdout(), "Checked: no errors");
    assert!(!site.path("public").exists(), "check wrote public/");
}

#[test]
fn check_fails_on_a_content_error_and_still_writes_nothing() {
    let site = Site::fixture("team");
    site.write(
        "content/stories/big-win.md",
        "---\ntitle: Big win\nrep: bo-rpe\ndate: 2026-03-14\n---\n",
    );
    site.run(&["check"])
        .failure()
        .reports("unknown rep `bo-rpe`")
        .reports("check failed: 1 error(s)");
    assert!(!site.path("public").exists(), "check wrote public/");
}

#[test]
fn root_builds_a_site_from_another_folder() {
    let site = Site::fixture("team");
    site.run_in("..", &["--root", "site", "build"]).success();
    assert_contains(&site.read("index.html"), "Welcome to the fixture team");
    site.run_in("..", &["check", "--root", "site"]).success();
}

#[test]
fn huddle_finds_the_site_from_a_folder_inside_it() {
    let site = Site::fixture("team");
    site.run_in("content/stories", &["build"]).success();
    assert!(site.exists("stories/big-win/index.html"));
    assert!(!site.path("content/stories/public").exists());
}

#[test]
fn a_folder_without_huddle_yaml_is_a_clear_error() {
    let folder = Site::empty();
    folder.write("content/index.md", "# Home\n");
    // huddle looks for huddle.yaml in the folders above, too.
    for above in folder.root.ancestors() {
        assert!(
            !above.join("huddle.yaml").exists(),
            "{} holds a huddle.yaml, so this test cannot run here",
            above.display()
        );
    }
    let run = folder
        .run(&["build"])
        .failure()
        .reports("error: no huddle.yaml in")
        .reports("run `huddle init` to start a site, or pass --root DIR");
    assert_lacks(&run.stderr(), "panicked");
    assert!(!folder.path("public").exists());
}

#[test]
fn a_site_without_a_content_folder_is_a_clear_error() {
    let site = Site::with_files(&[]);
    site.run(&["build"])
        .failure()
        .reports("no content folder at")
        .reports("create content/");
}
