//! The coaching loop's four kinds are validated like the first three:
//! every problem at its file, line and column — inside a goal, an agenda
//! item or a required skill too — with "did you mean" for values, keys
//! and ids, and every reference checked.

use crate::common;

use common::Site;

const TEAM: &[(&str, &str)] = &[
    (
        "content/reps/sam.md",
        "---\nname: Sam Park\nstrengths: [Coaching]\n---\nSam leads.\n",
    ),
    (
        "content/reps/ana.md",
        "---\nname: Ana Lee\nmanager: sam\nstrengths: [Discovery]\n---\nAna sells.\n",
    ),
    (
        "content/stories/acme.md",
        "---\ntitle: Acme\nrep: ana\ndate: 2026-10-14\noutcome: won\nactions: [Asked]\nresults: [Won]\n---\nWon.\n",
    ),
];

fn site_with(path: &str, text: &str) -> Site {
    let mut files = TEAM.to_vec();
    files.push((path, text));
    Site::with_files(&files)
}

#[test]
fn a_goal_with_a_misspelt_status_is_an_error_at_the_status_with_a_suggestion() {
    let site = site_with(
        "content/plans/ana.md",
        "---\nrep: ana\nperiod: 2026 H2\nreviewed: 2026-07-01\ngoals:\n  - goal: Close two pilots\n    due: 2026-12-01\n    status: on track\n  - goal: Lead a QBR\n    status: at-rsik\n---\n",
    );
    site.run(&["build", "--private"])
        .failure()
        .reports("content/plans/ana.md:10:13")
        .reports("`status` must be one of `planned`, `on-track`, `at-risk`, `done`, `dropped`, not `at-rsik`")
        .reports("did you mean `at-risk`?");
}

#[test]
fn an_agenda_item_without_its_item_points_at_its_dash_and_unknown_keys_at_themselves() {
    let site = site_with(
        "content/meetings/weekly.md",
        "---\ntitle: Weekly\ndate: 2026-11-02\nagenda:\n  - item: Share a win\n    minutes: 10\n    type: share\n  - minutes: 20\n    type: role-play\n    skil: Negotiation\n---\n",
    );
    let run = site.run(&["build"]).failure();
    let stderr = run.stderr();
    common::assert_contains(&stderr, "missing `item`");
    common::assert_contains(&stderr, "content/meetings/weekly.md:8:3");
    common::assert_contains(&stderr, "unknown key `skil` for a agenda item");
    common::assert_contains(&stderr, "content/meetings/weekly.md:10:5");
    common::assert_contains(&stderr, "did you mean `skill`?");
}

#[test]
fn a_rating_outside_one_to_five_and_a_bad_follow_up_date_are_placed() {
    let site = site_with(
        "content/observations/2026-11-03-ana.md",
        "---\nrep: ana\nobserver: sam\ndate: 2026-11-03\nratings:\n  Discovery: 7\nfollow_up: 2026-13-01\n---\n",
    );
    let run = site.run(&["build", "--private"]).failure();
    let stderr = run.stderr();
    common::assert_contains(
        &stderr,
        "the rating of `Discovery` must be a whole number from 1 to 5",
    );
    common::assert_contains(&stderr, "content/observations/2026-11-03-ana.md:6:3");
    common::assert_contains(&stderr, "`follow_up` must be a date like 2026-03-14");
    common::assert_contains(&stderr, "content/observations/2026-11-03-ana.md:7:12");
}

#[test]
fn an_observation_missing_its_observer_points_at_the_closing_fence() {
    let site = site_with(
        "content/observations/2026-11-03-ana.md",
        "---\nrep: ana\ndate: 2026-11-03\n---\nNotes.\n",
    );
    site.run(&["build"])
        .failure()
        .reports("missing `observer`")
        .reports("content/observations/2026-11-03-ana.md:4:1");
}

