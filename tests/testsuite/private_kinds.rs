//! Observations and development plans are private kinds: a build without
//! `--private` holds no trace of them. The strongest form of that promise
//! is tested first: the published output of a site with observations and
//! plans is byte for byte the output of the same site without them — no
//! page, title, count, date, rating, search record or relation differs.
//! Then canaries in every field, the dev server's incremental rebuilds, a
//! published link to a private page, and the private build itself.

use crate::common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{Site, assert_contains, assert_lacks};
use huddle::config::BuildOptions;
use huddle::driver::Session;

/// A published team: a manager, a rep, a story, a playbook, a meeting.
const TEAM: &[(&str, &str)] = &[
    (
        "content/reps/sam.md",
        "---\nname: Sam Park\nrole: Sales manager\nteam: North\nstrengths: [Coaching]\n---\nSam leads North.\n",
    ),
    (
        "content/reps/ana.md",
        "---\nname: Ana Lee\nrole: AE\nteam: North\nmanager: sam\nstrengths: [Discovery]\nfocus: [Negotiation]\n---\nAna sells.\n",
    ),
    (
        "content/playbooks/discovery.md",
        "---\ntitle: Discovery call\nowner: sam\nskills: [Discovery]\nupdated: 2026-10-01\n---\n## Ask\n\nAsk open questions.\n",
    ),
    (
        "content/stories/acme.md",
        "---\ntitle: Acme renewal\nrep: ana\ndate: 2026-10-14\noutcome: won\nactions: [Asked]\nresults: [Renewed]\nplaybooks: [discovery]\nskills: [Discovery]\nreasons: [Trust]\ncompetitor: Stackmere\n---\nWe won.\n",
    ),
    (
        "content/meetings/weekly.md",
        "---\ntitle: North weekly\ndate: 2026-11-02\nteam: North\nfacilitator: sam\nattendees: [ana]\nagenda:\n  - item: Role-play the price objection\n    minutes: 20\n    type: role-play\n    skill: Negotiation\n  - item: Share the Acme renewal\n    minutes: 10\n    type: share\n    story: acme\n---\nGood session.\n",
    ),
];

/// The private notes, a canary in every field, the body and the file names.
const PRIVATE: &[(&str, &str)] = &[
    (
        "content/observations/2026-11-03-canary-k-file.md",
        "---\ntitle: Canary-k-title\nrep: ana\nobserver: sam\ndate: 2026-11-03\ntype: field\n\
         goal: Canary-k-goal\nwatch: Canary-k-watch\nself_assessment: Canary-k-self\n\
         strengths: [Canary-k-strength]\ndevelopment_point: Canary-k-development\n\
         ratings:\n  Canary-k-rated: 4\n  Discovery: 2\nfollow_up: 2026-11-17\n\
         summary: Canary-k-summary\nextra: {note: Canary-k-extra}\n---\n\
         # Canary-k-heading\n\nCanary-k-body, see [the playbook](../playbooks/discovery.md).\n",
    ),
    (
        "content/plans/canary-k-plan-file.md",
        "---\nrep: ana\nperiod: Canary-k-period\nreviewed: 2026-06-01\nreview_every: 90\n\
         independence: Canary-k-independence\nmanager_needs: Canary-k-needs\nimprove: Canary-k-improve\n\
         support: Canary-k-support\ncareer: Canary-k-career\nexposure: Canary-k-exposure\n\
         goals:\n  - goal: Canary-k-goal-text\n    measure: Canary-k-measure\n    due: 2026-12-01\n    status: at-risk\n---\n\
         Canary-k-plan-body\n",
    ),
    (
        "content/observations/index.md",
        "---\ntitle: Canary-k-intro\n---\nCanary-k-intro-body\n",
    ),
];

fn team() -> Site {
    Site::with_files(TEAM)
}

fn team_with_private_notes() -> Site {
    let files: Vec<(&str, &str)> = TEAM.iter().chain(PRIVATE).copied().collect();
    Site::with_files(&files)
}

