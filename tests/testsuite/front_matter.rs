//! Front matter as the manual describes it: YAML between two `---` lines,
//! typed per kind, with every mistake reported at its file, line and column.
//! A page without front matter still builds, and a team's own fields reach
//! the templates under `extra:`.

use crate::common;

use common::{Site, assert_contains, assert_lacks};

/// A rep for the stories below to name.
const PRIYA: (&str, &str) = (
    "content/reps/priya-nair.md",
    "---\nname: Priya Nair\nteam: Enterprise\n---\n\nPriya sells to logistics firms.\n",
);

#[test]
fn a_byte_order_mark_and_windows_line_endings_are_accepted() {
    let site = Site::with_files(&[(
        "content/about/windows.md",
        "\u{feff}---\r\ntitle: Written on Windows\r\nsummary: Saved by Notepad\r\n---\r\n\r\n## Where we sell\r\n\r\nEverywhere north of the river.\r\n",
    )]);
    site.build();
    let page = site.read("about/windows/index.html");
    assert_contains(&page, "<title>Written on Windows · Test wiki</title>");
    assert_contains(&page, r#"<h2 id="where-we-sell">Where we sell</h2>"#);
    assert_contains(&page, "Everywhere north of the river.");
    assert_lacks(&page, "summary: Saved by Notepad");
    assert_lacks(&page, "\u{feff}");
}

#[test]
fn a_page_without_front_matter_is_titled_by_its_first_heading() {
    let site = Site::with_files(&[(
        "content/guides/onboarding.md",
        "Read this in your first week.\n\n# Onboarding checklist\n\n## Day one\n",
    )]);
    site.build();
    let page = site.read("guides/onboarding/index.html");
    assert_contains(&page, "<title>Onboarding checklist · Test wiki</title>");
    assert_contains(&page, "Read this in your first week.");
}

#[test]
fn a_page_without_front_matter_or_heading_is_titled_by_its_file_name() {
    let site = Site::with_files(&[(
        "content/guides/crm-hygiene.md",
        "Log every call the same day.\n",
    )]);
    site.build();
    let page = site.read("guides/crm-hygiene/index.html");
    assert_contains(&page, "<title>Crm hygiene · Test wiki</title>");
    assert_contains(&page, "Log every call the same day.");
}

#[test]
fn extra_fields_reach_the_templates_as_page_extra() {
    let site = Site::with_files(&[
        (
            "content/about/territories.md",
            "---\ntitle: Territories\nextra:\n  region: EMEA North\n  quota_owner: true\n---\n\nWho covers what.\n",
        ),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}<p class=\"region\">Region: {{ page.extra.region }}</p>{% endblock content %}\n",
        ),
    ]);
    site.build();
    assert_contains(
        &site.read("about/territories/index.html"),
        r#"<p class="region">Region: EMEA North</p>"#,
    );
}

#[test]
fn an_unknown_key_is_a_warning_with_a_suggestion_and_is_never_published() {
    let site = Site::with_files(&[(
        "content/about/expectations.md",
        "---\ntitle: Expectations\ntitel: UNKNOWN-KEY-CANARY\n---\n\nWhat we expect of each other.\n",
    )]);
    site.build()
        .reports("warning: unknown key `titel`")
        .reports("content/about/expectations.md:3:1")
        .reports("did you mean `title`?");
    assert_contains(
        &site.read("about/expectations/index.html"),
        "<title>Expectations · Test wiki</title>",
    );
    site.check_output(&["UNKNOWN-KEY-CANARY"]);
}

#[test]
fn check_strict_fails_on_a_warning_that_build_lets_through() {
    let site = Site::with_files(&[(
        "content/about/expectations.md",
        "---\ntitle: Expectations\ntitel: Expectations\n---\n",
    )]);
    site.build();
    site.run(&["check"])
        .success()
        .reports("unknown key `titel`");
    site.run(&["check", "--strict"])
        .failure()
        .reports("unknown key `titel`")
        .reports("--strict treats warnings as errors");
}

#[test]
fn invalid_yaml_is_an_error_showing_the_line_and_a_caret() {
    let site = Site::with_files(&[(
        "content/playbooks/discovery.md",
        "---\ntitle: Discovery call\nsummary: Discovery: find the pain first\n---\n",
    )]);
    site.run(&["build"])
        .failure()
        .reports("error: invalid YAML in front matter")
        .reports("content/playbooks/discovery.md:3:10")
        .reports(" 3 | summary: Discovery: find the pain first\n")
        .reports("   |          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n")
        .reports("put the value in quotes");
    assert!(
        !site.path("public").exists(),
        "a failed build writes nothing"
    );
}

