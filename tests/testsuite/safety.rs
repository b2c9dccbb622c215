//! Errors and safety: a failed build changes nothing on disk; huddle refuses
//! an output folder it could wreck; what authors write cannot inject script
//! into the site; and no input, however broken, makes huddle panic.

use crate::common;

use common::{Site, assert_contains, assert_lacks};

/// Builds the team fixture, lets `spoil` edit it so the next build must fail,
/// builds again, and checks that every file of the first build is still
/// there, byte for byte, and nothing was added.
fn a_failed_rebuild_changes_nothing(spoil: impl FnOnce(&Site)) {
    let site = Site::fixture("team");
    site.build();
    let before = site.output_bytes();
    // A good edit that would change pages, so a half-written output shows.
    site.write(
        "content/stories/big-win.md",
        &std::fs::read_to_string(site.path("content/stories/big-win.md"))
            .unwrap()
            .replace("Big win at Acme", "Renamed win at Acme"),
    );
    spoil(&site);
    site.run(&["build"])
        .failure()
        .reports("the previous output is unchanged");
    let after = site.output_bytes();
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the failed build added or removed files"
    );
    for (file, bytes) in &before {
        assert!(after[file] == *bytes, "the failed build changed {file}");
    }
}

#[test]
fn a_build_failing_on_a_broken_link_leaves_the_previous_output_as_it_was() {
    a_failed_rebuild_changes_nothing(|site| {
        site.write(
            "content/about/expectations.md",
            "---\ntitle: Expectations\n---\n\nSee [the old page](gone.md).\n",
        );
    });
}

#[test]
fn a_build_failing_on_bad_yaml_leaves_the_previous_output_as_it_was() {
    a_failed_rebuild_changes_nothing(|site| {
        site.write(
            "content/playbooks/discovery.md",
            "---\ntitle: Discovery: the first call\n---\n",
        );
    });
}

#[test]
fn a_build_failing_on_a_template_error_leaves_the_previous_output_as_it_was() {
    a_failed_rebuild_changes_nothing(|site| {
        site.write(
            "templates/story.html",
            "{% extends \"base.html\" %}{% block content %}{{ page.nonexistent.field }}{% endblock content %}",
        );
    });
}

#[test]
fn the_site_root_is_refused_as_output_folder() {
    let site = Site::fixture("team");
    site.run(&["build", "--out", "."])
        .failure()
        .reports("refusing");
    assert!(site.path("huddle.yaml").exists());
    assert!(site.path("content/stories/big-win.md").exists());
}

#[test]
fn the_content_folder_is_refused_as_output_folder() {
    let site = Site::fixture("team");
    site.run(&["build", "--out", "content"])
        .failure()
        .reports("refusing");
    assert!(site.path("content/stories/big-win.md").exists());
    assert!(!site.path("content/index.html").exists());
}

#[test]
fn a_folder_holding_the_site_is_refused_as_output_folder() {
    let site = Site::fixture("team");
    site.run(&["build", "--out", ".."])
        .failure()
        .reports("refusing");
    assert!(site.path("huddle.yaml").exists());
    assert!(site.path("content/stories/big-win.md").exists());
}

#[test]
fn a_non_empty_folder_huddle_did_not_create_is_refused_and_kept() {
    let site = Site::fixture("team");
    site.write("exports/q3-forecast.xlsx", "the only copy");
    site.run(&["build", "--out", "exports"])
        .failure()
        .reports("refusing");
    assert_eq!(
        std::fs::read_to_string(site.path("exports/q3-forecast.xlsx")).unwrap(),
        "the only copy"
    );
    assert!(!site.path("exports/index.html").exists());
}

#[test]
fn a_foreign_file_in_the_previous_output_makes_the_next_build_refuse() {
    let site = Site::fixture("team");
    site.build();
    site.write("public/CNAME", "wiki.example.com\n");
    let before = site.output_bytes();
    site.run(&["build"])
        .failure()
        .reports("refusing")
        .reports("CNAME");
    assert_eq!(site.read("CNAME"), "wiki.example.com\n");
    assert!(
        site.output_bytes() == before,
        "the refused build changed public/"
    );
}

#[test]
fn an_output_folder_huddle_wrote_is_rebuilt_in_place() {
    let site = Site::fixture("team");
    site.run(&["build", "--out", "../team-site"]).success();
    site.write(
        "content/about/expectations.md",
        "---\ntitle: Expectations, revised\n---\n",
    );
    site.run(&["build", "--out", "../team-site"]).success();
    site.check_folder("../team-site", &[]);
    let page =
        std::fs::read_to_string(site.path("../team-site/about/expectations/index.html")).unwrap();
    assert_contains(&page, "Expectations, revised");
}

