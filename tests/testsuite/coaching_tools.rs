//! The coaching loop's tools at the terminal: `huddle check` warns about
//! plans past review, follow-ups past due, reps not observed and meetings
//! spent on status, each at its file:line:col; `huddle new observation|
//! plan|meeting|role` write pages that build once filled in. The harness
//! pins today to 2026-11-23.

use crate::common;

use common::{Site, TODAY, assert_contains, assert_lacks, without_comments};

/// A manager (mia) with two reports: sam, observed three weeks ago with a
/// follow-up past due, his plan past its review; bo, never observed, his
/// plan current. Three meetings: one of status, past; one ahead with a
/// status item; one that does a meeting's work.
fn team_with_a_loop() -> Site {
    Site::with_files(&[
        (
            "huddle.yaml",
            "title: Loop\nbase_url: https://wiki.example.com/\ncoaching:\n  observe_every: 30\n",
        ),
        (
            "content/reps/mia.md",
            "---\nname: Mia Boss\nstrengths: [coaching]\n---\n",
        ),
        (
            "content/reps/sam.md",
            "---\nname: Sam Lee\nmanager: mia\nstrengths: [discovery]\n---\n",
        ),
        (
            "content/reps/bo.md",
            "---\nname: Bo Rep\nmanager: mia\nstrengths: [prospecting]\n---\n",
        ),
        (
            "content/observations/2026-11-02-sam.md",
            "---\nrep: sam\nobserver: mia\ndate: 2026-11-02\nfollow_up: 2026-11-16\n---\nNotes.\n",
        ),
        (
            "content/observations/2026-10-01-sam.md",
            "---\nrep: sam\nobserver: mia\ndate: 2026-10-01\nfollow_up: 2026-10-15\nfollow_up_done: true\n---\nNotes.\n",
        ),
        (
            "content/plans/sam.md",
            "---\nrep: sam\nperiod: 2026 H2\nreviewed: 2026-07-01\n---\n",
        ),
        (
            "content/plans/bo.md",
            "---\nrep: bo\nperiod: 2026 H2\nreviewed: 2026-11-01\n---\n",
        ),
        (
            "content/meetings/2026-11-16-monday.md",
            "---\ntitle: Monday call\ndate: 2026-11-16\nagenda:\n  - item: Pipeline review\n    minutes: 30\n  - item: Recognition\n    type: recognition\n---\n",
        ),
        (
            "content/meetings/2026-11-30-monday.md",
            "---\ntitle: Next Monday\ndate: 2026-11-30\nagenda:\n  - item: Round the table\n    minutes: 20\n  - item: \"Role play: the price call\"\n    type: role-play\n---\n",
        ),
        (
            "content/meetings/2026-11-09-monday.md",
            "---\ntitle: A good Monday\ndate: 2026-11-09\nagenda:\n  - item: Coffee\n  - item: Forecasting skill, commit categories\n    type: skill\n  - item: Pipeline review of one live deal\n    type: strategy\n---\n",
        ),
    ])
}

#[test]
fn check_private_warns_about_each_reminder_at_its_line() {
    let site = team_with_a_loop();
    let run = site.run(&["check", "--private"]).success();
    let stderr = run.stderr();
    for expected in [
        "warning: the plan of `sam` for 2026 H2 was due for review on 2026-09-29 (manager: mia)",
        "content/plans/sam.md:4:11",
        "warning: the follow-up to the observation of `sam` on 2026-11-02 was due on 2026-11-16 (observer: mia)",
        "content/observations/2026-11-02-sam.md:5:12",
        "warning: `bo` has never been observed (manager: mia; coaching.observe_every: 30 days)",
        "content/reps/bo.md:3:10",
        "huddle new observation bo",
        "warning: agenda item `Pipeline review` (30 min) looks like status: status goes to e-mail",
        "content/meetings/2026-11-16-monday.md:5:3",
        "warning: meeting `Monday call` has no strategy, role-play, skill or share item: status goes to e-mail",
        "content/meetings/2026-11-16-monday.md:4:1",
        "warning: agenda item `Round the table` (20 min) looks like status",
        "content/meetings/2026-11-30-monday.md:5:3",
    ] {
        assert_contains(&stderr, expected);
    }
    // Sam was observed 21 days ago, within the 30; a done follow-up and a
    // current plan are no reminder; a typed item titled like status is work.
    assert_lacks(&stderr, "`sam` has");
    assert_lacks(&stderr, "2026-10-15");
    assert_lacks(&stderr, "plan of `bo`");
    assert_lacks(&stderr, "A good Monday");
    assert_lacks(&stderr, "Coffee");
    assert_lacks(&stderr, "2026-11-09-monday.md");
    // A plan has a manager, but is nobody's direct report.
    assert_lacks(&stderr, "content/plans/bo.md");
}

