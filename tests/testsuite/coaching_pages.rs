//! The pages that tie the coaching loop together, read as a manager and a
//! rep would: a skill's page (who to ask, who is developing it, what
//! teaches it, which roles need it, which meetings practised it, and in a
//! private build the ratings observed), a competitor's page (wins and
//! losses with their reasons, the battlecard, who beat them), reasons and
//! team pages, a meeting's time-boxed agenda, a role's bench, the manager
//! view on a manager's page, the coaching page, and the insight charts
//! that answer why we win and lose. Every output passes huddle's own link
//! check, the published build shows no trace of observations or plans, and
//! under `serve` the manager view follows edits to a report's stories,
//! plan and observations.

use crate::common;

use common::{Site, assert_contains, assert_lacks, main_element};

/// A small team with every kind the loop adds. The day is 2026-11-23
/// (`common::TODAY`): this quarter is 2026 Q4.
const TEAM: &[(&str, &str)] = &[
    (
        "content/reps/sam.md",
        "---\nname: Sam Park\nrole: Sales manager\nteam: North\nstrengths: [Coaching]\n---\nSam leads North.\n",
    ),
    (
        "content/reps/ana.md",
        "---\nname: Ana Lee\nrole: Account executive\nteam: North\nmanager: sam\nstrengths: [Discovery]\nfocus: [Negotiation]\n---\nAna sells.\n",
    ),
    (
        "content/reps/bo.md",
        "---\nname: Bo Berg\nrole: Account executive\nteam: North\nmanager: sam\nstrengths: [Negotiation]\nfocus: [Discovery]\n---\nBo sells.\n",
    ),
    (
        "content/playbooks/discovery-call.md",
        "---\ntitle: Discovery call\nowner: sam\nstage: Discovery\nskills: [Discovery]\nupdated: 2026-10-01\n---\nAsk open questions.\n",
    ),
    (
        "content/playbooks/stackmere-battlecard.md",
        "---\ntitle: Beating Stackmere\nowner: sam\ncompetitor: Stackmere\nskills: [Negotiation]\nupdated: 2026-10-01\n---\nLead with integration depth.\n",
    ),
    (
        "content/stories/acme.md",
        "---\ntitle: Acme pilot won\nrep: ana\ndate: 2026-10-14\noutcome: won\ncompetitor: Stackmere\nreasons: [Fast pilot, Price]\nskills: [Discovery]\nplaybooks: [stackmere-battlecard]\nactions: [Ran a two-week pilot]\nresults: [Signed in 30 days]\n---\nWe won.\n",
    ),
    (
        "content/stories/globex.md",
        "---\ntitle: Globex lost on price\nrep: bo\ndate: 2026-11-02\noutcome: lost\ncompetitor: Stackmere\nreasons: [Price, No executive sponsor]\nlesson: Name the economic buyer before the demo\nactions: [Sent a proposal]\nresults: [Lost to a cheaper bid]\n---\nWe lost.\n",
    ),
    (
        "content/stories/hooli.md",
        "---\ntitle: Hooli integration win\nrep: bo\ndate: 2026-11-10\noutcome: won\ncompetitor: Stackmere\nreasons: [Integration]\nactions: [Mapped their stack]\nresults: [Three-year deal]\n---\nWe won.\n",
    ),
    (
        "content/stories/initech.md",
        "---\ntitle: Initech first deal\nrep: ana\ndate: 2026-05-01\noutcome: won\ncompetitor: Corvane\nreasons: [Fast pilot]\nskills: [Discovery]\nplaybooks: [discovery-call]\nactions: [Asked about the process]\nresults: [Signed]\n---\nWe won.\n",
    ),
    (
        "content/competitors/stackmere.md",
        "---\ntitle: Stackmere Systems\nsummary: The incumbent in mid-market, strong on price.\n---\nWin on integration depth; never race them on price.\n",
    ),
    (
        "content/skills/discovery.md",
        "---\ntitle: Discovery\nsummary: Finding the pain before the pitch.\n---\nAsk, then listen.\n",
    ),
    (
        "content/meetings/north-weekly.md",
        "---\ntitle: North weekly\ndate: 2026-11-16\nteam: North\nfacilitator: sam\nattendees: [ana, bo]\n\
         agenda:\n\
         \x20 - item: Globex post-mortem\n    minutes: 15\n    type: strategy\n    story: globex\n\
         \x20 - item: Role-play the price objection\n    minutes: 20\n    type: role-play\n    skill: Negotiation\n    playbook: stackmere-battlecard\n    reps: [bo]\n\
         \x20 - item: Share the Acme pilot\n    minutes: 10\n    type: share\n    story: acme\n\
         \x20 - item: Call out Bo's Hooli win\n    minutes: 5\n    type: recognition\n\
         decisions: [Every deal over 50k names a sponsor]\n---\nGood session.\n",
    ),
    (
        "content/roles/account-executive.md",
        "---\ntitle: Account executive\nteam: North\nlevel: Senior\nowner: sam\nsummary: Runs complex deals end to end.\n\
         skills:\n\
         \x20 - skill: Discovery\n    must: true\n    how_tested: Role-play a first call\n\
         \x20 - skill: Negotiation\n    must: true\n    how_tested: Price objection role play\n\
         \x20 - skill: Forecasting\n    must: true\n    how_tested: Pipeline review\n\
         \x20 - skill: Coaching\n    must: false\n---\nWe hire for discovery first.\n",
    ),
];