#[test]
fn a_meeting_naming_an_unknown_story_and_a_role_an_unknown_owner_are_errors_with_suggestions() {
    let mut files = TEAM.to_vec();
    files.push((
        "content/meetings/weekly.md",
        "---\ntitle: Weekly\ndate: 2026-11-02\nfacilitator: sam\nagenda:\n  - item: Share the Acme win\n    type: share\n    story: acm\n---\n",
    ));
    files.push((
        "content/roles/ae.md",
        "---\ntitle: Account executive\nowner: samm\nskills:\n  - skill: Discovery\n    must: true\n---\n",
    ));
    let site = Site::with_files(&files);
    let run = site.run(&["build"]).failure();
    let stderr = run.stderr();
    common::assert_contains(&stderr, "unknown story `acm`");
    common::assert_contains(&stderr, "content/meetings/weekly.md:8:12");
    common::assert_contains(&stderr, "did you mean `acme`?");
    common::assert_contains(&stderr, "unknown rep `samm`");
    common::assert_contains(&stderr, "content/roles/ae.md:3:8");
}

#[test]
fn meetings_and_roles_are_published_with_their_indexes_and_searchable() {
    let mut files = TEAM.to_vec();
    files.push((
        "content/meetings/weekly.md",
        "---\ntitle: North weekly\ndate: 2026-11-02\nfacilitator: sam\nattendees: [ana]\nagenda:\n  - item: Share the Acme win\n    minutes: 10\n    type: share\n    story: acme\n  - item: Role-play pricing\n    minutes: 20\n    type: role-play\n    skill: Negotiation\n---\nGood.\n",
    ));
    files.push((
        "content/roles/ae.md",
        "---\ntitle: Account executive\nowner: sam\nskills:\n  - skill: Discovery\n    must: true\n    how_tested: Role play a first call\n---\nThe role.\n",
    ));
    let site = Site::with_files(&files);
    site.build().success();
    let meeting = site.read("meetings/weekly/index.html");
    common::assert_contains(&meeting, "Share the Acme win");
    common::assert_contains(&meeting, "30");
    common::assert_contains(&meeting, r#"href="../../stories/acme/index.html""#);
    common::assert_contains(&site.read("meetings/index.html"), "North weekly");
    let role = site.read("roles/ae/index.html");
    common::assert_contains(&role, "Role play a first call");
    // Bench strength: Ana is strong in Discovery.
    common::assert_contains(&role, "Ana Lee");
    common::assert_contains(&site.read("roles/index.html"), "Account executive");
    // The story shows the meeting that shared it; the skill the role.
    common::assert_contains(&site.read("stories/acme/index.html"), "North weekly");
    let search: String = site
        .output_files()
        .iter()
        .filter(|file| file.starts_with("search/"))
        .map(|file| site.read(file))
        .collect();
    common::assert_contains(&search, "North weekly");
    common::assert_contains(&search, "Account executive");
    site.check_output(&[]);
}

#[test]
fn a_term_intro_gives_the_competitor_page_its_title_and_body() {
    let mut files = TEAM.to_vec();
    files.push((
        "content/stories/lost.md",
        "---\ntitle: Lost to Stackmere\nrep: ana\ndate: 2026-09-01\noutcome: lost\ncompetitor: Stackmere\nreasons: [Price, Integration]\nactions: [Demoed]\nresults: [Lost]\n---\nLost.\n",
    ));
    files.push((
        "content/competitors/stackmere.md",
        "---\ntitle: Stackmere Inc.\nsummary: The low-cost incumbent.\n---\nWin on integration depth.\n",
    ));
    files.push((
        "content/about.md",
        "---\ntitle: About\n---\nRead [the battle notes](competitors/stackmere.md).\n",
    ));
    let site = Site::with_files(&files);
    site.build().success();
    let page = site.read("competitors/stackmere/index.html");
    common::assert_contains(&page, "Win on integration depth.");
    common::assert_contains(&page, "Lost to Stackmere");
    common::assert_contains(
        &site.read("about/index.html"),
        r#"href="../competitors/stackmere/index.html""#,
    );
    common::assert_contains(&site.read("reasons/price/index.html"), "Lost to Stackmere");
    site.check_output(&[]);
}