#[test]
fn strict_fails_only_on_a_status_meeting_still_ahead() {
    let site = team_with_a_loop();
    site.run(&["check", "--private", "--strict"])
        .failure()
        .reports("1 warning(s), and --strict treats warnings as errors");
    // Fixed before it happens: the rest is dates passing and history.
    site.write(
        "content/meetings/2026-11-30-monday.md",
        "---\ntitle: Next Monday\ndate: 2026-11-30\nagenda:\n  - item: \"Role play: the price call\"\n    type: role-play\n---\n",
    );
    site.run(&["check", "--private", "--strict"]).success();
}

#[test]
fn plain_check_warns_about_meetings_but_keeps_coaching_reminders_private() {
    let site = team_with_a_loop();
    let run = site.run(&["check"]).success();
    let stderr = run.stderr();
    assert_contains(&stderr, "looks like status: status goes to e-mail");
    assert_contains(&stderr, "meeting `Monday call` has no strategy");
    for private in ["plan of", "follow-up", "observed", "observe_every"] {
        assert_lacks(&stderr, private);
    }
    assert_contains(&run.stdout(), "Checked: no errors, 3 warning(s)");
    // Nor does a build print any of them.
    let build = site.build();
    assert_lacks(&build.stderr(), "status goes to e-mail");
    assert_lacks(&build.stderr(), "observed");
}

#[test]
fn a_meeting_without_an_agenda_is_pointed_at_by_its_title() {
    let site = Site::with_files(&[
        (
            "content/reps/mia.md",
            "---\nname: Mia Boss\nstrengths: [coaching]\n---\n",
        ),
        (
            "content/meetings/standup.md",
            "---\ndate: 2026-11-02\ntitle: Stand-up\n---\nEveryone said what they did.\n",
        ),
    ]);
    site.run(&["check"])
        .success()
        .reports("meeting `Stand-up` has no strategy, role-play, skill or share item")
        .reports("content/meetings/standup.md:3:1");
}

#[test]
fn new_observation_names_the_file_by_day_and_rep_with_the_managers_prompts() {
    let site = team_with_a_loop();
    let run = site.run(&["new", "observation", "sam"]).success();
    let path = format!("content/observations/{TODAY}-sam.md");
    assert_contains(&run.stdout(), &format!("Created {path}"));
    let written = std::fs::read_to_string(site.path(&path)).unwrap();
    let fields = without_comments(&written);
    for line in [
        &format!("---\ntitle: Observation of Sam Lee, {TODAY}\n"),
        "\nrep: sam\n",
        "\nobserver: mia\n",
        &format!("\ndate: {TODAY}\n"),
        "\ndraft: true\n",
        "\ntype: field\n",
        "\ngoal:\n",
        "\nwatch:\n",
        "\nself_assessment:\n",
        "\nstrengths: []\n",
        "\ndevelopment_point:\n",
        "\nratings: {}\n",
        // Two weeks out.
        "\nfollow_up: 2026-12-07\n",
        "\nfollow_up_done: false\n",
    ] {
        assert_contains(&fields, line);
    }
    // Observe > Learn > Develop, in order, as comments.
    let steps: Vec<usize> = ["# Observe", "# Learn", "# Develop"]
        .iter()
        .map(|step| written.find(step).unwrap_or_else(|| panic!("no {step}")))
        .collect();
    assert!(steps.windows(2).all(|pair| pair[0] < pair[1]), "{written}");
    // A second one the same day, and by name, gets a file of its own.
    assert_contains(
        &site
            .run(&["new", "observation", "Sam Lee"])
            .success()
            .stdout(),
        &format!("content/observations/{TODAY}-sam-2.md"),
    );
    assert!(
        site.path(&format!("content/observations/{TODAY}-sam-2.md"))
            .is_file()
    );
    // A rep without a manager: the observer is left to fill in.
    site.run(&["new", "observation", "mia"]).success();
    let mia = without_comments(
        &std::fs::read_to_string(site.path(&format!("content/observations/{TODAY}-mia.md")))
            .unwrap(),
    );
    assert_contains(&mia, "\nobserver:\n");
}