/// Observations and a plan: private kinds, in the private build only.
/// Each field holds a canary that must reach no published file.
const PRIVATE: &[(&str, &str)] = &[
    (
        "content/observations/2026-10-01-ana.md",
        "---\nrep: ana\nobserver: sam\ndate: 2026-10-01\ntype: call\ngoal: Canary-c-goal-one\nratings:\n  Discovery: 2\n---\nCanary-c-body-one\n",
    ),
    (
        "content/observations/2026-11-03-ana.md",
        "---\nrep: ana\nobserver: sam\ndate: 2026-11-03\ntype: field\ngoal: Book the pilot\nwatch: Discovery\nself_assessment: Canary-c-self\nstrengths: [Canary-c-strength]\ndevelopment_point: Pause after the price\nratings:\n  Discovery: 3\nfollow_up: 2026-11-17\n---\nCanary-c-body-two\n",
    ),
    (
        "content/observations/2026-08-20-bo.md",
        "---\nrep: bo\nobserver: sam\ndate: 2026-08-20\ntype: demo\nratings:\n  Negotiation: 4\n---\nCanary-c-body-three\n",
    ),
    (
        "content/plans/ana-2026-h2.md",
        "---\nrep: ana\nperiod: 2026 H2\nreviewed: 2026-07-01\nreview_every: 90\nimprove: Canary-c-improve\n\
         goals:\n\
         \x20 - goal: Run three multi-threaded pilots\n    measure: Pilots signed\n    due: 2026-12-15\n    status: at-risk\n\
         \x20 - goal: Lead a QBR\n    status: done\n---\nCanary-c-plan-body\n",
    ),
];

/// Texts only observations and plans hold: none may reach a published file.
const CANARIES: &[&str] = &[
    "Canary-c-",
    "Run three multi-threaded pilots",
    "Pause after the price",
    "Book the pilot",
    "2026 H2",
    "observations/",
    "plans/",
    // The coaching page, not the skill of that name (`skills/coaching/`).
    "../coaching/",
    "\"coaching/index.html",
    "Observed ratings",
    "Field time",
];

fn site() -> Site {
    let mut files = TEAM.to_vec();
    files.extend_from_slice(PRIVATE);
    Site::with_files(&files)
}

/// The site built twice, published to `public/` and private to `private/`.
fn built() -> Site {
    let site = site();
    site.build();
    site.run(&["build", "--private"]).success();
    site.check_output(CANARIES);
    site.check_folder("private", &[]);
    site
}

fn published(site: &Site, page: &str) -> String {
    main_element(&site.read(page)).to_string()
}

fn private(site: &Site, page: &str) -> String {
    main_element(&site.read_in("private", page)).to_string()
}

