//! The view model on a small site with every kind, and THEMES.md held equal
//! to it: every field the context has is documented, and every field the
//! document names exists.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::*;
use crate::config::Config;
use crate::content::{SourceFile, place};
use crate::date::Date;
use crate::links::LinkIndex;
use crate::markdown;
use crate::page::{ParseOptions, parse_page};
use crate::site::SiteOptions;

const FILES: [(&str, &str); 7] = [
    ("index.md", "---\ntitle: Welcome\n---\nHello team.\n"),
    (
        "playbooks/index.md",
        "---\ntitle: Our playbooks\n---\nHow we sell.\n",
    ),
    (
        "playbooks/discovery.md",
        "---\ntitle: Discovery call\nowner: jane\nstage: Discovery\ntags: [calls]\nskills: [Questioning]\nupdated: 2026-01-01\nreview_every: 30\n---\n## Before\n\nPrepare. See [Jane](../reps/jane.md).\n",
    ),
    (
        "stories/big-win.md",
        "---\ntitle: Big win\nrep: jane\ndate: 2026-05-02\noutcome: won\ncustomer: Acme\nindustry: Retail\nvalue: 10k\ncompetitor: Other\nplaybooks: [discovery]\nskills: [Questioning]\ntags: [calls]\nactions: [Asked]\nresults: [Signed]\n---\nIt went well.\n",
    ),
    (
        "reps/jane.md",
        "---\nname: Jane\nrole: AE\nteam: North\nmanager: sam\nregion: EU\nemail: jane@example.com\nphoto: jane.jpg\njoined: 2024-01-01\nstrengths: [Questioning]\nfocus: [Closing]\n---\nJane sells.\n",
    ),
    (
        "reps/sam.md",
        "---\nname: Sam\nrole: Manager\nteam: North\n---\nSam leads.\n",
    ),
    ("about.md", "---\ntitle: About\nweight: 1\n---\nAbout us.\n"),
];

/// The coaching loop's kinds, for the private site.
const LOOP_FILES: [(&str, &str); 6] = [
    (
        "stories/lost-one.md",
        "---\ntitle: Lost one\nrep: jane\ndate: 2026-06-02\noutcome: lost\ncompetitor: Other\nreasons: [Price, Timing]\nlesson: Qualify budget early\n---\nIt went badly.\n",
    ),
    (
        "observations/2026-11-02-jane.md",
        "---\nrep: jane\nobserver: sam\ndate: 2026-11-02\ntype: field\ngoal: Book the pilot\nwatch: Questioning\nself_assessment: Rushed the close\nstrengths: [Rapport]\ndevelopment_point: Pause after the price\nratings:\n  Questioning: 4\nfollow_up: 2026-11-16\nfollow_up_done: false\n---\nNotes.\n",
    ),
    (
        "plans/jane-2026-h2.md",
        "---\nrep: jane\nperiod: 2026 H2\nreviewed: 2026-07-01\nreview_every: 90\nindependence: Pricing\nmanager_needs: Forecasts\nimprove: Closing\nsupport: Ride-alongs\ncareer: Team lead\nexposure: QBRs\ngoals:\n  - goal: Close two pilots\n    measure: Signed\n    due: 2026-12-01\n    status: at-risk\n---\nPlan.\n",
    ),
    (
        "meetings/weekly.md",
        "---\ntitle: Weekly\ndate: 2026-11-10\nteam: North\nfacilitator: sam\nattendees: [jane]\nagenda:\n  - item: Share the Acme win\n    minutes: 15\n    type: share\n    story: big-win\n    playbook: discovery\n    skill: Questioning\n    reps: [jane]\ndecisions: [Pilot first]\n---\nMinutes.\n",
    ),
    (
        "roles/ae.md",
        "---\ntitle: Account executive\nteam: North\nlevel: Senior\nowner: sam\nskills:\n  - skill: Questioning\n    must: true\n    how_tested: Role play\n---\nThe role.\n",
    ),
    (
        "competitors/other.md",
        "---\ntitle: Other Inc\nsummary: The incumbent.\n---\nHow to beat them.\n",
    ),
];

