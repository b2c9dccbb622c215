//! Links between pages, written as ordinary relative links to `.md` files so
//! the wiki reads well on GitHub: huddle rewrites them to page-relative
//! output URLs and checks that every page and heading they name exists.

use crate::common;

use common::{Site, assert_contains, assert_lacks};

/// The nested guide of the `links` fixture, which links to everything.
const RIDE_ALONG: &str = "guides/field/ride-along/index.html";

#[test]
fn links_to_markdown_files_become_page_relative_urls() {
    let site = Site::fixture("links");
    site.build();
    let page = site.read(RIDE_ALONG);
    assert_contains(
        &page,
        r#"<a href="../../../playbooks/meetings/index.html">the meeting playbook</a>"#,
    );
    assert_contains(
        &page,
        r#"<a href="../../../playbooks/meetings/index.html#agenda">agenda</a>"#,
    );
    assert_lacks(&page, "meetings.md");
    site.check_output(&[]);
}

#[test]
fn the_same_target_is_written_relative_to_each_page_that_links_it() {
    let site = Site::fixture("links");
    site.build();
    assert_contains(
        &site.read("index.html"),
        r#"<a href="./playbooks/meetings/index.html">the weekly meeting</a>"#,
    );
    assert_contains(
        &site.read(RIDE_ALONG),
        r#"href="../../../playbooks/meetings/index.html""#,
    );
}

#[test]
fn a_link_starting_with_a_slash_is_resolved_from_content_and_written_relative() {
    let site = Site::fixture("links");
    site.build();
    assert_contains(
        &site.read(RIDE_ALONG),
        r#"<a href="../../../playbooks/meetings/index.html#agenda">the same agenda</a>"#,
    );
}

#[test]
fn a_link_to_a_folder_leads_to_its_index_page() {
    let site = Site::fixture("links");
    site.build();
    let page = site.read(RIDE_ALONG);
    assert_contains(
        &page,
        r#"<a href="../../../guides/index.html">all guides</a>"#,
    );
    assert_contains(
        &page,
        r#"<a href="../../../guides/index.html">the guides folder</a>"#,
    );
}