/// The text of the element that starts at the first `start` after `from`,
/// up to the next `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in\n{html}"));
    let rest = &html[from..];
    let to = rest[start.len()..]
        .find(end)
        .map_or(rest.len(), |to| to + start.len());
    &rest[..to]
}

/// One direct report's card in a manager view.
fn card<'a>(view: &'a str, name: &str) -> &'a str {
    view.split("<li class=\"report-card\">")
        .skip(1)
        .find(|card| card.contains(name))
        .unwrap_or_else(|| panic!("no card for {name} in\n{view}"))
}

/// Whether `first` comes before `second` in `html`.
fn in_order(html: &str, first: &str, second: &str) -> bool {
    match (html.find(first), html.find(second)) {
        (Some(a), Some(b)) => a < b,
        _ => false,
    }
}

#[test]
fn a_skill_page_gathers_who_to_ask_what_teaches_it_and_who_needs_it() {
    let site = built();
    let discovery = published(&site, "skills/discovery/index.html");
    // The intro gives the page its title, summary and body.
    assert_contains(&discovery, "<h1>Discovery</h1>");
    assert_contains(&discovery, "Finding the pain before the pitch.");
    assert_contains(&discovery, "Ask, then listen.");
    let ask = between(&discovery, "<h2>Who to ask</h2>", "</section>");
    assert_contains(ask, "Ana Lee</a>");
    assert_lacks(ask, "Bo Berg");
    let developing = between(&discovery, "<h2>Developing this skill</h2>", "</section>");
    assert_contains(developing, "Bo Berg</a>");
    let teaches = between(&discovery, "<h2>Playbooks that teach it</h2>", "</section>");
    assert_contains(teaches, "Discovery call</a>");
    let roles = between(&discovery, "<h2>Roles that require it</h2>", "</section>");
    assert_contains(roles, "Account executive</a>");
    assert_contains(roles, "must have · tested by Role-play a first call");
    let stories = between(&discovery, "<h2>Stories that show it</h2>", "</section>");
    assert_contains(stories, "Acme pilot won</a>");
    assert_contains(stories, "Initech first deal</a>");
    // A published skill page says nothing of observations.
    assert_lacks(&discovery, "Observed ratings");

    let negotiation = published(&site, "skills/negotiation/index.html");
    let meetings = between(
        &negotiation,
        "<h2>Meetings that practised it</h2>",
        "</section>",
    );
    assert_contains(meetings, "North weekly</a>");
    assert_contains(meetings, "50 min");
    assert_contains(&negotiation, "Beating Stackmere</a>");
}

#[test]
fn a_private_skill_page_shows_each_reps_observed_ratings_over_time() {
    let site = built();
    let discovery = private(&site, "skills/discovery/index.html");
    let ratings = between(&discovery, "<h2>Observed ratings", "</section>");
    assert_contains(ratings, "badge-private");
    let ana = between(ratings, "Ana Lee</a>", "</tr>");
    // Oldest first: 2 in October, then 3 in November; the latest is 3.
    assert!(
        in_order(
            ana,
            ">2</span> <time datetime=\"2026-10-01\"",
            ">3</span> <time datetime=\"2026-11-03\""
        ),
        "{ana}"
    );
    assert_contains(ana, "observations/2026-11-03-ana/index.html");
    assert_contains(ana, "<td class=\"number\">3</td>");
    // Bo was rated in negotiation, not discovery.
    assert_lacks(ratings, "Bo Berg");
    let negotiation = private(&site, "skills/negotiation/index.html");
    assert_contains(
        between(&negotiation, "<h2>Observed ratings", "</section>"),
        "Bo Berg</a>",
    );
}

