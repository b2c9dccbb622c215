//! What a reader gets beyond the pages themselves: the search index (no
//! drafts, no private data, records a browser can rank), the insight charts
//! (well-formed SVG with the right counts), and the template context fields
//! the default theme reads (story teams for the filters, a rep's own chart,
//! "last updated", "edit this page").
//!
//! The fixture `tests/fixtures/reader/` is small on purpose: three reps in two
//! teams, two playbooks (one past review), four stories over three quarters
//! of 2025, and a draft story and a private plan as canaries.

use crate::common;

use std::io::Write;
use std::process::{Command, Stdio};

use huddle::config::BuildOptions;
use huddle::date::Date;
use huddle::driver::Session;
use huddle::render::search;
use serde_json::Value;

use common::{Site, assert_contains, assert_lacks};

const CANARIES: [&str; 3] = [
    "DRAFT-CANARY-STORY",
    "DRAFT-CANARY-BODY",
    "PRIVATE-CANARY-PLAN",
];

fn built() -> Site {
    let site = Site::fixture("reader");
    site.build();
    site
}

/// The message a search script pushes: `(window.huddleSearch …).push(MESSAGE);`.
fn pushed(script: &str) -> Value {
    let start = script.find(".push(").expect("a push call") + ".push(".len();
    let end = script.rfind(");").expect("the call's end");
    serde_json::from_str(&script[start..end]).expect("the pushed message is JSON")
}

/// Every record of every shard the manifest names, as
/// `[kind, title, url, summary, meta, text]` arrays.
fn index_records(site: &Site) -> Vec<Vec<String>> {
    let manifest = pushed(&site.read("search/index.js"));
    assert_eq!(manifest[0], "manifest");
    let mut records = Vec::new();
    for (number, file) in manifest[1]["shards"].as_array().unwrap().iter().enumerate() {
        let shard = pushed(&site.read(&format!("search/{}", file.as_str().unwrap())));
        assert_eq!(shard[0], "shard");
        assert_eq!(shard[1], number);
        for record in shard[2].as_array().unwrap() {
            records.push(
                record
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|field| field.as_str().unwrap().to_string())
                    .collect(),
            );
        }
    }
    records
}

#[test]
fn the_search_index_holds_every_published_page_and_no_draft_or_private_data() {
    let site = built();
    let records = index_records(&site);
    let mut titles: Vec<&str> = records.iter().map(|record| record[1].as_str()).collect();
    titles.sort_unstable();
    assert_eq!(
        titles,
        [
            "Acme won on discovery",
            "Ana Lead",
            "Bo Seller",
            "Cy Hunter",
            "Discovery call",
            "Globex lost on price",
            "Hooli pilot",
            "Initech renewal",
            "Pricing",
        ]
    );
    // Every record's URL is a page of the output.
    for record in &records {
        assert!(
            site.exists(&record[2]),
            "{} is not in the output",
            record[2]
        );
    }
    site.check_output(&CANARIES);
}

#[test]
fn a_private_build_keeps_private_data_out_of_the_index_too() {
    let site = Site::fixture("reader");
    site.run(&["build", "--private", "--out", "public"])
        .success();
    assert_contains(
        &site.read("reps/bo-seller/index.html"),
        "PRIVATE-CANARY-PLAN",
    );
    for file in site.output_files() {
        if file.starts_with("search/") {
            assert_lacks(&site.read(&file), "PRIVATE-CANARY-PLAN");
        }
    }
}

#[test]
fn index_records_carry_what_ranking_and_snippets_need() {
    let site = built();
    let records = index_records(&site);
    let find = |title: &str| {
        records
            .iter()
            .find(|record| record[1] == title)
            .unwrap_or_else(|| panic!("no record titled {title}"))
    };
    // Title, kind and URL apart from the rest, so titles can rank first.
    let story = find("Acme won on discovery");
    assert_eq!(story[0], "story");
    assert_eq!(story[2], "stories/acme-won/index.html");
    // The fields a reader scans: outcome, rep, customer, industry, skills.
    assert_eq!(
        story[4],
        "won · Ana Lead · Acme Corp · Logistics · discovery"
    );
    assert_eq!(story[5], "Ana found the audit pain in the first call.");
    let playbook = find("Discovery call");
    assert_eq!(playbook[0], "playbook");
    // The stage and the skill of one name appear once.
    assert_eq!(playbook[4], "Discovery · Ana Lead");
    assert_contains(&playbook[5], "Ask about the cost of the problem.");
    let rep = find("Bo Seller");
    assert_eq!(rep[0], "rep");
    assert_eq!(rep[4], "Account Executive · Enterprise · closing");
}