#[test]
fn front_matter_without_a_closing_fence_is_an_error() {
    let site = Site::with_files(&[(
        "content/about/cadence.md",
        "---\ntitle: Our cadence\n\nWeekly one-to-ones.\n",
    )]);
    site.run(&["build"])
        .failure()
        .reports("error: front matter has no closing `---`")
        .reports("content/about/cadence.md:1:1")
        .reports(" 1 | ---\n   | ^");
}

#[test]
fn a_date_that_is_not_a_date_is_an_error_at_its_value() {
    let site = Site::with_files(&[
        PRIYA,
        (
            "content/stories/acme.md",
            "---\ntitle: Acme renewal\nrep: priya-nair\ndate: March 3\n---\n",
        ),
    ]);
    site.run(&["build"])
        .failure()
        .reports("error: `date` must be a date like 2026-03-14, not `March 3`")
        .reports("content/stories/acme.md:4:7")
        .reports("   |       ^^^^^^^");
}

#[test]
fn an_outcome_typo_is_an_error_that_suggests_the_outcome_meant() {
    let site = Site::with_files(&[
        PRIYA,
        (
            "content/stories/acme.md",
            "---\ntitle: Acme renewal\nrep: priya-nair\ndate: 2026-03-03\noutcome: wn\n---\n",
        ),
    ]);
    site.run(&["build"])
        .failure()
        .reports("error: `outcome` must be `won`, `lost` or `open`, not `wn`")
        .reports("content/stories/acme.md:5:10")
        .reports("did you mean `won`?");
}

#[test]
fn a_value_of_the_wrong_type_is_an_error_naming_the_type_wanted() {
    let site = Site::with_files(&[(
        "content/playbooks/discovery.md",
        "---\ntitle: Discovery call\nreview_every: ninety days\ndraft: maybe\n---\n",
    )]);
    site.run(&["build"])
        .failure()
        .reports("`review_every` must be a whole number, not `ninety days`")
        .reports("content/playbooks/discovery.md:3:1")
        .reports("`draft` must be true or false, not `maybe`")
        .reports("content/playbooks/discovery.md:4:1");
}

#[test]
fn a_story_without_rep_or_date_is_an_error_for_each() {
    let site = Site::with_files(&[
        PRIYA,
        (
            "content/stories/acme.md",
            "---\ntitle: Acme renewal\noutcome: won\n---\n",
        ),
    ]);
    site.run(&["build"])
        .failure()
        .reports("error: missing `rep`")
        .reports("error: missing `date`")
        .reports("content/stories/acme.md:4:1")
        .reports("2 error(s)");
}

#[test]
fn a_rep_without_a_name_is_an_error() {
    let site = Site::with_files(&[(
        "content/reps/jonas-becker.md",
        "---\nrole: Account Executive\n---\n",
    )]);
    site.run(&["build"])
        .failure()
        .reports("error: missing `name`")
        .reports("content/reps/jonas-becker.md:3:1")
        .reports("add `name: ...`");
}

#[test]
fn a_playbook_without_a_title_is_an_error() {
    let site = Site::with_files(&[(
        "content/playbooks/ride-along.md",
        "---\nstage: Coaching\n---\n\nObserve, learn, develop.\n",
    )]);
    site.run(&["build"])
        .failure()
        .reports("error: missing `title`")
        .reports("content/playbooks/ride-along.md:3:1");
}

#[test]
fn a_story_with_no_front_matter_at_all_is_an_error() {
    let site = Site::with_files(&[("content/stories/notes.md", "# Notes from the Acme call\n")]);
    site.run(&["build"])
        .failure()
        .reports("error: a story needs front matter")
        .reports("content/stories/notes.md:1:1");
}

#[test]
fn check_lists_playbooks_past_their_review_date_as_warnings() {
    // The weekly meeting was reviewed on 2026-01-05 and is due every 90 days;
    // the discovery call was reviewed on 2026-10-01 and is not due yet.
    let site = Site::fixture("team");
    let run = site
        .run(&["check"])
        .success()
        .reports("warning: playbook `Weekly sales meeting` is past its review date (2026-04-05)")
        .reports("content/playbooks/meetings/weekly.md:6:1");
    assert_lacks(&run.stderr(), "Discovery call");
    site.run(&["check", "--strict"])
        .failure()
        .reports("Weekly sales meeting");
}