#[test]
fn a_competitor_page_has_the_record_the_reasons_the_battlecard_and_who_beat_them() {
    let site = built();
    let stackmere = published(&site, "competitors/stackmere/index.html");
    assert_contains(&stackmere, "<p class=\"eyebrow\">Competitor</p>");
    assert_contains(&stackmere, "<h1>Stackmere Systems</h1>");
    assert_contains(&stackmere, "The incumbent in mid-market, strong on price.");
    assert_contains(&stackmere, "never race them on price");
    assert_contains(&stackmere, "Against Stackmere: 3 stories: 2 won, 1 lost.");
    let battlecard = between(&stackmere, "<h2>Battlecard</h2>", "</section>");
    assert_contains(battlecard, "playbooks/stackmere-battlecard/index.html");
    // One win each: the tie goes by name.
    let winners = between(&stackmere, "<h2>Who beat them</h2>", "</section>");
    assert!(in_order(winners, "Ana Lee", "Bo Berg"), "{winners}");
    let reasons = between(
        &stackmere,
        "<h2>Why we win and lose against them</h2>",
        "</section>",
    );
    let wins = between(reasons, "<h3>In 2 wins</h3>", "</ul>");
    for reason in ["Fast pilot", "Integration", "Price"] {
        assert_contains(
            wins,
            &format!("{reason}</a> <span class=\"count\">1 of 2</span>"),
        );
    }
    let losses = between(reasons, "<h3>In 1 loss</h3>", "</ul>");
    assert_contains(
        losses,
        "No executive sponsor</a> <span class=\"count\">1 of 1</span>",
    );
    assert_contains(losses, "reasons/price/index.html");
    // Every win and loss against them, each with its reasons and lesson.
    let stories = between(&stackmere, "<h2>Wins and losses</h2>", "</section>");
    let globex = between(stories, "Globex lost on price", "</li>");
    assert_contains(globex, "reasons/no-executive-sponsor/index.html");
    assert_contains(globex, "Lesson: Name the economic buyer before the demo");
    assert_contains(stories, "Hooli integration win");
    assert_lacks(stories, "Initech");
    // Corvane has no battlecard and no intro: the term's own name.
    let corvane = published(&site, "competitors/corvane/index.html");
    assert_contains(&corvane, "<h1>Corvane</h1>");
    assert_lacks(&corvane, "Battlecard");
}

#[test]
fn reason_and_team_pages_connect_the_loop() {
    let site = built();
    let price = published(&site, "reasons/price/index.html");
    assert_contains(&price, "Given in 2 stories: 1 won, 1 lost.");
    let with = between(&price, "<h2>Reasons given with it</h2>", "</section>");
    assert_contains(with, "Fast pilot</a>");
    assert_contains(with, "No executive sponsor</a>");
    assert_lacks(with, ">Price</a>");
    // On a reason's page each story names its competitor.
    assert_contains(&price, "· vs Stackmere");

    let north = published(&site, "teams/north/index.html");
    assert_contains(&north, "<p class=\"eyebrow\">Team</p>");
    for name in ["Sam Park", "Ana Lee", "Bo Berg"] {
        assert_contains(between(&north, "<h2>People</h2>", "</section>"), name);
    }
    assert_contains(
        between(&north, "<h2>Meetings</h2>", "</section>"),
        "North weekly</a>",
    );
    assert_contains(
        between(&north, "<h2>Hiring roles</h2>", "</section>"),
        "Account executive</a>",
    );
    let won = published(&site, "outcomes/won/index.html");
    assert_contains(
        between(&won, "<h2>Why we win</h2>", "</section>"),
        "Fast pilot</a> <span class=\"count\">2 of 3</span>",
    );
}