fn canaries() -> Vec<String> {
    let mut found: Vec<String> = PRIVATE
        .iter()
        .flat_map(|(path, text)| {
            [*path, *text]
                .into_iter()
                .flat_map(|text| text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')))
                .filter(|word| word.to_ascii_lowercase().starts_with("canary-k"))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    found.sort();
    found.dedup();
    assert!(found.len() > 20, "{found:?}");
    found
}

/// Everything a published output holds, minus the one file that records
/// what was built from where (the marker names no page).
fn published(site: &Site) -> BTreeMap<String, Vec<u8>> {
    site.output_bytes()
}

#[test]
fn a_published_build_is_byte_for_byte_the_build_without_observations_and_plans() {
    let without = team();
    without.build().success();
    let with = team_with_private_notes();
    with.build().success();
    let (expected, actual) = (published(&without), published(&with));
    assert_eq!(
        expected.keys().collect::<Vec<_>>(),
        actual.keys().collect::<Vec<_>>(),
        "the private notes changed which files are written"
    );
    for (path, bytes) in &expected {
        assert!(
            actual[path] == *bytes,
            "{path} differs when observations and plans exist:\n{}",
            String::from_utf8_lossy(&actual[path])
        );
    }
    with.check_output(&canaries().iter().map(String::as_str).collect::<Vec<_>>());
    // Not even the words: no index, no nav entry, no coaching page.
    for absent in [
        "observations/index.html",
        "plans/index.html",
        "coaching/index.html",
    ] {
        assert!(!with.exists(absent), "{absent} is published");
    }
    assert_lacks(&with.read("reps/ana/index.html"), "bservation");
}

#[test]
fn a_drafts_build_still_leaves_the_private_kinds_out() {
    let site = team_with_private_notes();
    site.run(&["build", "--drafts"]).success();
    site.check_output(&canaries().iter().map(String::as_str).collect::<Vec<_>>());
}

fn session_files(session: &Session) -> BTreeMap<String, Vec<u8>> {
    let snapshot = huddle::serve::snapshot(session);
    snapshot
        .files
        .iter()
        .map(|(path, body)| {
            let bytes = match body {
                huddle::serve::Body::Bytes(bytes) => bytes.to_vec(),
                huddle::serve::Body::File(source) => std::fs::read(source).unwrap(),
            };
            (path.clone(), bytes)
        })
        .collect()
}

fn assert_no_canary(files: &BTreeMap<String, Vec<u8>>, moment: &str) {
    let canaries = canaries();
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(bytes).to_ascii_lowercase();
        for canary in &canaries {
            let canary = canary.to_ascii_lowercase();
            assert!(
                !text.contains(&canary) && !path.to_ascii_lowercase().contains(&canary),
                "{moment}: {canary} is in the preview's {path}"
            );
        }
    }
}

#[test]
fn serve_without_private_keeps_them_out_through_incremental_rebuilds() {
    let site = team_with_private_notes();
    // What `huddle serve` builds without --private: drafts shown.
    let mut options = BuildOptions::new(&site.root);
    options.drafts = true;
    options.today = Some(huddle::date::Date::parse(common::TODAY).unwrap());
    let mut session = Session::start(options).expect("the site builds");
    assert_no_canary(&session_files(&session), "first build");
    let observation: PathBuf = site.path(PRIVATE[0].0);
    let plan: PathBuf = site.path(PRIVATE[1].0);
    let rep = site.path("content/reps/ana.md");
    let edits: [(&PathBuf, String); 4] = [
        (&observation, PRIVATE[0].1.replace("Canary-k-body", "Canary-k-body Canary-k-edited")),
        (&plan, PRIVATE[1].1.replace("status: at-risk", "status: done")),
        (&rep, TEAM[1].1.replace("Ana sells.", "Ana sells well.")),
        (
            &site.path("content/observations/2026-11-20-canary-k-new.md"),
            "---\nrep: ana\nobserver: sam\ndate: 2026-11-20\ngoal: Canary-k-new-goal\n---\nCanary-k-new-body\n".into(),
        ),
    ];
    for (path, text) in edits {
        std::fs::write(path, text).unwrap();
        session
            .apply(std::slice::from_ref(path))
            .expect("the edit builds");
        let files = session_files(&session);
        assert_no_canary(&files, &format!("after editing {}", path.display()));
        assert!(!files.contains_key("coaching/index.html"));
        let rep_page = String::from_utf8_lossy(&files["reps/ana/index.html"]).into_owned();
        assert!(
            !rep_page.contains("bservation"),
            "the rep page mentions observations"
        );
    }
}

#[test]
fn a_published_page_linking_to_an_observation_is_an_error_like_a_link_to_a_draft() {
    let mut files: Vec<(&str, &str)> = TEAM.iter().chain(PRIVATE).copied().collect();
    files.push((
        "content/about.md",
        "---\ntitle: About\n---\nSee [the ride-along](observations/2026-11-03-canary-k-file.md).\n",
    ));
    let site = Site::with_files(&files);
    let run = site.run(&["build"]).failure();
    let stderr = run.stderr();
    assert_contains(&stderr, "content/about.md:4:");
    assert_contains(&stderr, "private");
    assert!(!site.exists("about/index.html"));
    // A private build has the page to link to.
    site.run(&["build", "--private"]).success();
    site.check_folder("private", &[]);
}

#[test]
fn an_observation_naming_an_unknown_rep_is_reported_in_a_published_build_too() {
    let mut files: Vec<(&str, &str)> = TEAM.to_vec();
    files.push((
        "content/observations/2026-11-03-ana.md",
        "---\nrep: anna\nobserver: sam\ndate: 2026-11-03\n---\nNotes.\n",
    ));
    let site = Site::with_files(&files);
    site.run(&["build"])
        .failure()
        .reports("content/observations/2026-11-03-ana.md:2:6")
        .reports("unknown rep `anna`")
        .reports("did you mean `ana`?");
}

#[test]
fn a_private_build_shows_them_marked_private_in_the_private_folder() {
    let site = team_with_private_notes();
    site.run(&["build", "--private"]).success();
    let observation = site.read_in(
        "private",
        "observations/2026-11-03-canary-k-file/index.html",
    );
    for shown in [
        "Canary-k-goal",
        "Canary-k-self",
        "Canary-k-development",
        "Canary-k-body",
    ] {
        assert_contains(&observation, shown);
    }
    assert_contains(&observation, r#"<meta name="robots" content="noindex">"#);
    assert_contains(&observation, "Private build");
    let plan = site.read_in("private", "plans/canary-k-plan-file/index.html");
    assert_contains(&plan, "Canary-k-goal-text");
    assert_contains(&plan, "at risk");
    // The coaching page counts the observation for its manager.
    let coaching = site.read_in("private", "coaching/index.html");
    assert_contains(&coaching, "Sam Park");
    assert_contains(&coaching, "Ana Lee");
    // The rated skill has a page in the private build, with the rating.
    let skill = site.read_in("private", "skills/discovery/index.html");
    assert_contains(&skill, "Ana Lee");
    site.check_folder("private", &[]);
    assert!(
        !site.root.join("public").exists(),
        "a private build wrote public/"
    );
}