fn test_site() -> Site {
    build_site(&FILES, false, "")
}

/// The test site with more lines of huddle.yaml.
fn test_site_with(more_config: &str) -> Site {
    build_site(&FILES, false, more_config)
}

/// Every kind, the coaching loop's too, built as `--private`.
fn private_test_site() -> Site {
    let mut files = FILES.to_vec();
    files.extend(LOOP_FILES);
    build_site(&files, true, "")
}

fn build_site(sources: &[(&str, &str)], private: bool, more_config: &str) -> Site {
    let files: Vec<SourceFile> = sources
        .iter()
        .map(|(relative, text)| {
            let (kind, role, id, output_path) = place(relative, false);
            SourceFile {
                relative: relative.to_string(),
                display: format!("content/{relative}"),
                absolute: relative.into(),
                text: text.to_string(),
                kind,
                role,
                id,
                output_path,
                last_commit: None,
            }
        })
        .collect();
    let (config, _) = Config::parse(&format!(
        "title: Test\nbase_url: https://wiki.example.com/\nedit_url: https://git.example.com/{{path}}\nextra:\n  motto: Sell\n{more_config}",
    ))
    .expect("the config parses");
    let index = LinkIndex::new(&files, &[], config.pretty_links);
    let options = ParseOptions {
        markdown: markdown::Options {
            raw_html: config.raw_html,
        },
        links: config.links,
    };
    let pages = files
        .into_iter()
        .map(|file| {
            let (page, problems) = parse_page(file, &index, &options);
            // Nudges (a rep without strengths) are fine here; errors are not.
            assert!(!problems.iter().any(|p| p.is_error()), "{problems:?}");
            Arc::new(page)
        })
        .collect();
    let today = Date::parse("2026-11-23").expect("a date");
    let site_options = SiteOptions {
        drafts: false,
        private,
        today,
    };
    let (site, problems) = Site::assemble(config, site_options, pages, Vec::new());
    assert!(problems.is_empty(), "{problems:?}");
    site
}

fn json(value: &Value) -> serde_json::Value {
    serde_json::to_value(value).expect("a context value serialises")
}

fn page_index(site: &Site, id: &str) -> usize {
    site.pages
        .iter()
        .position(|page| page.id() == id && page.file.role == crate::content::Role::Page)
        .expect("the page exists")
}

#[test]
fn summaries_link_pages_and_terms_by_kind() {
    let site = test_site();
    let values = SiteValues::new(&site);
    let story = json(&values.summaries[page_index(&site, "big-win")]);
    assert_eq!(story["kind"], "story");
    assert_eq!(story["url"], "stories/big-win/index.html");
    assert_eq!(
        story["permalink"],
        "https://wiki.example.com/stories/big-win/index.html"
    );
    assert_eq!(story["outcome"]["url"], "outcomes/won/index.html");
    assert_eq!(story["reps"][0]["title"], "Jane");
    assert_eq!(story["teams"][0]["url"], "teams/north/index.html");
    assert_eq!(story["skills"][0]["slug"], "questioning");
    let rep = json(&values.summaries[page_index(&site, "jane")]);
    assert_eq!(rep["manager"]["id"], "sam");
    assert_eq!(rep["photo"], "reps/jane.jpg");
    assert_eq!(rep["focus"][0]["url"], "skills/closing/index.html");
    let playbook = json(&values.summaries[page_index(&site, "discovery")]);
    assert_eq!(playbook["stage"]["name"], "Discovery");
    assert_eq!(playbook["overdue"], true);
    assert_eq!(playbook["review_due"], "2026-01-31");
}