#[test]
fn a_meeting_page_time_boxes_its_agenda_and_links_what_it_practised() {
    let site = built();
    let meeting = published(&site, "meetings/north-weekly/index.html");
    let agenda = between(
        &meeting,
        "<h2 id=\"agenda-heading\">Agenda</h2>",
        "</section>",
    );
    assert_contains(
        agenda,
        "50 minutes: 15 strategy, 20 role play, 10 share, 5 recognition.",
    );
    // Each item's time box, from the start, in order.
    let starts: Vec<&str> = agenda
        .split("<td class=\"time\">")
        .skip(1)
        .map(|cell| &cell[..cell.find('<').unwrap()])
        .collect();
    assert_eq!(starts, ["0:00", "0:15", "0:35", "0:45"]);
    assert_contains(
        agenda,
        "<th scope=\"row\" colspan=\"2\">Total</th><td class=\"number\">50</td>",
    );
    assert_contains(
        agenda,
        "Story: <a href=\"../../stories/globex/index.html\">",
    );
    assert_contains(
        agenda,
        "With <a href=\"../../reps/bo/index.html\">Bo Berg</a>",
    );
    let related = between(&meeting, "<section class=\"related\">", "</main>");
    assert_contains(
        between(related, "<h2>Stories shared</h2>", "</ol>"),
        "Acme pilot won",
    );
    assert_contains(
        between(related, "<h2>Playbooks practised</h2>", "</ol>"),
        "Beating Stackmere",
    );
    assert_contains(
        between(related, "<h2>Skills practised</h2>", "</ul>"),
        "skills/negotiation/index.html",
    );
    // The stories shared link back to the meeting.
    let acme = published(&site, "stories/acme/index.html");
    assert_contains(
        between(&acme, "<h2>Discussed in meetings</h2>", "</ol>"),
        "meetings/north-weekly/index.html",
    );
}

#[test]
fn a_role_page_shows_each_skill_how_it_is_tested_and_the_bench() {
    let site = built();
    let role = published(&site, "roles/account-executive/index.html");
    assert_contains(
        &role,
        "2 of 3 must-have skills have someone strong on the team; 1 is a gap to hire for.",
    );
    let discovery = between(&role, "skills/discovery/index.html", "</li>");
    assert_contains(discovery, "must have");
    assert_contains(discovery, "Role-play a first call");
    assert_contains(
        between(discovery, "Strong on the team", "</div>"),
        "Ana Lee",
    );
    assert_contains(between(discovery, "Developing it", "</div>"), "Bo Berg");
    let forecasting = between(&role, "skills/forecasting/index.html", "</li>");
    assert_contains(forecasting, "nobody yet");
    let coaching = between(&role, "skills/coaching/index.html", "</li>");
    assert_contains(coaching, "nice to have");
    assert_contains(coaching, "Sam Park");
}

#[test]
fn a_managers_page_shows_each_report_and_their_stories_this_quarter() {
    let site = built();
    let sam = published(&site, "reps/sam/index.html");
    let view = between(&sam, "<section class=\"manager-view\"", "</section>");
    assert_contains(
        view,
        "Direct reports <span class=\"muted\">· 2026 Q4</span>",
    );
    let ana = card(view, "Ana Lee</a>");
    // Acme is this quarter; Initech (May) is not.
    assert_contains(ana, "1 story (1 won, 0 lost)");
    assert_contains(ana, "stories/acme/index.html");
    assert_lacks(ana, "initech");
    let bo = card(view, "Bo Berg</a>");
    assert_contains(bo, "2 stories (1 won, 1 lost)");
    // Published: nothing of plans, observations or follow-ups.
    for private_word in ["Plan", "Last observed", "Follow-ups", "Coaching"] {
        assert_lacks(view, private_word);
    }
    // A rep without reports has no manager view.
    assert_lacks(&published(&site, "reps/ana/index.html"), "manager-view");
}