#[test]
fn new_observation_and_plan_want_a_rep_that_exists() {
    let site = team_with_a_loop();
    for kind in ["observation", "plan"] {
        site.run(&["new", kind, "sma"]).failure().reports(&format!(
            "error: no rep `sma` in content/reps/; did you mean `sam`? (huddle new {kind} sam)"
        ));
        site.run(&["new", kind, "zzzz"])
            .failure()
            .reports("the reps are bo, mia, sam");
    }
    assert!(!site.path("content/observations/2026-11-23-sma.md").exists());
    let empty = Site::with_files(&[]);
    empty
        .run(&["new", "plan", "sam"])
        .failure()
        .reports("there are no reps yet: huddle new rep \"Their Name\" writes one");
}

#[test]
fn new_plan_asks_the_six_questions_for_this_half_year() {
    let site = team_with_a_loop();
    assert_contains(
        &site.run(&["new", "plan", "bo"]).success().stdout(),
        "Created content/plans/bo-2026-h2.md",
    );
    let written = std::fs::read_to_string(site.path("content/plans/bo-2026-h2.md")).unwrap();
    let fields = without_comments(&written);
    for line in [
        "---\ntitle: \"Bo Rep: development plan, 2026 H2\"\n",
        "\nrep: bo\n",
        "\nperiod: \"2026 H2\"\n",
        &format!("\nreviewed: {TODAY}\n"),
        "\nreview_every: 90\n",
        "\nindependence:\n",
        "\nmanager_needs:\n",
        "\nimprove:\n",
        "\nsupport:\n",
        "\ncareer:\n",
        "\nexposure:\n",
        "\ngoals:\n  - goal:\n    measure:\n    due: 2026-12-31\n    status: planned\n",
    ] {
        assert_contains(&fields, line);
    }
    assert_contains(&written, "# manager: mia (the rep's manager)");
}

#[test]
fn new_meeting_and_role_write_a_skeleton_of_the_practice() {
    let site = team_with_a_loop();
    assert_contains(
        &site
            .run(&["new", "meeting", "Monday team meeting"])
            .success()
            .stdout(),
        &format!("content/meetings/{TODAY}-monday-team-meeting.md"),
    );
    let meeting = without_comments(
        &std::fs::read_to_string(
            site.path(&format!("content/meetings/{TODAY}-monday-team-meeting.md")),
        )
        .unwrap(),
    );
    let types: Vec<&str> = meeting
        .lines()
        .filter_map(|line| line.strip_prefix("    type: "))
        .collect();
    assert_eq!(
        types,
        ["strategy", "role-play", "skill", "share", "recognition"]
    );
    assert_eq!(meeting.matches("    minutes: ").count(), 5);
    assert_contains(&meeting, "\ntitle: Monday team meeting\n");
    site.run(&["new", "role", "Account Executive"]).success();
    let role = without_comments(
        &std::fs::read_to_string(site.path("content/roles/account-executive.md")).unwrap(),
    );
    assert_contains(
        &role,
        "\nskills:\n  - skill:\n    must: true\n    how_tested:\n",
    );
    assert_contains(&role, "\nowner:\n");
}