#[test]
fn markup_in_titles_is_escaped_in_the_index() {
    let site = Site::with_files(&[
        ("content/reps/ana.md", "---\nname: Ana\n---\n"),
        (
            "content/stories/x.md",
            "---\ntitle: \"<b>Bold</b> & co\"\nrep: ana\ndate: 2026-01-01\n---\n",
        ),
    ]);
    site.build();
    let records = index_records(&site);
    assert!(records.iter().any(|record| record[1] == "<b>Bold</b> & co"));
    let shard = site.read("search/shard-0.js");
    assert_lacks(&shard, "<b>");
    assert_contains(&shard, r"\u003cb\u003eBold\u003c/b\u003e \u0026 co");
}

/// A site of `count` stories for the sharding tests.
fn many_stories(count: usize) -> Site {
    let site = Site::with_files(&[("content/reps/ana.md", "---\nname: Ana\n---\n")]);
    for number in 0..count {
        site.write(
            &format!("content/stories/story-{number}.md"),
            &format!(
                "---\ntitle: Story {number}\nrep: ana\ndate: 2026-01-01\n{}---\n\nBody {number}.\n",
                if number % 10 == 0 {
                    "draft: true\n"
                } else {
                    ""
                }
            ),
        );
    }
    site
}

#[test]
fn the_index_is_sharded_by_source_path_and_each_page_is_in_its_shard() {
    let site = many_stories(600);
    let mut options = BuildOptions::new(&site.root);
    options.today = Date::parse(common::TODAY);
    let session = Session::start(options).unwrap();
    let built = session.site();
    // 601 source files: three shards' worth, rounded up to a power of two.
    assert_eq!(search::shard_count(built), 4);
    let mut seen = 0;
    for shard in 0..4 {
        let file = search::shard(built, shard);
        assert_eq!(file.path, format!("search/shard-{shard}.js"));
        let text = match &session.outputs()[&file.path] {
            huddle::output::Contents::Bytes(bytes) => String::from_utf8(bytes.to_vec()).unwrap(),
            huddle::output::Contents::Copy(_) => panic!("shards are generated"),
        };
        let records = pushed(&text)[2].as_array().unwrap().clone();
        assert!(
            records.len() > 100,
            "shard {shard} has {} records",
            records.len()
        );
        for record in &records {
            let url = record[2].as_str().unwrap();
            let page = built
                .pages
                .iter()
                .position(|page| url.starts_with(page.file.output_path.as_str()))
                .unwrap();
            assert_eq!(search::shard_of(built, page), shard, "{url}");
        }
        seen += records.len();
    }
    // Every published page once: 540 stories and the rep; the 60 drafts nowhere.
    assert_eq!(seen, 541);
}

/// The `<svg>…</svg>` elements of an HTML page.
fn svgs(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("a closed svg") + start + "</svg>".len();
        found.push(&rest[start..end]);
        rest = &rest[end..];
    }
    found
}