#[test]
fn front_matter_values_are_escaped_in_html() {
    let site = Site::with_files(&[
        (
            "content/reps/ana-lee.md",
            "---\nname: Ana Lee\nrole: \"<img src=x onerror=alert(2)>\"\n---\n",
        ),
        (
            "content/stories/xss.md",
            "---\ntitle: \"<script>alert(1)</script>\"\nrep: ana-lee\ndate: 2026-03-03\ncustomer: Tom & \"Jerry\"\n---\n",
        ),
    ]);
    site.build();
    let story = site.read("stories/xss/index.html");
    assert_contains(&story, "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>");
    assert_contains(&story, "Tom &amp; &quot;Jerry&quot;");
    // Not in the story, the lists, the rep page, nor the feed.
    site.check_output(&["<script>alert(1)", "<img src=x onerror"]);
}

#[test]
fn raw_scripts_event_handlers_and_javascript_urls_are_removed_by_default() {
    let site = Site::with_files(&[
        (
            "content/about/tools.md",
            concat!(
                "# Tools\n\n",
                "Hello <script>alert('SCRIPT-CANARY')</script> team.\n\n",
                "<img src=\"chart.png\" alt=\"Pipeline\" onerror=\"alert('HANDLER-CANARY')\">\n\n",
                "<a href=\"javascript:alert('URL-CANARY')\">the CRM</a>\n\n",
                "<details><summary>More</summary>Details stay.</details>\n\n",
                "| stage | owner |\n|---|---|\n| discovery | Ana |\n",
            ),
        ),
        ("content/about/chart.png", "not really a png"),
    ]);
    site.build();
    let page = site.read("about/tools/index.html");
    assert_contains(
        &page,
        "<details><summary>More</summary>Details stay.</details>",
    );
    assert_contains(&page, "<table>");
    assert_contains(&page, r#"<img src="../../about/chart.png" alt="Pipeline">"#);
    assert_contains(&page, "<a>the CRM</a>");
    site.check_output(&[
        "SCRIPT-CANARY",
        "HANDLER-CANARY",
        "URL-CANARY",
        "onerror",
        "javascript:",
    ]);
}

#[test]
fn raw_html_deny_escapes_raw_html_as_text() {
    let site = Site::with_files(&[
        (
            "huddle.yaml",
            "title: Test wiki\nbase_url: https://wiki.example.com/\nmarkdown:\n  raw_html: deny\n",
        ),
        (
            "content/about/tools.md",
            "# Tools\n\nHello <script>alert(1)</script> team.\n\n<details><summary>More</summary>Hidden</details>\n",
        ),
    ]);
    site.build();
    let page = site.read("about/tools/index.html");
    assert_contains(&page, "Hello &lt;script&gt;alert(1)&lt;/script&gt; team.");
    assert_contains(&page, "&lt;details&gt;");
    assert_lacks(&page, "<details>");
    site.check_output(&["<script>alert"]);
}

#[test]
fn html_comments_in_markdown_never_reach_the_output() {
    for policy in ["sanitize", "allow", "deny"] {
        let site = Site::with_files(&[
            (
                "huddle.yaml",
                &format!(
                    "title: Test wiki\nbase_url: https://wiki.example.com/\nmarkdown:\n  raw_html: {policy}\n"
                ),
            ),
            (
                "content/about/comp-plan.md",
                "# Compensation plan\n\n<!-- COMMENT-CANARY: draft numbers, do not share -->\n\nAccelerators start at 100%. <!-- INLINE-CANARY -->\n",
            ),
        ]);
        site.build();
        assert_contains(
            &site.read("about/comp-plan/index.html"),
            "Accelerators start at 100%.",
        );
        site.check_output(&["COMMENT-CANARY", "INLINE-CANARY"]);
    }
}

/// Builds a site holding one file of `bytes` at `path` (under `content/`).
fn build_with_file(path: &str, bytes: &[u8]) -> common::Run {
    let site = Site::with_files(&[("content/about.md", "# About\n")]);
    let path = site.path("content").join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
    site.run(&["build"])
}

#[test]
fn an_empty_file_does_not_panic() {
    build_with_file("empty.md", b"").without_panic();
    build_with_file("stories/empty.md", b"").without_panic();
}

#[test]
fn a_file_of_only_a_fence_does_not_panic() {
    build_with_file("dashes.md", b"---").without_panic();
    build_with_file("dashes.md", b"---\n").without_panic();
    build_with_file("reps/fences.md", b"---\n---\n").without_panic();
}

#[test]
fn a_binary_file_named_like_markdown_does_not_panic() {
    let binary: Vec<u8> = (0..4096u32).map(|n| (n * 7919 % 256) as u8).collect();
    build_with_file("x.md", &binary)
        .failure()
        .reports("content/x.md")
        .reports("invalid UTF-8");
    build_with_file("stories/x.md", &binary).without_panic();
}