#[test]
fn a_page_on_its_own_template_has_full_relations_and_its_record() {
    let site = test_site();
    let values = SiteValues::new(&site);
    let playbook = json(&values.full_page(&site, page_index(&site, "discovery")));
    assert_eq!(
        playbook["owner"]["role"], "AE",
        "the owner is a full summary"
    );
    assert_eq!(
        (&playbook["won"], &playbook["lost"], &playbook["open"]),
        (&1.into(), &0.into(), &0.into())
    );
    assert_eq!(playbook["toc"][0]["title"], "Before");
    assert_eq!(
        playbook["edit_url"],
        "https://git.example.com/content/playbooks/discovery.md"
    );
    let rep = json(&values.full_page(&site, page_index(&site, "jane")));
    assert_eq!(rep["insight"]["id"], "chart-rep-quarters");
    assert_eq!(rep["insight"]["rows"][0]["label"], "2026 Q2");
    assert_eq!(rep["backlinks"][0]["id"], "discovery");
}

#[test]
fn the_site_value_lists_groups_taxonomies_and_figures() {
    let site = test_site();
    let values = SiteValues::new(&site);
    let value = json(&values.site);
    assert_eq!(value["stats"]["win_rate"], 100);
    assert_eq!(value["stats"]["won"], 1);
    assert_eq!(value["urls"]["skills"], "skills/index.html");
    assert_eq!(value["urls"]["reps"], "reps/index.html");
    assert_eq!(
        value["reps_by_team"][0]["pages"][0]["id"], "sam",
        "managers first"
    );
    assert_eq!(
        value["playbooks_by_stage"][0]["url"],
        "stages/discovery/index.html"
    );
    let names: Vec<&str> = value["taxonomies"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|taxonomy| taxonomy["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "skills",
            "tags",
            "stages",
            "outcomes",
            "teams",
            "reasons",
            "competitors"
        ]
    );
    let section = json(&values.section(&site, Kind::Playbook, 0));
    assert_eq!(section["title"], "Our playbooks", "the intro's title wins");
    assert_eq!(section["groups"], value["playbooks_by_stage"]);
    assert_eq!(section["total"], 1);
    assert_eq!(section["pagination"]["count"], 1);
    assert_eq!(section["pagination"]["first"], "playbooks/index.html");
    let taxonomy = json(&values.taxonomy(&site, 0));
    assert_eq!(
        taxonomy, value["taxonomies"][0],
        "built once, the same value"
    );
    let term = json(&values.term(&site, 0, 0, 0));
    assert_eq!(term["taxonomy"], "skills");
    assert!(term.get("developing").is_some());
}

#[test]
fn an_index_page_holds_its_share_and_links_the_others() {
    let site = test_site_with("pagination: 1\n");
    let values = SiteValues::new(&site);
    let first = json(&values.section(&site, Kind::Rep, 0));
    let second = json(&values.section(&site, Kind::Rep, 1));
    assert_eq!(first["total"], 2);
    assert_eq!(first["pages"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        first["groups"][0]["pages"][0]["id"], "sam",
        "managers first"
    );
    assert_eq!(first["groups"][0]["continued"], false);
    assert_eq!(second["groups"][0]["name"], "North");
    assert_eq!(second["groups"][0]["pages"][0]["id"], "jane");
    assert_eq!(second["groups"][0]["continued"], true);
    assert_eq!(first["pagination"]["next"], "reps/page/2/index.html");
    assert_eq!(second["pagination"]["previous"], "reps/index.html");
    assert_eq!(second["pagination"]["pages"][1]["current"], true);
    // A term's lists are cut alike: the skill `questioning` has a rep, a
    // playbook and a story, one of each per page.
    let skills = site
        .taxonomies
        .iter()
        .position(|terms| terms.taxonomy == crate::kinds::Taxonomy::Skills)
        .expect("skills");
    let questioning = site.taxonomies[skills]
        .terms
        .iter()
        .position(|term| term.slug == "questioning")
        .expect("the term");
    let term = json(&values.term(&site, skills, questioning, 0));
    assert_eq!(term["pagination"]["count"], 1);
    assert_eq!(term["stories"][0]["id"], "big-win");
    assert_eq!(term["reps"][0]["id"], "jane");
}

/// Every key of the context at any depth, except inside the user's own
/// `extra` and `private` mappings.
fn keys(value: &serde_json::Value, into: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                into.insert(key.clone());
                if key != "extra" && key != "private" {
                    keys(inner, into);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| keys(item, into)),
        _ => {}
    }
}