/// Parses each SVG as XML with Python's parser (already a test dependency).
fn assert_well_formed(svgs: &[&str]) {
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, xml.dom.minidom as m\n\
             for part in sys.stdin.read().split('\\x00'):\n    m.parseString(part.encode())\n",
        )
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(svgs.join("\0").as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "an SVG is not well-formed XML: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn insight_charts_are_well_formed_svg_with_the_right_counts() {
    let site = built();
    let insight = site.read("insight/index.html");
    let charts = svgs(&insight);
    // Quarters, playbook usage, and a skills matrix per team (Enterprise, SMB).
    assert_eq!(charts.len(), 4);
    assert_well_formed(&charts);
    for chart in &charts {
        assert_contains(chart, "role=\"img\"");
        assert_contains(chart, "<title id=");
        assert_contains(chart, "<desc id=");
    }

    // 2025 Q1 to Q4, the empty Q2 kept; the draft's win in Q2 not counted.
    let quarters = charts[0];
    assert_eq!(count(quarters, "<g class=\"row\">"), 4);
    assert_contains(quarters, "2025 Q2: 0 won, 0 lost");
    assert_contains(quarters, "2 won and 1 lost in all");
    assert_contains(quarters, ">Stories</text>");

    let playbooks = charts[1];
    assert_eq!(count(playbooks, "<g class=\"row\">"), 2);
    assert_contains(playbooks, "Discovery call: 2 stories, 50% won");
    assert_contains(playbooks, "Pricing: 1 story, 100% won");

    // Enterprise: Ana (the manager) and Bo × closing, discovery, negotiation.
    let enterprise = charts[2];
    assert_contains(enterprise, "Skills matrix: Enterprise");
    assert_eq!(count(enterprise, "<g class=\"row\">"), 2);
    assert_eq!(count(enterprise, "<text class=\"skill\""), 3);
    // Three strengths and two development goals, plus one of each in the legend.
    assert_eq!(count(enterprise, "<circle class=\"strength\""), 4);
    assert_eq!(count(enterprise, "<circle class=\"focus\""), 3);
    assert!(enterprise.find("Ana Lead").unwrap() < enterprise.find("Bo Seller").unwrap());
    assert_contains(enterprise, "Bo Seller: developing discovery");

    // The text alternative: the same numbers as tables.
    assert_contains(
        &insight,
        "<tr><th scope=\"row\">2025 Q1</th><td>1</td><td>1</td><td>0</td></tr>",
    );
    // Needs review: the playbook past its date, not the fresh one.
    let review = &insight[insight.find("id=\"needs-review\"").unwrap()..];
    assert_contains(review, "Discovery call</a>");
    assert_lacks(review, ">Pricing</a>");
    site.check_output(&CANARIES);
}

#[test]
fn the_home_page_and_each_rep_page_show_wins_and_losses_per_quarter() {
    let site = built();
    let home = svgs(&site.read("index.html")).join("");
    assert_contains(&home, "id=\"chart-quarters\"");
    let bo = site.read("reps/bo-seller/index.html");
    let charts = svgs(&bo);
    assert_eq!(charts.len(), 1);
    assert_well_formed(&charts);
    assert_contains(charts[0], "Bo Seller: wins and losses per quarter");
    // Bo's own stories only: Q1 lost, Q3 won.
    assert_contains(charts[0], "1 won and 1 lost in all");
    assert_eq!(count(charts[0], "<g class=\"row\">"), 3);
}

#[test]
fn the_story_browser_reads_every_storys_facets_from_one_script_file() {
    let site = built();
    let stories = site.read("stories/index.html");
    assert_contains(&stories, "id=\"story-filters\"");
    assert_contains(&stories, "filters.js");
    assert_contains(&stories, "data-facets=\"../stories/facets.js\"");
    let facets = site.read("stories/facets.js");
    assert_contains(&facets, "window.huddleStoryFacets");
    // The team comes from the rep's profile; reps and playbooks are named
    // by id, terms by slug.
    for value in [
        "[\"won\",\"won\"]",
        "[\"closing\",\"closing\"]",
        "[\"Enterprise\",\"enterprise\"]",
        "[\"Bo Seller\",\"bo-seller\"]",
        "[\"Logistics\",\"logistics\"]",
        "[\"Pricing\",\"pricing\"]",
    ] {
        assert_contains(&facets, value);
    }
    assert_lacks(&stories, "data-outcome");
    // Every story is listed without JavaScript.
    for title in [
        "Acme won on discovery",
        "Globex lost on price",
        "Initech renewal",
        "Hooli pilot",
    ] {
        assert_contains(&stories, title);
    }
    assert_lacks(&site.read("reps/bo-seller/index.html"), "data-outcome");
}

#[test]
fn pages_show_last_updated_and_an_edit_link_from_the_config_template() {
    let site = built();
    let playbook = site.read("playbooks/discovery-call/index.html");
    assert_contains(
        &playbook,
        "Last updated <time datetime=\"2025-01-10\">10 January 2025</time>",
    );
    assert_contains(
        &playbook,
        "href=\"https://git.example.com/wiki/edit/main/content/playbooks/discovery-call.md\"",
    );
    // Not a git repository: a story has no date from history.
    assert_lacks(&site.read("stories/acme-won/index.html"), "Last updated");
}

