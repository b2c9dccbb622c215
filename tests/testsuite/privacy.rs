//! Privacy canaries, beyond `tests/drafts_private.rs`: every field a draft
//! of each kind can carry, `private:` blocks on every kind of page
//! (intros included, keys as well as values, nested), HTML comments of
//! every shape, YAML comments and unknown keys. None may reach any output
//! file of a published build — HTML, feed, sitemap, search index, copied
//! files, the output's own marker — in its text or in a file name, in any
//! letter case; and the dev server's preview (drafts on, private off)
//! holds no private data either.

use crate::common;

use std::path::Path;

use common::{Site, assert_contains};
use huddle::config::BuildOptions;
use huddle::driver::Session;

/// Each draft canary sits in one field, so a failure says which leaked.
const DRAFT_FILES: &[(&str, &str)] = &[
    (
        "content/stories/zz-draft-story.md",
        "---\ntitle: Canary-d-title\nrep: ana\ndate: 2030-01-01\noutcome: won\n\
         customer: Canary-d-customer\nindustry: Canary-d-industry\nvalue: Canary-d-value\n\
         competitor: Canary-d-competitor\nsummary: Canary-d-summary\n\
         actions: [Canary-d-action]\nresults: [Canary-d-result]\n\
         tags: [canary-d-tag]\nskills: [canary-d-skill]\nplaybooks: [discovery]\n\
         extra: {note: Canary-d-extra}\ndraft: true\n---\n\
         # Canary-d-heading\n\nCanary-d-body with [a link](../playbooks/discovery.md). Canarydraftword.\n",
    ),
    (
        "content/reps/zz-draft-rep.md",
        "---\nname: Canary-d-name\nrole: Canary-d-role\nteam: Canary-d-team\n\
         region: Canary-d-region\nemail: canary-d-email@example.com\nphoto: canary-d-photo.png\n\
         strengths: [canary-d-strength]\nfocus: [canary-d-focus]\nmanager: ana\ndraft: true\n---\n\
         Canary-d-rep-body\n",
    ),
    (
        "content/playbooks/zz-draft-playbook.md",
        "---\ntitle: Canary-d-playbook\nstage: canary-d-stage\nowner: ana\n\
         summary: Canary-d-playbook-summary\nupdated: 2030-01-01\ndraft: true\n---\n\
         Canary-d-playbook-body\n",
    ),
    (
        "content/guides/zz-draft-page.md",
        "---\ntitle: Canary-d-page\ndraft: true\n---\nCanary-d-page-body\n",
    ),
];

/// Published pages, each with a `private:` block (and other hidden text).
const PUBLISHED_FILES: &[(&str, &str)] = &[
    (
        "content/index.md",
        "---\ntitle: Home\nprivate: {canary-p-home-key: Canary-p-home}\n---\nWelcome.\n",
    ),
    (
        "content/stories/index.md",
        "---\ntitle: Our stories\nprivate: {note: Canary-p-stories-intro}\n---\nWins and losses.\n",
    ),
    (
        "content/reps/ana.md",
        "---\nname: Ana Lee\nteam: East\nprivate:\n  plan: Canary-p-rep-plan Canaryprivateword\n  \
         history:\n    - year: 2025\n      rating: Canary-p-rep-rating\n  \
         canary-p-rep-key: [1, 2, 3]\n---\nAna sells.\n",
    ),
    (
        "content/stories/big-win.md",
        "---\ntitle: Big win\nrep: ana\ndate: 2026-03-14\noutcome: won\n\
         private: {margin: Canary-p-story-margin, list: [Canary-p-story-list]}\n---\n\
         We won.\n\n\
         <!-- Canary-c-block: a comment on its own -->\n\n\
         Prices <!-- Canary-c-inline --> were fair.\n\n\
         > quoted\n> <!-- Canary-c-quote -->\n\n\
         - item <!--\n  Canary-c-multiline\n  -->\n\n\
         <div><!-- Canary-c-in-html --><p>kept</p></div>\n",
    ),
    (
        "content/playbooks/discovery.md",
        "---\n# Canary-y-yaml-comment\ntitle: Discovery\nowner: ana\n\
         canary_unknown: Canary-u-unknown-key\n\
         private: {risk: Canary-p-playbook}\n---\nAsk questions.\n",
    ),
    (
        "content/guides/handbook.md",
        "---\ntitle: Handbook\nprivate: {secret: Canary-p-page}\n---\nThe handbook.\n\n\
         Last words. <!-- Canary-c-unclosed at the end of the file\n",
    ),
];

fn site() -> Site {
    let files: Vec<(&str, &str)> = DRAFT_FILES.iter().chain(PUBLISHED_FILES).copied().collect();
    Site::with_files(&files)
}