#[test]
fn in_a_private_build_the_manager_view_shows_plans_observations_and_follow_ups() {
    let site = built();
    let sam = private(&site, "reps/sam/index.html");
    let view = between(&sam, "<section class=\"manager-view\"", "</section>");
    assert_contains(view, "coaching/index.html");
    let ana = card(view, "Ana Lee</a>");
    // The plan reviewed on 1 July is due every 90 days: past due since 29 September.
    assert_contains(
        ana,
        "plans/ana-2026-h2/index.html\">2026 H2</a>, next review <time datetime=\"2026-09-29\">",
    );
    assert_contains(ana, "review due");
    assert_contains(
        between(ana, "<dt>At risk</dt>", "</div>"),
        "Run three multi-threaded pilots",
    );
    assert_lacks(between(ana, "<dt>At risk</dt>", "</div>"), "Lead a QBR");
    assert_contains(
        between(ana, "<dt>Last observed</dt>", "</div>"),
        "<time datetime=\"2026-11-03\">3 Nov 2026</time></a> by Sam Park",
    );
    let follow_ups = between(ana, "<dt>Follow-ups</dt>", "</div>");
    assert_contains(follow_ups, "due <time datetime=\"2026-11-17\">");
    assert_contains(follow_ups, "past due");
    let bo = card(view, "Bo Berg</a>");
    assert_contains(bo, "no plan");
    assert_contains(bo, "none open");

    // A rep's own page: their plan's goals and status, their observations.
    let ana_page = private(&site, "reps/ana/index.html");
    let development = between(&ana_page, "<section class=\"coaching-loop\"", "</section>");
    assert_contains(development, "Plan for 2026 H2");
    assert_contains(
        development,
        "badge-at-risk\">at risk</span> Run three multi-threaded pilots",
    );
    assert_contains(development, "badge-done\">done</span> Lead a QBR");
    assert!(
        in_order(
            development,
            "observations/2026-11-03-ana/",
            "observations/2026-10-01-ana/"
        ),
        "newest first: {development}"
    );
    assert_contains(development, "Development point: Pause after the price");
    assert_lacks(&published(&site, "reps/ana/index.html"), "coaching-loop");
}

#[test]
fn the_coaching_page_counts_each_managers_observations_against_the_target() {
    let site = built();
    assert!(!site.exists("coaching/index.html"));
    let coaching = private(&site, "coaching/index.html");
    let sam = between(&coaching, "<section class=\"manager-loop\"", "</section>");
    assert_contains(
        sam,
        "2 direct reports · <strong>1 not observed within 30 days</strong>",
    );
    // Bo was last observed on 20 August: 95 days before the 23rd of November.
    let bo = between(sam, "Bo Berg</a>", "</tr>");
    assert_contains(bo, "(95 days ago)");
    assert_contains(bo, "badge-overdue\">due</span>");
    assert_contains(sam, "Target: 2 a month (2 reports, each every 30 days).");
    // The months drawn, with their numbers in a table under the chart.
    let chart = between(sam, "<svg", "</svg>");
    assert_contains(chart, "role=\"img\"");
    assert_contains(
        chart,
        "August 2026: 1; September 2026: 0; October 2026: 1; November 2026: 1.",
    );
    assert_contains(chart, ">target 2</text>");
    assert_contains(
        sam,
        "<tr><th scope=\"row\">November 2026</th><td>1</td><td>2</td></tr>",
    );
    assert_contains(
        between(&coaching, "<h2 id=\"plans-past-review\">", "</section>"),
        "review was due <time datetime=\"2026-09-29\">",
    );
    assert_contains(
        between(&coaching, "<h2 id=\"follow-ups-past-due\">", "</section>"),
        "observations/2026-11-03-ana/index.html",
    );
}