#[test]
fn each_new_loop_page_is_a_draft_that_builds_once_filled_in() {
    let site = team_with_a_loop();
    // The status meeting ahead would fail --strict; this test is about the new pages.
    std::fs::remove_file(site.path("content/meetings/2026-11-30-monday.md")).unwrap();
    for (kind, name) in [
        ("observation", "bo"),
        ("plan", "bo"),
        ("meeting", "Monday team meeting"),
        ("role", "Account Executive"),
    ] {
        site.run(&["new", kind, name]).success();
    }
    // As written: drafts, so their empty required fields only warn.
    site.build();
    site.run(&["build", "--private"]).success();
    // Filled in: the draft line gone, each required field given a value.
    let fill = |path: &str, fills: &[(&str, &str)]| {
        let mut text = std::fs::read_to_string(site.path(path)).unwrap();
        let draft = text
            .lines()
            .find(|line| line.starts_with("draft: true"))
            .unwrap()
            .to_string();
        text = text.replacen(&format!("{draft}\n"), "", 1);
        for (from, to) in fills {
            assert!(text.contains(from), "no `{from}` in {path}:\n{text}");
            text = text.replacen(from, to, 1);
        }
        site.write(path, &text);
    };
    fill(
        &format!("content/observations/{TODAY}-bo.md"),
        &[
            ("\ngoal:", "\ngoal: Book the second meeting"),
            ("\nratings: {}", "\nratings: {prospecting: 3}"),
        ],
    );
    fill(
        "content/plans/bo-2026-h2.md",
        &[(
            "  - goal:\n",
            "  - goal: Build three qualified opportunities\n",
        )],
    );
    fill(
        &format!("content/meetings/{TODAY}-monday-team-meeting.md"),
        &[],
    );
    fill(
        "content/roles/account-executive.md",
        &[
            (
                "  - skill:\n    must: true",
                "  - skill: discovery\n    must: true",
            ),
            (
                "  - skill:\n    must: false",
                "  - skill: negotiation\n    must: false",
            ),
        ],
    );
    let check = site.run(&["check", "--private", "--strict"]).success();
    for file in [
        format!("{TODAY}-bo.md"),
        "bo-2026-h2.md".to_string(),
        "monday-team-meeting.md".to_string(),
        "account-executive.md".to_string(),
    ] {
        assert_lacks(&check.stderr(), &file);
    }
    site.run(&["build", "--private"]).success();
    let private = |relative: &str| site.path("private").join(relative);
    assert!(private(&format!("observations/{TODAY}-bo/index.html")).is_file());
    assert!(private("plans/bo-2026-h2/index.html").is_file());
    let built = site.build();
    assert_lacks(&built.stderr(), "error");
    assert!(site.exists(&format!("meetings/{TODAY}-monday-team-meeting/index.html")));
    assert!(site.exists("roles/account-executive/index.html"));
    assert!(!site.exists(&format!("observations/{TODAY}-bo/index.html")));
    site.check_output(&["Book the second meeting", "Build three qualified"]);
}

/// AUTHORS-GUIDE.md, as `huddle init` copies it.
const GUIDE: &str = include_str!("../../AUTHORS-GUIDE.md");

/// The section of the guide under the heading that starts with `heading`,
/// up to the next heading (a `#` line inside an example is no heading).
fn guide_section(heading: &str) -> String {
    let mut lines = GUIDE.lines().skip_while(|line| !line.starts_with(heading));
    let first = lines
        .next()
        .unwrap_or_else(|| panic!("no `{heading}` in AUTHORS-GUIDE.md"));
    let mut section = format!("{first}\n");
    let mut in_example = false;
    for line in lines {
        if line.starts_with("```") {
            in_example = !in_example;
        }
        if !in_example && (line.starts_with("## ") || line.starts_with("### ")) {
            break;
        }
        section.push_str(line);
        section.push('\n');
    }
    section
}

/// The keys of each table in a section: the first cell of each row, in backticks.
fn table_keys(section: &str) -> Vec<Vec<String>> {
    let mut tables: Vec<Vec<String>> = Vec::new();
    let mut in_table = false;
    for line in section.lines() {
        if let Some(rest) = line.strip_prefix("| `") {
            if !in_table {
                tables.push(Vec::new());
                in_table = true;
            }
            let key = rest.split('`').next().unwrap().to_string();
            tables.last_mut().unwrap().push(key);
        } else if !line.starts_with('|') {
            in_table = false;
        }
    }
    tables
}

/// The YAML example of a section, with its fences.
fn guide_example(section: &str) -> String {
    let start = section.find("```yaml\n").expect("an example") + "```yaml\n".len();
    let end = start + section[start..].find("\n```").unwrap();
    format!("{}\n", &section[start..end])
}

#[test]
fn the_authors_guide_lists_every_key_of_each_loop_kind() {
    use huddle::content::front_matter::{MEETING_KEYS, OBSERVATION_KEYS, PLAN_KEYS, ROLE_KEYS};
    let common = ["summary", "draft", "private", "extra"];
    for (heading, known) in [
        ("### Observation (", OBSERVATION_KEYS),
        ("### Plan (", PLAN_KEYS),
        ("### Meeting (", MEETING_KEYS),
        ("### Role (", ROLE_KEYS),
    ] {
        let tables = table_keys(&guide_section(heading));
        let mut documented: Vec<&str> = tables[0].iter().map(String::as_str).collect();
        documented.extend(common);
        documented.sort_unstable();
        let mut known = known.to_vec();
        known.sort_unstable();
        assert_eq!(documented, known, "{heading} in AUTHORS-GUIDE.md");
    }
}

