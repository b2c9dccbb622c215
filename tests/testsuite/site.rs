//! What a reader gets from `huddle build`: every page kind at the URL the
//! design gives it, the relations between them, taxonomies, feed, sitemap,
//! and a folder that works from any host and from `file://`.

use crate::common;

use common::{Site, assert_contains, assert_lacks};

#[test]
fn every_page_kind_is_written_at_its_url() {
    let site = Site::fixture("team");
    site.build();
    for path in [
        "index.html",
        "404.html",
        "atom.xml",
        "sitemap.xml",
        "playbooks/index.html",
        "playbooks/discovery/index.html",
        "playbooks/meetings/weekly/index.html",
        "stories/index.html",
        "stories/big-win/index.html",
        "stories/hard-loss/index.html",
        "reps/index.html",
        "reps/ana-manager/index.html",
        "about/index.html",
        "about/expectations/index.html",
        "about/handbook/index.html",
        "skills/index.html",
        "skills/discovery/index.html",
        "tags/enterprise/index.html",
        "stages/discovery/index.html",
        "outcomes/won/index.html",
        "teams/mid-market/index.html",
    ] {
        assert!(site.exists(path), "missing {path}");
    }
}

#[test]
fn static_files_and_assets_are_copied() {
    let site = Site::fixture("team");
    site.build();
    assert_eq!(site.read("robots.txt"), "User-agent: *\n");
    assert!(site.exists("about/cadence.svg"));
    assert!(site.exists("style.css"), "the default theme's stylesheet");
    let page = site.read("about/expectations/index.html");
    assert_contains(&page, r#"src="../../about/cadence.svg""#);
}

#[test]
fn every_link_is_relative_and_leads_somewhere() {
    let site = Site::fixture("team");
    site.build();
    site.check_output(&[]);
    let story = site.read("stories/big-win/index.html");
    assert_contains(
        &story,
        r#"href="../../playbooks/discovery/index.html#when-to-run-it""#,
    );
    assert_lacks(&story, "href=\"/");
}

#[test]
fn a_story_shows_its_reps_actions_results_and_playbooks() {
    let site = Site::fixture("team");
    site.build();
    let story = site.read("stories/big-win/index.html");
    assert_contains(&story, "Big win at Acme");
    assert_contains(
        &story,
        r#"<a href="../../reps/bo-rep/index.html">Bo Rep</a>"#,
    );
    assert_contains(&story, "<li>Ran discovery before the demo</li>");
    assert_contains(&story, "<li>Closed in 3 weeks</li>");
    assert_contains(&story, "../../playbooks/meetings/weekly/index.html");
    assert_contains(&story, "€120k ARR");
    assert_contains(&story, "Corvane");
    // Related: the other story shares the discovery playbook.
    assert_contains(&story, "Lost Globex on access");
}

#[test]
fn a_story_may_name_several_reps() {
    let site = Site::fixture("team");
    site.build();
    let story = site.read("stories/hard-loss/index.html");
    assert_contains(&story, "Bo Rep");
    assert_contains(&story, "Cy Rep");
    assert_contains(
        &site.read("reps/cy-rep/index.html"),
        "Lost Globex on access",
    );
}

#[test]
fn a_rep_page_lists_stories_owned_playbooks_and_direct_reports() {
    let site = Site::fixture("team");
    site.build();
    let manager = site.read("reps/ana-manager/index.html");
    assert_contains(&manager, "Direct reports");
    assert_contains(&manager, "Bo Rep");
    assert_contains(&manager, "Cy Rep");
    assert_contains(&manager, "Playbooks owned");
    assert_contains(&manager, "Discovery call");
    assert_contains(&manager, "Weekly sales meeting");
    let rep = site.read("reps/bo-rep/index.html");
    assert_contains(&rep, "Big win at Acme");
    assert_contains(&rep, "Lost Globex on access");
    assert_contains(&rep, "2 (1 won, 1 lost)");
    assert_contains(
        &rep,
        r#"href="../../reps/ana-manager/index.html">Ana Manager</a>"#,
    );
}

#[test]
fn a_playbook_page_lists_its_stories_with_wins_and_losses() {
    let site = Site::fixture("team");
    site.build();
    let playbook = site.read("playbooks/discovery/index.html");
    assert_contains(&playbook, "1 win, 1 loss");
    assert_contains(&playbook, "Big win at Acme");
    assert_contains(&playbook, "Lost Globex on access");
    assert_contains(&playbook, "Ana Manager");
}

#[test]
fn a_skill_page_gathers_stories_playbooks_and_whom_to_ask() {
    let site = Site::fixture("team");
    site.build();
    // `Discovery` and `discovery` are one skill.
    let skill = site.read("skills/discovery/index.html");
    assert_contains(&skill, "Who to ask");
    assert_contains(&skill, "Bo Rep");
    assert_contains(&skill, "Cy Rep");
    assert_contains(&skill, "Playbooks that teach it");
    assert_contains(&skill, "Discovery call");
    assert_contains(&skill, "Stories that show it");
    assert_contains(&skill, "Big win at Acme");
    let developing = site.read("skills/negotiation/index.html");
    assert_contains(&developing, "Developing this skill");
    assert_contains(&developing, "Bo Rep");
}

#[test]
fn indexes_group_playbooks_by_stage_and_reps_by_team() {
    let site = Site::fixture("team");
    site.build();
    let playbooks = site.read("playbooks/index.html");
    let discovery = playbooks
        .find(">Discovery</a></h2>")
        .expect("a Discovery group");
    let management = playbooks
        .find(">Management</a></h2>")
        .expect("a Management group");
    assert!(discovery < management, "stages in sales order");
    let reps = site.read("reps/index.html");
    assert_contains(&reps, ">Enterprise</a></h2>");
    assert_contains(&reps, ">Mid-Market</a></h2>");
    let stories = site.read("stories/index.html");
    let newer = stories.find("Big win at Acme").unwrap();
    let older = stories.find("Lost Globex on access").unwrap();
    assert!(newer < older, "stories newest first");
}

#[test]
fn the_home_page_shows_intro_stories_playbooks_team_and_figures() {
    let site = Site::fixture("team");
    site.build();
    let home = site.read("index.html");
    assert_contains(&home, "Welcome to the fixture team");
    assert_contains(&home, r#"href="./playbooks/discovery/index.html""#);
    assert_contains(&home, "Newest stories");
    assert_contains(&home, "Playbooks by stage");
    assert_contains(&home, "The team");
    assert_contains(&home, "<dt>Win rate</dt><dd>50%</dd>");
}

#[test]
fn plain_pages_without_front_matter_take_their_first_heading() {
    let site = Site::fixture("team");
    site.build();
    let page = site.read("about/handbook/index.html");
    assert_contains(&page, "<title>The handbook · Fixture Team</title>");
    // Markdown bodies never go through Tera.
    assert_contains(&page, "{{ customer_name }}");
    assert_contains(&page, "{% if deal %}");
}

#[test]
fn feed_and_sitemap_use_absolute_urls_from_base_url() {
    let site = Site::fixture("team");
    site.build();
    let feed = site.read("atom.xml");
    assert_contains(&feed, "<feed xmlns=\"http://www.w3.org/2005/Atom\"");
    assert_contains(
        &feed,
        "<id>https://wiki.example.com/team/stories/big-win/index.html</id>",
    );
    assert_contains(&feed, "<updated>2026-10-01T00:00:00Z</updated>");
    let sitemap = site.read("sitemap.xml");
    assert_contains(
        &sitemap,
        "<loc>https://wiki.example.com/team/reps/bo-rep/index.html</loc>",
    );
    assert_lacks(&sitemap, "draft-story");
}

#[test]
fn base_url_on_the_command_line_wins() {
    let site = Site::fixture("team");
    site.run(&["build", "--base-url", "https://sales.example.org"])
        .success();
    assert_contains(
        &site.read("atom.xml"),
        "<id>https://sales.example.org/stories/big-win/index.html</id>",
    );
}

#[test]
fn pretty_links_drop_index_html() {
    let site = Site::fixture("team");
    site.write(
        "huddle.yaml",
        "title: Pretty\nbase_url: https://wiki.example.com/\npretty_links: true\n",
    );
    site.build();
    let story = site.read("stories/big-win/index.html");
    assert_contains(&story, r#"href="../../reps/bo-rep/""#);
    assert_contains(
        &story,
        r#"href="../../playbooks/discovery/#when-to-run-it""#,
    );
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let first = Site::fixture("team");
    first.build();
    let second = Site::fixture("team");
    second.build();
    assert_eq!(first.output_files(), second.output_files());
    for file in first.output_files() {
        if file == ".huddle-output" {
            continue;
        }
        assert_eq!(
            std::fs::read(first.root.join("public").join(&file)).unwrap(),
            std::fs::read(second.root.join("public").join(&file)).unwrap(),
            "{file} differs between two builds"
        );
    }
}

#[test]
fn the_example_wiki_builds_clean() {
    let site = Site::example_wiki();
    let run = site.build();
    assert!(
        !run.stderr().contains("warning"),
        "the example wiki has warnings:\n{}",
        run.stderr()
    );
    site.check_output(&["PRIVATE-CANARY", "DRAFT-CANARY"]);
}

#[test]
fn the_example_wiki_shows_the_practices_a_team_needs() {
    let site = Site::example_wiki();
    site.build();
    for playbook in [
        "playbooks/performance-planning/index.html",
        "playbooks/coaching/ride-along/index.html",
        "playbooks/win-loss-review/index.html",
        "playbooks/meetings/weekly/index.html",
        "playbooks/hiring-scorecard/index.html",
        "playbooks/coaching/top-performers/index.html",
    ] {
        assert!(site.exists(playbook), "the example wiki lacks {playbook}");
    }
    let home = site.read("index.html");
    // A headline figure of the home page: `<dt>Stories</dt><dd>14</dd>`.
    let figure = |name: &str| -> usize {
        let label = format!("<dt>{name}</dt><dd>");
        let (_, rest) = home
            .split_once(&label)
            .unwrap_or_else(|| panic!("no {name} figure on the home page"));
        rest[..rest.find('<').unwrap()].parse().unwrap()
    };
    assert!(figure("Playbooks") >= 6, "at least 6 playbooks");
    assert!(figure("Stories") >= 10, "at least 10 stories");
    assert!(figure("Losses") >= 1, "losses teach too");
    assert!(figure("People") >= 6, "at least 6 reps");
    // Two teams, each with a manager: rep pages listing direct reports, in
    // different teams.
    let mut managed_teams: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|file| file.starts_with("reps/") && file != "reps/index.html")
        .map(|file| site.read(&file))
        .filter(|page| page.contains("Direct reports"))
        .filter_map(|page| {
            let team = page.split("href=\"../../teams/").nth(1)?;
            Some(team.split('/').next()?.to_string())
        })
        .collect();
    managed_teams.sort();
    managed_teams.dedup();
    assert!(
        managed_teams.len() >= 2,
        "two teams with a manager each, found {managed_teams:?}"
    );
}

#[test]
fn a_page_beside_a_folder_of_the_same_name_moves_aside_with_a_warning() {
    let site = Site::with_files(&[
        (
            "content/guide.md",
            "# Old guide\n\nSee [the new one](guide/index.md).\n",
        ),
        (
            "content/guide/index.md",
            "# New guide\n\nBack to [the old one](../guide.md).\n",
        ),
    ]);
    let run = site.build();
    assert_contains(&run.stderr(), "this page is published at guide.html");
    assert_contains(&site.read("guide/index.html"), "New guide");
    let old = site.read("guide.html");
    assert_contains(&old, "Old guide");
    assert_contains(&old, r#"href="./guide/index.html""#);
    assert_contains(&site.read("guide/index.html"), r#"href="../guide.html""#);
    site.check_output(&[]);
}