#[test]
fn insight_answers_why_we_win_and_lose_how_we_fare_and_where_the_bench_is_thin() {
    let site = built();
    let insight = published(&site, "insight/index.html");
    let why = between(
        &insight,
        "<h2 id=\"why-we-win-and-lose\">",
        "<section class=\"insight\"",
    );
    let won = between(why, "<svg", "</svg>");
    assert_contains(won, "id=\"chart-reasons-won\"");
    assert_contains(
        won,
        "Fast pilot: 2 of 3; Integration: 1 of 3; Price: 1 of 3.",
    );
    assert_contains(
        why,
        "<tr><th scope=\"row\"><a href=\"../reasons/fast-pilot/index.html\">Fast pilot</a></th><td>2 of 3</td><td>67%</td></tr>",
    );
    let lost = between(why, "id=\"chart-reasons-lost\"", "</svg>");
    assert_contains(lost, "No executive sponsor: 1 of 1; Price: 1 of 1.");

    let competitors = between(&insight, "<h2 id=\"competitors\">", "</section>");
    assert_contains(
        competitors,
        "Stackmere: 2 won, 1 lost, 0 open; Corvane: 1 won, 0 lost, 0 open.",
    );
    // Corvane's rate rests on one decided story: the chart and table say so.
    assert_contains(
        competitors,
        "Corvane <tspan class=\"note\" fill=\"#5b6670\">1 · 100% of 1 decided</tspan>",
    );
    assert_contains(
        competitors,
        "<td>100% <span class=\"caveat\">of 1 decided</span></td>",
    );
    assert_contains(
        between(
            competitors,
            "competitors/stackmere/index.html\">Stackmere</a>",
            "</tr>",
        ),
        "<td>3</td><td>2</td><td>1</td><td>0</td><td>67%</td><td><a href=\"../playbooks/stackmere-battlecard/index.html\">Beating Stackmere</a></td>",
    );

    let playbooks = between(&insight, "<h2 id=\"playbook-usage\">", "</section>");
    assert_contains(playbooks, "fewer than three");
    assert_contains(
        playbooks,
        "Beating Stackmere: 1 story, 100% won (of 1 decided story, too few to go by)",
    );

    let coverage = between(&insight, "<h2 id=\"skill-coverage\">", "</section>");
    assert_contains(coverage, "1 must-have skill with nobody strong");
    // The thinnest bench first: Forecasting, then Discovery and Negotiation.
    assert!(in_order(
        coverage,
        "Forecasting: 0 strong",
        "Discovery: 1 strong, 1 developing"
    ));
    assert_contains(coverage, "nobody strong · 0 developing");
    assert_lacks(coverage, "Coaching: ");

    // Field time is private: not even the heading in a published build.
    assert_lacks(&insight, "field-time");
    assert_lacks(&insight, "Field time");
}

#[test]
fn in_a_private_build_insight_shows_field_time_per_manager() {
    let site = built();
    let insight = private(&site, "insight/index.html");
    let field = between(&insight, "<h2 id=\"field-time\">", "</section>");
    assert_contains(field, "badge-private");
    // Three observations in the six months from June: 2 reports × 6 = 12 wanted.
    assert_contains(field, "Sam Park: 3 of 12.");
    assert_contains(field, "<title>Sam Park: target 12</title>");
    assert_contains(
        field,
        "<td>2</td><td>3</td><td>12</td><td><time datetime=\"2026-11-03\">3 Nov 2026</time></td>",
    );
}

#[test]
fn every_bar_chart_keeps_its_text_at_twelve_pixels_or_more_on_a_phone() {
    let site = built();
    // A 375 px phone leaves 343 px for the page's column.
    const COLUMN: f64 = 343.0;
    let mut checked = 0;
    for page in [
        "insight/index.html",
        "coaching/index.html",
        "reps/bo/index.html",
    ] {
        let html = site.read_in("private", page);
        for svg in html.split("<svg ").skip(1) {
            let tag = &svg[..svg.find('>').unwrap()];
            if tag.contains("chart-matrix") {
                continue; // Scrolls inside its frame, drawn at full size.
            }
            let number = |attribute: &str| -> f64 {
                let start = tag.find(&format!("{attribute}=\"")).unwrap() + attribute.len() + 2;
                let value = &tag[start..start + tag[start..].find('"').unwrap()];
                value.parse().unwrap()
            };
            let font = number("font-size");
            let width = number("width");
            let shown = font * (COLUMN / width).min(1.0);
            assert!(shown >= 12.0, "{page}: text at {shown:.1} px in {tag}");
            checked += 1;
        }
    }
    assert!(checked >= 7, "only {checked} charts checked");
}