/// The names THEMES.md documents for the context: identifiers in backticks
/// (`name`, `{a, b}`, `[{a, b}]`, `site.insight.quarters`) in the sections
/// from "Every template gets" to "Insight charts".
fn documented() -> BTreeSet<String> {
    let text = include_str!("../../../THEMES.md");
    let start = text
        .find("## Every template gets")
        .expect("THEMES.md has the section");
    let end = text
        .find("## Search")
        .expect("THEMES.md has a Search section");
    let mut names = BTreeSet::new();
    let is_name =
        |word: &str| !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    for (index, span) in text[start..end].split('`').enumerate() {
        if index % 2 == 0 || span.starts_with("{{") || span.starts_with("{%") {
            continue;
        }
        if span.starts_with('{') || span.starts_with("[{") {
            // `{name, slug, url}`: the fields of a mapping.
            let words = span.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
            names.extend(words.filter(|word| is_name(word)).map(String::from));
        } else if span.contains([' ', '<', ':', '/', '"', '=']) {
            // A command, a path, a URL or markup, not a field.
        } else if let Some((_, extension)) = span.rsplit_once('.') {
            if !["html", "yaml", "md", "js", "css", "xml"].contains(&extension) {
                // `site.insight.quarters`: a path of fields.
                names.extend(
                    span.split('.')
                        .filter(|part| is_name(part))
                        .map(String::from),
                );
            }
        } else if is_name(span) {
            names.insert(span.to_string());
        }
    }
    names
}

/// Words THEMES.md puts in backticks that are values, CSS classes or
/// partial parameters rather than context fields.
const NOT_FIELDS: [&str; 22] = [
    "playbook",
    "story",
    "rep", // kind values
    "strength",
    "axis",
    "note",
    "stripe", // CSS classes of the charts
    "chart",
    "filterable", // parameters of the default theme's partials
    "field",
    "call",
    "demo",
    "meeting", // observation types (and a kind)
    "planned",
    "done",
    "dropped", // goal statuses
    "strategy",
    "share",
    "recognition",
    "other", // agenda item types
    "shown",
    "noun", // parameters of the default theme's partials
];

#[test]
fn themes_md_documents_every_context_field_and_no_other() {
    let site = private_test_site();
    let values = SiteValues::new(&site);
    let mut found = BTreeSet::new();
    for variable in [
        "site",
        "page",
        "section",
        "taxonomy",
        "term",
        "coaching",
        "root",
        "current_url",
    ] {
        found.insert(variable.to_string());
    }
    keys(&json(&values.site), &mut found);
    for index in 0..site.pages.len() {
        keys(&json(&values.full_page(&site, index)), &mut found);
    }
    for kind in Kind::WITH_FOLDERS {
        keys(&json(&values.section(&site, kind, 0)), &mut found);
    }
    keys(&json(&values.coaching(&site)), &mut found);
    for (taxonomy, terms) in site.taxonomies.iter().enumerate() {
        keys(&json(&values.taxonomy(&site, taxonomy)), &mut found);
        keys(&json(&values.taxonomy_page(&site, taxonomy, 0)), &mut found);
        for term in 0..terms.terms.len() {
            keys(&json(&values.term(&site, taxonomy, term, 0)), &mut found);
        }
    }
    let documented = documented();
    let undocumented: Vec<&String> = found.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "context fields THEMES.md does not document: {undocumented:?}"
    );
    let missing: Vec<&String> = documented
        .iter()
        .filter(|name| !found.contains(*name) && !NOT_FIELDS.contains(&name.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "THEMES.md documents fields the context lacks: {missing:?}"
    );
}

#[test]
fn the_themes_md_check_can_fail() {
    let mut found = BTreeSet::new();
    keys(
        &serde_json::json!({"title": 1, "secret_new_field": 2, "extra": {"anything": 3}}),
        &mut found,
    );
    let documented = documented();
    assert!(documented.contains("title") && documented.contains("win_rate"));
    let undocumented: Vec<&String> = found.difference(&documented).collect();
    assert_eq!(undocumented, [&"secret_new_field".to_string()]);
}