/// Every canary of a family, by prefix, read from the fixture texts.
fn canaries(prefix: &str) -> Vec<String> {
    let mut found: Vec<String> = DRAFT_FILES
        .iter()
        .chain(PUBLISHED_FILES)
        .flat_map(|(_, text)| {
            text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .filter(|word| word.to_ascii_lowercase().starts_with(prefix))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    found.sort();
    found.dedup();
    assert!(!found.is_empty(), "no {prefix} canary");
    found
}

/// Canaries of one word each: the search index holds words, folded (a
/// hyphenated canary would be three words there, each harmless alone), so
/// these show a leak into a term file as plainly as into a page.
const DRAFT_WORD: &str = "Canarydraftword";
const PRIVATE_WORD: &str = "Canaryprivateword";

/// Asserts no file under `output` holds a canary in its bytes or its name,
/// in any letter case.
fn assert_absent(output: &Path, canaries: &[String]) {
    let mut files = 0;
    for entry in walkdir::WalkDir::new(output).min_depth(1) {
        let entry = entry.unwrap();
        let name = entry.path().strip_prefix(output).unwrap().to_string_lossy();
        for canary in canaries {
            assert!(
                !name
                    .to_ascii_lowercase()
                    .contains(&canary.to_ascii_lowercase()),
                "{canary} is in the file name {name}"
            );
        }
        if entry.file_type().is_file() {
            files += 1;
            let text =
                String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).to_ascii_lowercase();
            for canary in canaries {
                assert!(
                    !text.contains(&canary.to_ascii_lowercase()),
                    "{canary} is in {name}"
                );
            }
        }
    }
    assert!(files > 10, "only {files} files under {}", output.display());
}

#[test]
fn a_published_build_holds_no_draft_private_comment_or_unknown_key() {
    let site = site();
    site.build();
    let output = site.path("public");
    for family in ["canary-d", "canary-p", "canary-c", "canary-y", "canary-u"] {
        assert_absent(&output, &canaries(family));
    }
    assert_absent(&output, &[DRAFT_WORD.into(), PRIVATE_WORD.into()]);
    // What sits around the hidden text is published.
    let story = site.read("stories/big-win/index.html");
    for kept in ["We won.", "were fair.", "quoted", "kept"] {
        assert_contains(&story, kept);
    }
    assert_contains(&site.read("guides/handbook/index.html"), "Last words.");
    // Relations and counts ignore the drafts.
    let playbook = site.read("playbooks/discovery/index.html");
    assert!(
        !playbook.contains("Linked from"),
        "a draft's backlink shows"
    );
    site.check_output(&[]);
}

#[test]
fn drafts_build_shows_drafts_but_no_private_data() {
    let site = site();
    site.run(&["build", "--drafts"]).success();
    assert_contains(
        &site.read("stories/zz-draft-story/index.html"),
        "Canary-d-body",
    );
    let output = site.path("public");
    assert_absent(&output, &canaries("canary-p"));
    assert_absent(&output, &canaries("canary-c"));
    assert_absent(&output, &[PRIVATE_WORD.into()]);
    // The check can fail: the draft's own word is in its term file.
    assert!(
        site.output_files()
            .iter()
            .filter(|file| file.starts_with("search/t/"))
            .any(|file| site.read(file).contains(&DRAFT_WORD.to_lowercase())),
        "a drafts build indexes the draft's words"
    );
}

#[test]
fn private_build_shows_private_data_but_no_drafts_or_comments() {
    let site = site();
    site.run(&["build", "--private", "--out", "public"])
        .success();
    assert_contains(&site.read("reps/ana/index.html"), "Canary-p-rep-plan");
    let output = site.path("public");
    assert_absent(&output, &canaries("canary-d"));
    assert_absent(&output, &canaries("canary-c"));
    // Private data is shown on pages, never indexed, even here.
    assert_absent(
        &output_of(&site, "search"),
        &[DRAFT_WORD.into(), PRIVATE_WORD.into()],
    );
}

/// A folder of the output.
fn output_of(site: &Site, folder: &str) -> std::path::PathBuf {
    site.path("public").join(folder)
}

#[test]
fn the_dev_server_preview_shows_drafts_but_no_private_data() {
    let site = site();
    // What `huddle serve` builds without --private: a preview with drafts.
    let mut options = BuildOptions::new(&site.root);
    options.drafts = true;
    let session = Session::start(options).expect("the site builds");
    let snapshot = huddle::serve::snapshot(&session);
    let mut private = canaries("canary-p");
    private.push(PRIVATE_WORD.into());
    let mut saw_draft = false;
    for (path, body) in &snapshot.files {
        let bytes = match body {
            huddle::serve::Body::Bytes(bytes) => bytes.to_vec(),
            huddle::serve::Body::File(source) => std::fs::read(source).unwrap(),
        };
        let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
        saw_draft |= text.contains("canary-d-body");
        for canary in &private {
            assert!(
                !text.contains(&canary.to_ascii_lowercase()),
                "{canary} is in the preview's {path}"
            );
        }
    }
    assert!(saw_draft, "the preview shows drafts");
}

#[test]
fn a_published_build_after_a_private_one_leaves_no_private_data_beside_the_output() {
    let site = site();
    // Into the published folder on purpose: --force is the one way there.
    site.run(&["build", "--drafts", "--private", "--out", "public"])
        .success();
    site.run(&["build", "--force"]).success();
    // The output and every folder huddle keeps beside it.
    for entry in std::fs::read_dir(&site.root).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if ["content", "huddle.yaml"].contains(&name.as_str()) {
            continue;
        }
        assert_absent(&entry.path(), &canaries("canary-p"));
        assert_absent(&entry.path(), &canaries("canary-d"));
        assert_absent(&entry.path(), &[DRAFT_WORD.into(), PRIVATE_WORD.into()]);
    }
}