#[test]
fn last_updated_comes_from_git_history_when_the_site_is_a_repository() {
    let site = Site::fixture("reader");
    let git = |args: &[&str]| {
        Command::new("git")
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
            .args(args)
            .current_dir(&site.root)
            .env("GIT_AUTHOR_DATE", "2024-05-06T12:00:00+00:00")
            .env("GIT_COMMITTER_DATE", "2024-05-06T12:00:00+00:00")
            .output()
    };
    let Ok(output) = git(&["init", "-q"]) else {
        common::skip("needs git, to read last-updated dates from history");
        return;
    };
    assert!(output.status.success());
    assert!(git(&["add", "."]).unwrap().status.success());
    assert!(
        git(&["commit", "-q", "-m", "Start"])
            .unwrap()
            .status
            .success()
    );
    site.build();
    assert_contains(
        &site.read("stories/acme-won/index.html"),
        "Last updated <time datetime=\"2024-05-06\">6 May 2024</time>",
    );
    // `updated:` in front matter wins over history.
    assert_contains(
        &site.read("playbooks/pricing/index.html"),
        "<time datetime=\"2026-11-01\">",
    );
}

#[test]
fn every_page_links_to_search_and_insight_and_the_sitemap_lists_insight() {
    let site = built();
    for page in [
        "index.html",
        "stories/acme-won/index.html",
        "skills/discovery/index.html",
        "404.html",
    ] {
        let html = site.read(page);
        assert_contains(&html, "class=\"site-search\" role=\"search\"");
        assert_contains(&html, "search.js\" data-root=");
    }
    assert_contains(
        &site.read("stories/acme-won/index.html"),
        "action=\"../../search/index.html\"",
    );
    assert!(site.exists("search/index.html"));
    assert!(site.exists("filters.js"));
    assert_contains(
        &site.read("sitemap.xml"),
        "<loc>https://wiki.example.com/reader/insight/index.html</loc>",
    );
}

#[test]
fn a_theme_without_search_and_insight_templates_gets_the_built_in_ones() {
    let site = Site::fixture("reader");
    site.write(
        "huddle.yaml",
        "title: Reader Fixture\nbase_url: https://wiki.example.com/\ntheme: plain\n",
    );
    let default = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    for name in huddle::theme::REQUIRED_TEMPLATES {
        let text = std::fs::read_to_string(default.join(name)).unwrap();
        site.write(&format!("themes/plain/templates/{name}"), &text);
    }
    for partial in [
        "page_list",
        "private",
        "story_cards",
        "story_list",
        "terms",
        "chart",
        "page_meta",
    ] {
        let text =
            std::fs::read_to_string(default.join(format!("partials/{partial}.html"))).unwrap();
        site.write(
            &format!("themes/plain/templates/partials/{partial}.html"),
            &text,
        );
    }
    site.write("themes/plain/static/style.css", "/* plain */\n");
    site.build();
    assert_contains(&site.read("search/index.html"), "id=\"search-page\"");
    assert_contains(&site.read("insight/index.html"), "Skills matrix");
    assert_eq!(site.read("style.css"), "/* plain */\n");
    assert!(site.exists("search.js"));
    site.check_output(&CANARIES);
}

#[test]
fn the_themes_md_example_overrides_one_partial_and_one_static_file() {
    let site = Site::fixture("reader");
    let default = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let cards =
        std::fs::read_to_string(default.join("templates/partials/story_cards.html")).unwrap();
    let names = "{% for rep in story.reps %}<a href=\"{{ root }}{{ rep.url }}\">{{ rep.title }}</a>{% if not loop.last %}, {% endif %}{% endfor %}";
    assert_contains(&cards, names);
    site.write(
        "templates/partials/story_cards.html",
        &cards.replace(
            names,
            &format!("{names}\n{{% for team in story.teams %}} · <a href=\"{{{{ root }}}}{{{{ team.url }}}}\">{{{{ team.name }}}}</a>{{% endfor %}}"),
        ),
    );
    let style = std::fs::read_to_string(default.join("static/style.css")).unwrap();
    site.write(
        "static/style.css",
        &format!("{style}\n:root {{ --accent: #8a1538; --accent-soft: #f7e8ed; }}\n"),
    );
    site.build();
    assert_contains(
        &site.read("index.html"),
        " · <a href=\"./teams/enterprise/index.html\">Enterprise</a>",
    );
    assert_contains(&site.read("style.css"), "--accent: #8a1538;");
    assert!(site.exists("search.js"));
    site.check_output(&CANARIES);
}