#[test]
fn every_nested_key_the_guide_lists_is_known() {
    let plan = table_keys(&guide_section("### Plan ("));
    let meeting = table_keys(&guide_section("### Meeting ("));
    let role = table_keys(&guide_section("### Role ("));
    // One item with every key the guide lists, each given a valid value.
    let value = |key: &str| match key {
        "due" => "2026-12-31",
        "status" => "on-track",
        "minutes" => "10",
        "type" => "strategy",
        "story" => "first-win",
        "playbook" => "discovery-call",
        "reps" => "[sam-lee]",
        "must" => "true",
        _ => "Some text",
    };
    let item = |keys: &[String]| -> String {
        keys.iter()
            .enumerate()
            .map(|(index, key)| {
                let lead = if index == 0 { "  - " } else { "    " };
                format!("{lead}{key}: {}\n", value(key))
            })
            .collect()
    };
    let site = Site::empty();
    site.run(&["init", "."]).success();
    site.write(
        "content/plans/sam.md",
        &format!(
            "---\nrep: sam-lee\nperiod: 2026 H2\nreviewed: {TODAY}\ngoals:\n{}---\n",
            item(&plan[1])
        ),
    );
    site.write(
        "content/meetings/weekly.md",
        &format!(
            "---\ntitle: Weekly\ndate: {TODAY}\nagenda:\n{}---\n",
            item(&meeting[1])
        ),
    );
    site.write(
        "content/roles/ae.md",
        &format!("---\ntitle: AE\nskills:\n{}---\n", item(&role[1])),
    );
    let run = site.run(&["check", "--private", "--strict"]).success();
    assert_lacks(&run.stderr(), "unknown");
    // And the check can fail: a key the guide does not list.
    site.write(
        "content/roles/ae.md",
        "---\ntitle: AE\nskills:\n  - skill: discovery\n    tested_how: role play\n---\n",
    );
    site.run(&["check", "--private", "--strict"])
        .failure()
        .reports("tested_how");
}

#[test]
fn the_authors_guide_examples_check_clean_in_a_new_site() {
    let site = Site::empty();
    site.run(&["init", "."]).success();
    for (heading, path) in [
        ("### Playbook (", "content/playbooks/example.md"),
        ("### Story (", "content/stories/example.md"),
        ("### Observation (", "content/observations/example.md"),
        ("### Plan (", "content/plans/example.md"),
        ("### Meeting (", "content/meetings/example.md"),
        ("### Role (", "content/roles/example.md"),
        ("## Term intros", "content/competitors/stackmere.md"),
    ] {
        site.write(path, &guide_example(&guide_section(heading)));
    }
    // The term intro's example links a battlecard of its own.
    site.write(
        "content/playbooks/battlecards/stackmere.md",
        "---\ntitle: Stackmere\nowner: alex-morgan\ncompetitor: Stackmere\nskills: [discovery]\n---\n",
    );
    // Strict passes: what remains is advice (the example's follow-up is past).
    let run = site.run(&["check", "--private", "--strict"]).success();
    assert_lacks(&run.stderr(), "error");
    assert_lacks(&run.stderr(), "unknown");
    site.run(&["build", "--private"]).success();
    assert!(
        site.path("private/observations/example/index.html")
            .is_file()
    );
}

#[test]
fn the_example_wiki_builds_private_and_paginated_and_check_private_has_reminders() {
    let site = Site::example_wiki();
    let run = site.run(&["build", "--private"]).success();
    assert_lacks(&run.stderr(), "warning");
    assert!(site.path("private/coaching/index.html").is_file());
    // A quarter of the loop, with the reminders a real one has.
    let check = site.run(&["check", "--private"]).success();
    let stderr = check.stderr();
    for reminder in [
        "the plan of `ingrid-solberg`",
        "the follow-up to the observation of `leo-marchetti`",
        "has not been observed since",
    ] {
        assert_contains(&stderr, reminder);
    }
    assert_lacks(&stderr, "status goes to e-mail");
    // Term intros on numbered term pages keep their links whole.
    let mut config = std::fs::read_to_string(site.path("huddle.yaml")).unwrap();
    config.push_str("pagination: 2\n");
    site.write("huddle.yaml", &config);
    let paged = site.build();
    assert_lacks(&paged.stderr(), "warning");
    site.check_output(&["PRIVATE-CANARY"]);
}