#[test]
fn the_story_browser_filters_by_reason_and_competitor() {
    let site = built();
    let stories = published(&site, "stories/index.html");
    assert_contains(&stories, "<select data-facet=\"reason\">");
    assert_contains(&stories, "<select data-facet=\"competitor\">");
    let script = site.read("stories/facets.js");
    let start = script.find(".push(").unwrap() + ".push(".len();
    let end = script.rfind(");").unwrap();
    let data: serde_json::Value = serde_json::from_str(&script[start..end]).unwrap();
    let facets: Vec<&str> = (data["facets"].as_array().unwrap().iter())
        .map(|facet| facet.as_str().unwrap())
        .collect();
    let column = |facet: &str| facets.iter().position(|known| *known == facet).unwrap();
    // A story's values, by name, in one facet.
    let names = |title: &str, facet: &str| -> Vec<String> {
        let story = (data["stories"].as_array().unwrap().iter())
            .find(|story| story[0] == title)
            .unwrap();
        // Five fixed columns (title, url, date, customer, draft), then the facets.
        (story[5 + column(facet)].as_array().unwrap().iter())
            .map(|position| {
                let value = &data["values"][column(facet)][position.as_u64().unwrap() as usize];
                value[0].as_str().unwrap().to_string()
            })
            .collect()
    };
    let mut reasons = names("Globex lost on price", "reason");
    reasons.sort();
    assert_eq!(reasons, ["No executive sponsor", "Price"]);
    assert_eq!(names("Globex lost on price", "competitor"), ["Stackmere"]);
    assert_eq!(names("Initech first deal", "competitor"), ["Corvane"]);
    // The value a link names is the term's slug, as on the term pages.
    assert_contains(
        &script,
        "[\"No executive sponsor\",\"no-executive-sponsor\"]",
    );
}

/// What a session holds, file by file, as text.
fn session_pages(session: &huddle::driver::Session) -> std::collections::BTreeMap<String, String> {
    session
        .outputs()
        .iter()
        .filter_map(|(path, contents)| match contents {
            huddle::output::Contents::Bytes(bytes) => {
                Some((path.clone(), String::from_utf8_lossy(bytes).into_owned()))
            }
            huddle::output::Contents::Copy(_) => None,
        })
        .collect()
}

#[test]
fn the_manager_view_follows_edits_to_a_reports_stories_plan_and_observations_under_serve() {
    let site = site();
    let mut options = huddle::config::BuildOptions::new(&site.root);
    options.today = huddle::date::Date::parse(common::TODAY);
    options.private = true;
    let mut session = huddle::driver::Session::start(options.clone()).unwrap();
    let fresh = |step: &str, session: &huddle::driver::Session| {
        let full = huddle::driver::Session::start(options.clone()).unwrap();
        let (now, then) = (session_pages(session), session_pages(&full));
        for (path, text) in &then {
            assert_eq!(
                now.get(path),
                Some(text),
                "after {step}: {path} differs from a full build"
            );
        }
        assert_eq!(now.len(), then.len(), "after {step}");
        now["reps/sam/index.html"].clone()
    };
    let edit = |session: &mut huddle::driver::Session, path: &str, from: &str, to: &str| {
        let full = site.path(path);
        let text = std::fs::read_to_string(&full).unwrap();
        assert!(text.contains(from), "{path} holds {from:?}");
        std::fs::write(&full, text.replace(from, to)).unwrap();
        session.apply(&[full]).unwrap();
    };

    // Initech moves into this quarter: Ana has two stories now.
    edit(
        &mut session,
        "content/stories/initech.md",
        "date: 2026-05-01",
        "date: 2026-10-20",
    );
    let sam = fresh("moving a story into the quarter", &session);
    assert_contains(card(&sam, "Ana Lee</a>"), "2 stories (2 won, 0 lost)");
    // The follow-up is done: none open.
    edit(
        &mut session,
        "content/observations/2026-11-03-ana.md",
        "follow_up: 2026-11-17\n",
        "follow_up: 2026-11-17\nfollow_up_done: true\n",
    );
    let sam = fresh("closing a follow-up", &session);
    assert_contains(card(&sam, "Ana Lee</a>"), "none open");
    // The plan is reviewed and the goal back on track.
    edit(
        &mut session,
        "content/plans/ana-2026-h2.md",
        "reviewed: 2026-07-01",
        "reviewed: 2026-11-20",
    );
    edit(
        &mut session,
        "content/plans/ana-2026-h2.md",
        "status: at-risk",
        "status: on-track",
    );
    let sam = fresh("reviewing the plan", &session);
    let ana = card(&sam, "Ana Lee</a>");
    assert_contains(ana, "next review <time datetime=\"2027-02-18\">");
    assert_lacks(ana, "At risk");
    assert_lacks(ana, "review due");
}