#[test]
fn a_long_term_page_links_to_the_story_browser_by_the_term_slug() {
    // A team whose name is not its slug, with more stories than a term page lists.
    let site = Site::with_files(&[(
        "content/reps/ana.md",
        "---\nname: Ana\nteam: Public Sector\n---\n",
    )]);
    for number in 0..51 {
        site.write(
            &format!("content/stories/story-{number}.md"),
            &format!(
                "---\ntitle: Story {number}\nrep: ana\ndate: 2026-01-01\noutcome: won\n---\n\nBody.\n"
            ),
        );
    }
    site.build().success();
    // filters.js matches rows by slug; `?team=Public%20Sector` chose nothing.
    let team = site.read("teams/public-sector/index.html");
    assert_contains(
        &team,
        "href=\"../../stories/index.html?team=public-sector\">All 51 in the story browser</a>",
    );
    assert_contains(
        &site.read("outcomes/won/index.html"),
        "stories/index.html?outcome=won\">All 51",
    );
}

#[test]
fn playbook_usage_labels_and_axis_stay_inside_the_chart_on_a_phone() {
    let long = "Defending the Mutual Action Plan in the Public Sector With Several Buyers";
    let site = Site::with_files(&[
        ("content/reps/ana.md", "---\nname: Ana\nteam: Solo\n---\n"),
        (
            "content/playbooks/long.md",
            &format!("---\ntitle: {long}\n---\n\nBody.\n"),
        ),
    ]);
    for number in 0..15 {
        site.write(
            &format!("content/stories/story-{number}.md"),
            &format!(
                "---\ntitle: Story {number}\nrep: ana\ndate: 2026-01-01\noutcome: won\nplaybooks: [long]\n---\n\nBody.\n"
            ),
        );
    }
    site.build().success();
    let insight = site.read("insight/index.html");
    let chart = svgs(&insight)
        .into_iter()
        .find(|svg| svg.contains("id=\"chart-playbooks\""))
        .expect("the playbook usage chart");
    assert_well_formed(&[chart]);
    // The label and its note on one line, cut to fit the 400-unit width.
    let row = &chart[chart.find("<g class=\"row\"><text").unwrap() + 20..];
    let text = &row[row.find('>').unwrap() + 1..row.find("</tspan>").unwrap()];
    let label = text.replace("<tspan class=\"note\" fill=\"#5b6670\">", "");
    assert!(label.ends_with("15 · 100% won"), "{label}");
    assert!(label.contains("… 15"), "a long title is cut: {label}");
    assert!(
        label.chars().count() <= 52,
        "{} characters overflow the chart: {label}",
        label.chars().count()
    );
    // The full title stays in the bar's tooltip and the table.
    assert_contains(chart, &format!("<title>{long}: 15 won</title>"));
    // The last tick (15, at the right edge) ends there instead of being cut in half.
    assert_contains(chart, "text-anchor=\"end\" fill=\"#5b6670\">15</text>");
    assert_contains(chart, "text-anchor=\"start\" fill=\"#5b6670\">0</text>");
    // Counts read as English in the text alternative.
    assert_contains(chart, &format!("{long}: 15 stories, 100% won"));
    let matrix = svgs(&insight)
        .into_iter()
        .find(|svg| svg.contains("id=\"chart-skills-solo\""));
    assert!(matrix.is_none(), "no skills recorded: no matrix drawn");
    assert_contains(&insight, "No strengths or development goals recorded.");
}

#[test]
fn the_skills_matrix_description_counts_in_the_singular_too() {
    let site = Site::with_files(&[(
        "content/reps/ana.md",
        "---\nname: Ana\nteam: Solo\nstrengths: [discovery]\nfocus: [closing]\n---\n",
    )]);
    site.build().success();
    assert_contains(
        &site.read("insight/index.html"),
        "1 person of Solo against 2 skills: 1 strength (filled circles) and 1 development goal (open circles).",
    );
}
