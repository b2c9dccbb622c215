//! Drafts and `private:` data reach no output file of a published build —
//! not a page, not a list, not the feed or sitemap, not a taxonomy count —
//! and appear, marked as such, only with `--drafts` and `--private`.
//!
//! The `unpublished` fixture hides canary strings in a draft story, a draft
//! playbook, a draft page and two `private:` mappings; the tests look for
//! them in every output file.

use crate::common;

use common::{Site, assert_contains, assert_lacks};

/// Texts only drafts carry: titles, body, customer, tag, skill and stage.
const DRAFT_CANARIES: [&str; 4] = [
    "DRAFT-CANARY",
    "draft-canary",
    "Draft-canary",
    "secret-deal",
];

/// Texts only `private:` mappings carry.
const PRIVATE_CANARIES: [&str; 1] = ["PRIVATE-CANARY"];

#[test]
fn a_published_build_holds_no_trace_of_a_draft() {
    let site = Site::fixture("unpublished");
    site.build();
    site.check_output(&DRAFT_CANARIES);
    for path in [
        "stories/secret-deal/index.html",
        "playbooks/pricing/index.html",
        "about/reorg/index.html",
        // Terms used only by drafts have no page.
        "tags/draft-canary-tag/index.html",
        "skills/draft-canary-skill/index.html",
        "stages/draft-canary-stage/index.html",
        "outcomes/won/index.html",
    ] {
        assert!(!site.exists(path), "{path} was published");
    }
}

#[test]
fn a_published_build_does_not_count_drafts() {
    let site = Site::fixture("unpublished");
    site.build();
    assert_contains(
        &site.read("tags/index.html"),
        r#"<a href="../tags/shared/index.html">shared</a> <span class="muted">1 story</span>"#,
    );
    let home = site.read("index.html");
    assert_contains(&home, "<dt>Stories</dt><dd>1</dd>");
    assert_contains(&home, "<dt>Wins</dt><dd>0</dd>");
    assert_contains(&home, "<dt>Playbooks</dt><dd>0</dd>");
}

#[test]
fn a_published_build_holds_no_private_data() {
    let site = Site::fixture("unpublished");
    site.build();
    site.check_output(&PRIVATE_CANARIES);
    let rep = site.read("reps/ana-lee/index.html");
    assert_contains(&rep, "Ana sells to logistics firms.");
    assert_lacks(&rep, "Development plan");
    assert_lacks(&rep, "private build only");
}

#[test]
fn drafts_are_included_and_marked_with_drafts() {
    let site = Site::fixture("unpublished");
    site.run(&["build", "--drafts"]).success();
    let story = site.read("stories/secret-deal/index.html");
    assert_contains(&story, "<h1>DRAFT-CANARY-TITLE</h1>");
    assert_contains(&story, "DRAFT-CANARY-BODY");
    assert_contains(&story, r#"<span class="badge badge-draft">draft</span>"#);
    assert_contains(
        &site.read("playbooks/pricing/index.html"),
        r#"<span class="badge badge-draft">draft</span>"#,
    );
    assert_contains(
        &site.read("tags/index.html"),
        r#"<a href="../tags/shared/index.html">shared</a> <span class="muted">2 stories</span>"#,
    );
    assert!(site.exists("tags/draft-canary-tag/index.html"));
    assert_contains(
        &site.read("index.html"),
        "Draft build: pages marked draft are included.",
    );
    // Drafts bring no private data with them.
    site.check_output(&PRIVATE_CANARIES);
}

#[test]
fn private_data_is_shown_and_marked_private_with_private() {
    let site = Site::fixture("unpublished");
    site.run(&["build", "--private", "--out", "public"])
        .success();
    let rep = site.read("reps/ana-lee/index.html");
    assert_contains(&rep, "private build only");
    assert_contains(&rep, "<dt>Development plan</dt>");
    assert_contains(&rep, "<dd>PRIVATE-CANARY-PLAN</dd>");
    assert_contains(&rep, "<li>PRIVATE-CANARY-CAREER</li>");
    assert_contains(&site.read("index.html"), "Private build:");
    // The private notes of a draft stay out with the draft.
    site.check_output(&["PRIVATE-CANARY-DRAFT-LESSON"]);
    site.check_output(&DRAFT_CANARIES);
}

#[test]
fn drafts_and_private_together_show_a_drafts_private_notes() {
    let site = Site::fixture("unpublished");
    site.run(&["build", "--drafts", "--private", "--out", "public"])
        .success();
    let story = site.read("stories/secret-deal/index.html");
    assert_contains(&story, r#"<span class="badge badge-draft">draft</span>"#);
    assert_contains(&story, "private build only");
    assert_contains(&story, "PRIVATE-CANARY-DRAFT-LESSON");
    assert_contains(&site.read("reps/ana-lee/index.html"), "PRIVATE-CANARY-PLAN");
    site.check_output(&[]);
}

/// The output keeps the build before last beside it as a spare; after a
/// private build, the next normal build deletes that spare rather than
/// leave development plans lying beside the published site.
#[test]
fn a_private_build_does_not_linger_beside_a_published_one() {
    let site = Site::fixture("unpublished");
    site.build();
    site.run(&["build", "--private", "--drafts"]).success();
    site.build();
    let beside: Vec<String> = std::fs::read_dir(&site.root)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for name in &beside {
        let path = site.root.join(name);
        if name.starts_with(".public") && path.is_dir() {
            for entry in walkdir::WalkDir::new(&path)
                .into_iter()
                .filter_map(Result::ok)
            {
                if entry.file_type().is_file() {
                    let bytes = std::fs::read(entry.path()).unwrap();
                    let text = String::from_utf8_lossy(&bytes);
                    for canary in DRAFT_CANARIES.iter().chain(&PRIVATE_CANARIES) {
                        assert!(
                            !text.contains(canary),
                            "{} keeps {canary} after a published build",
                            entry.path().display()
                        );
                    }
                }
            }
        }
    }
}
