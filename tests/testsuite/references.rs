//! References between pages in front matter — a story's rep and playbooks,
//! a playbook's owner, a rep's manager — must name pages that exist. A bad
//! id is an error at its own line and column, with a "did you mean" when
//! one is close; and a build reports every content error in one run.

use crate::common;

use common::{Site, assert_lacks};

/// A small team: a manager, a rep and a playbook to refer to.
const TEAM: [(&str, &str); 3] = [
    (
        "content/reps/ana-lee.md",
        "---\nname: Ana Lee\nrole: Sales Manager\nteam: Enterprise\n---\n",
    ),
    (
        "content/reps/priya-nair.md",
        "---\nname: Priya Nair\nteam: Enterprise\nmanager: ana-lee\n---\n",
    ),
    (
        "content/playbooks/discovery-call.md",
        "---\ntitle: Discovery call\nowner: ana-lee\n---\n\n## Questions\n",
    ),
];

/// The team plus one more file.
fn team_with(path: &str, text: &str) -> Site {
    let site = Site::with_files(&TEAM);
    site.write(path, text);
    site
}

#[test]
fn an_unknown_rep_is_an_error_at_the_bad_id_with_a_suggestion() {
    let site = team_with(
        "content/stories/acme.md",
        "---\ntitle: Acme renewal\nrep: priya-nai\ndate: 2026-03-03\n---\n",
    );
    site.run(&["build"])
        .failure()
        .reports("error: unknown rep `priya-nai`")
        .reports("content/stories/acme.md:3:6")
        .reports(" 3 | rep: priya-nai\n   |      ^^^^^^^^^")
        .reports("did you mean `priya-nair`?");
}

#[test]
fn an_unknown_rep_in_a_list_of_reps_is_placed_at_that_item() {
    let site = team_with(
        "content/stories/acme.md",
        "---\ntitle: Acme renewal\nreps: [priya-nair, ana-leee]\ndate: 2026-03-03\n---\n",
    );
    site.run(&["build"])
        .failure()
        .reports("error: unknown rep `ana-leee`")
        .reports("content/stories/acme.md:3:20")
        .reports("did you mean `ana-lee`?");
}

#[test]
fn an_unknown_playbook_is_an_error_at_the_bad_id_with_a_suggestion() {
    let site = team_with(
        "content/stories/acme.md",
        "---\ntitle: Acme renewal\nrep: priya-nair\ndate: 2026-03-03\nplaybooks:\n  - discovery-cal\n---\n",
    );
    site.run(&["build"])
        .failure()
        .reports("error: unknown playbook `discovery-cal`")
        .reports("content/stories/acme.md:6:5")
        .reports("did you mean `discovery-call`?");
}

#[test]
fn an_unknown_owner_of_a_playbook_is_an_error_with_a_suggestion() {
    let site = team_with(
        "content/playbooks/ride-along.md",
        "---\ntitle: Ride-along observation\nstage: Coaching\nowner: ana-le\n---\n",
    );
    site.run(&["build"])
        .failure()
        .reports("error: unknown rep `ana-le`")
        .reports("content/playbooks/ride-along.md:4:8")
        .reports("did you mean `ana-lee`?");
}

#[test]
fn an_unknown_manager_of_a_rep_is_an_error_with_a_suggestion() {
    let site = team_with(
        "content/reps/jonas-becker.md",
        "---\nname: Jonas Becker\nteam: Enterprise\nmanager: anna-lee\n---\n",
    );
    site.run(&["build"])
        .failure()
        .reports("error: unknown rep `anna-lee`")
        .reports("content/reps/jonas-becker.md:4:10")
        .reports("did you mean `ana-lee`?");
}

#[test]
fn an_id_close_to_nothing_gets_no_guess_but_says_what_an_id_is() {
    let site = team_with(
        "content/stories/acme.md",
        "---\ntitle: Acme renewal\nrep: the-new-hire\ndate: 2026-03-03\n---\n",
    );
    let run = site
        .run(&["build"])
        .failure()
        .reports("error: unknown rep `the-new-hire`")
        .reports("content/stories/acme.md:3:6")
        .reports("a rep id is its file's path under content/reps/ without .md");
    assert_lacks(&run.stderr(), "did you mean");
}

#[test]
fn naming_a_draft_rep_is_an_error_unless_drafts_are_built() {
    let site = team_with(
        "content/stories/acme.md",
        "---\ntitle: Acme renewal\nrep: jonas-becker\ndate: 2026-03-03\n---\n",
    );
    site.write(
        "content/reps/jonas-becker.md",
        "---\nname: Jonas Becker\ndraft: true\n---\n",
    );
    site.run(&["build"])
        .failure()
        .reports("`rep` names rep `jonas-becker`, which is a draft")
        .reports("content/stories/acme.md:3:6");
    site.run(&["build", "--drafts"]).success();
}

#[test]
fn a_build_reports_every_content_error_in_one_run() {
    let site = Site::with_files(&TEAM);
    // Three files, three different mistakes.
    site.write(
        "content/playbooks/win-loss-review.md",
        "---\ntitle: Win/loss review\nsummary: Within: two weeks of the decision\n---\n",
    );
    site.write(
        "content/stories/acme.md",
        "---\ntitle: Acme renewal\nrep: priya-nai\ndate: 2026-03-03\n---\n",
    );
    site.write(
        "content/about/expectations.md",
        "# Expectations\n\nSee [the weekly meeting](../playbooks/weekly.md).\n",
    );
    site.run(&["build"])
        .failure()
        .reports("content/playbooks/win-loss-review.md:3:10")
        .reports("invalid YAML in front matter")
        .reports("content/stories/acme.md:3:6")
        .reports("unknown rep `priya-nai`")
        .reports("content/about/expectations.md:3:5")
        .reports("broken link: `../playbooks/weekly.md`")
        .reports("3 error(s)");
    assert!(
        !site.path("public").exists(),
        "a failed build writes nothing"
    );
}