#[test]
fn heading_ids_follow_githubs_rule_so_github_anchors_work() {
    let site = Site::fixture("links");
    site.build();
    let playbook = site.read("playbooks/meetings/index.html");
    // Lower case, punctuation dropped, spaces to `-`, repeats suffixed.
    assert_contains(&playbook, r#"<h2 id="agenda">Agenda</h2>"#);
    assert_contains(&playbook, r#"<h2 id="qa-section">Q&amp;A section</h2>"#);
    assert_contains(&playbook, r#"<h2 id="whats-next">What's next?</h2>"#);
    assert_contains(&playbook, r#"<h2 id="agenda-1">Agenda</h2>"#);
    assert_contains(
        &playbook,
        r#"<h2 id="pipeline-review-weekly">Pipeline review (weekly)</h2>"#,
    );
    assert_contains(&playbook, r##"<a href="#agenda">agenda</a>"##);
    let guide = site.read(RIDE_ALONG);
    for anchor in [
        "agenda-1",
        "qa-section",
        "whats-next",
        "pipeline-review-weekly",
    ] {
        assert_contains(
            &guide,
            &format!(r#"href="../../../playbooks/meetings/index.html#{anchor}""#),
        );
    }
    site.check_output(&[]);
}

#[test]
fn images_and_files_beside_a_page_are_linked_and_copied() {
    let site = Site::fixture("links");
    site.build();
    let page = site.read(RIDE_ALONG);
    assert_contains(
        &page,
        r#"<img src="../../../guides/field/cycle.svg" alt="The observation cycle""#,
    );
    assert_contains(
        &page,
        r#"<a href="../../../guides/field/scorecard.pdf">scorecard</a>"#,
    );
    for asset in ["guides/field/cycle.svg", "guides/field/scorecard.pdf"] {
        assert_eq!(
            std::fs::read(site.path("public").join(asset)).unwrap(),
            std::fs::read(site.path("content").join(asset)).unwrap(),
            "{asset} is copied as it is"
        );
    }
    site.check_output(&[]);
}

#[test]
fn external_and_mailto_links_are_left_as_written() {
    let site = Site::fixture("links");
    site.build();
    let page = site.read(RIDE_ALONG);
    assert_contains(
        &page,
        r#"<a href="https://example.com/handbook/intro.md">the handbook site</a>"#,
    );
    assert_contains(
        &page,
        r#"<a href="mailto:coaching@example.com">the coaching desk</a>"#,
    );
}

#[test]
fn a_link_to_a_missing_page_is_an_error_with_file_line_and_column() {
    let site = Site::fixture("links");
    site.write(
        "content/guides/field/joint-calls.md",
        "---\ntitle: Joint calls\n---\n\nPrepare with [the call plan](../call-plan.md).\n",
    );
    site.run(&["build"])
        .failure()
        .reports("error: broken link: `../call-plan.md` leads to content/guides/call-plan.md, which does not exist")
        .reports("content/guides/field/joint-calls.md:5:14")
        .reports(" 5 | Prepare with [the call plan](../call-plan.md).")
        .reports("   |              ^^^");
}

#[test]
fn a_link_with_a_typo_in_the_file_name_suggests_the_page_next_to_it() {
    let site = Site::fixture("links");
    site.write(
        "content/guides/field/joint-calls.md",
        "---\ntitle: Joint calls\n---\n\nAs on [a ride-along](ride-alng.md).\n",
    );
    site.run(&["build"]).failure().reports(
        "error: broken link: `ride-alng.md` leads to content/guides/field/ride-alng.md, \
         which does not exist; did you mean content/guides/field/ride-along.md?",
    );
}

#[test]
fn a_link_to_a_missing_heading_is_an_error_suggesting_the_closest_one() {
    let site = Site::fixture("links");
    site.write(
        "content/guides/field/joint-calls.md",
        "---\ntitle: Joint calls\n---\n\nSee the [agenda](../../playbooks/meetings.md#agnda).\n",
    );
    site.run(&["build"])
        .failure()
        .reports("error: broken link: `../../playbooks/meetings.md#agnda`: no heading `#agnda` in content/playbooks/meetings.md")
        .reports("content/guides/field/joint-calls.md:5:9")
        .reports("did you mean `#agenda`?");
}

#[test]
fn a_link_to_an_unknown_heading_explains_the_heading_id_rule() {
    let site = Site::fixture("links");
    site.write(
        "content/guides/field/joint-calls.md",
        "---\ntitle: Joint calls\n---\n\nSee [the objections](../../playbooks/meetings.md#Handling-Objections!).\n",
    );
    site.run(&["build"])
        .failure()
        .reports("no heading `#Handling-Objections!`")
        .reports("heading ids follow GitHub's rule");
}

#[test]
fn a_link_to_a_missing_heading_on_the_same_page_is_an_error() {
    let site = Site::fixture("links");
    site.write(
        "content/guides/field/joint-calls.md",
        "---\ntitle: Joint calls\n---\n\nJump to [the debrief](#debrief).\n\n## Debriefing\n",
    );
    site.run(&["build"])
        .failure()
        .reports("no heading `#debrief` in content/guides/field/joint-calls.md")
        .reports("content/guides/field/joint-calls.md:5:9");
}

#[test]
fn a_link_that_climbs_out_of_content_is_an_error() {
    let site = Site::fixture("links");
    site.write(
        "content/guides/field/joint-calls.md",
        "---\ntitle: Joint calls\n---\n\nSee [the config](../../../../huddle.yaml).\n",
    );
    site.run(&["build"])
        .failure()
        .reports("points outside content/")
        .reports("content/guides/field/joint-calls.md:5:5");
}

#[test]
fn links_warn_lets_a_migrated_handbook_build_with_broken_links_as_warnings() {
    let site = Site::fixture("links");
    site.write(
        "huddle.yaml",
        "title: Link Fixture\nbase_url: https://wiki.example.com/\nlinks: warn\n",
    );
    site.write(
        "content/guides/field/joint-calls.md",
        "---\ntitle: Joint calls\n---\n\nSee [the plan](../call-plan.md) and [the agenda](../../playbooks/meetings.md#agnda).\n",
    );
    let run = site
        .build()
        .reports("warning: broken link: `../call-plan.md`")
        .reports("warning: broken link: `../../playbooks/meetings.md#agnda`")
        .reports("content/guides/field/joint-calls.md:5:5");
    assert_lacks(&run.stderr(), "error");
    assert_contains(
        &site.read("guides/field/joint-calls/index.html"),
        "the plan",
    );
}

#[test]
fn a_link_to_a_draft_is_an_error_unless_drafts_are_built() {
    let site = Site::fixture("links");
    site.write(
        "content/guides/field/debrief.md",
        "---\ntitle: Debrief form\ndraft: true\n---\n\nStill being written.\n",
    );
    site.write(
        "content/guides/field/joint-calls.md",
        "---\ntitle: Joint calls\n---\n\nFill in the [debrief form](debrief.md).\n",
    );
    site.run(&["build"])
        .failure()
        .reports("broken link: `debrief.md` leads to content/guides/field/debrief.md, a draft")
        .reports("content/guides/field/joint-calls.md:5:13")
        .reports("build with --drafts");
    site.run(&["build", "--drafts"]).success();
    assert_contains(
        &site.read("guides/field/joint-calls/index.html"),
        r#"<a href="../../../guides/field/debrief/index.html">debrief form</a>"#,
    );
    site.check_output(&[]);
}
