//! A generated messy handbook of about 1,000 pages, the way migrations
//! really arrive (issue #12): Hugo sections with `_index.md` and TOML,
//! GitHub READMEs, Obsidian wikilinks, Notion-style file names, keys of
//! other tools, and links of every kind — most good, some to headings in
//! the wrong case, some to anchors or pages that do not exist. With
//! `links: warn` it builds, prints a readable summary (not a line per
//! problem), and its output has **no broken link**: huddle's own
//! built-site check finds nothing.

use crate::common::{Site, assert_contains};

/// 20 sections of 50 pages; `HUDDLE_MESSY_SECTIONS=90` makes the
/// 4,500-page migration of the issue, for a manual measurement.
fn sections() -> usize {
    std::env::var("HUDDLE_MESSY_SECTIONS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(20)
}
const PAGES_PER_SECTION: usize = 50;

/// A small deterministic generator (no crate, the same handbook every run).
struct Random(u64);

impl Random {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound as u64) as usize
    }
}

/// What was planted, to compare with what huddle reports.
#[derive(Default)]
struct Planted {
    missing_pages: usize,
    missing_anchors: usize,
}

fn page_name(section: usize, page: usize) -> String {
    format!("topic-{section}-{page}")
}

fn generate(site: &Site) -> Planted {
    let mut random = Random(0x5eed_1234_abcd);
    let mut planted = Planted::default();
    site.write(
        "huddle.yaml",
        "title: Messy handbook\nbase_url: https://handbook.example.com/\nlinks: warn\n",
    );
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Handbook\"\n+++\n\nStart in [section 0](section-0/).\n",
    );
    for section in 0..sections() {
        let folder = format!("content/section-{section}");
        // Hugo's section page, or GitHub's README, in turn.
        if section % 2 == 0 {
            site.write(
                &format!("{folder}/_index.md"),
                &format!("+++\ntitle = \"Section {section}\"\nweight = {section}\ntoc_hide = true\n+++\n\nPages of section {section}.\n"),
            );
        } else {
            site.write(
                &format!("{folder}/README.md"),
                &format!("# Section {section}\n\nSee [[Topic {section} 0]] first.\n"),
            );
        }
        for page in 0..PAGES_PER_SECTION {
            let mut body = format!(
                "# Topic {section} {page}\n\n## How it Works\n\nText of {section}/{page}.\n\n"
            );
            for _ in 0..6 {
                let (other_section, other_page) =
                    (random.below(sections()), random.below(PAGES_PER_SECTION));
                let target = page_name(other_section, other_page);
                let relative = if other_section == section {
                    format!("{target}.md")
                } else {
                    format!("../section-{other_section}/{target}.md")
                };
                let link = match random.below(12) {
                    0 => format!("[case]({relative}#How-It-Works)"),
                    1 => {
                        planted.missing_anchors += 1;
                        format!("[gone anchor]({relative}#no-such-heading)")
                    }
                    2 => {
                        planted.missing_pages += 1;
                        format!("[gone page](../section-{other_section}/deleted-{other_page}.md)")
                    }
                    3 => format!("[[Topic {other_section} {other_page}]]"),
                    4 => format!("[[Topic {other_section} {other_page}#How it Works|wiki]]"),
                    5 => format!("[ref]({{{{< ref \"{target}\" >}}}})"),
                    6 => format!("[root](/section-{other_section}/{target}/)"),
                    7 => format!("[folder](../section-{other_section}/)"),
                    8 => format!("[upper](../section-{other_section}/{target}.MD)"),
                    _ => format!("[plain]({relative})"),
                };
                body.push_str(&format!("- {link}\n"));
            }
            body.push_str("\n{{< youtube abc >}} stays as text.\n");
            let front_matter = match page % 3 {
                0 => format!(
                    "+++\ntitle = \"Topic {section} {page}\"\nweight = {page}\nlastmod = 2025-01-0{}\ntoc_hide = true\n+++\n",
                    1 + page % 9
                ),
                1 => format!(
                    "---\ntitle: Topic {section} {page}\ndescription: About topic {page}\nnav_order: {page}\nlayout: page\n---\n"
                ),
                _ => String::new(),
            };
            site.write(
                &format!("{folder}/{}.md", page_name(section, page)),
                &format!("{front_matter}{body}"),
            );
        }
    }
    planted
}

#[test]
fn a_thousand_page_messy_handbook_builds_with_a_short_report_and_no_broken_link_in_its_output() {
    let site = Site::empty();
    let planted = generate(&site);
    assert!(planted.missing_pages > 50 && planted.missing_anchors > 50);
    let run = site.run(&["build"]).success();
    let stderr = run.stderr();
    let lines = stderr.lines().count();
    eprintln!(
        "{lines} lines printed for {} pages",
        sections() * PAGES_PER_SECTION
    );
    assert!(
        lines < 60,
        "{lines} lines for a 1,000-page migration:\n{stderr}"
    );
    assert_contains(&stderr, "huddle check --links");
    // The reader's site: every link leads to a file and every fragment to an id.
    site.check_output(&[]);
    // A missing anchor links to the page; a missing page is text, not a link.
    let sample = site.read("section-0/topic-0-0/index.html");
    assert!(
        !sample.contains("no-such-heading"),
        "a broken fragment is kept"
    );
    assert!(
        !sample.contains("deleted-"),
        "a link to a missing page is kept"
    );
    // And the list to fix is complete.
    let json = site.run(&["check", "--links", "--format", "json"]).stdout();
    let listed = json.matches("\"line\"").count();
    assert_eq!(
        listed,
        planted.missing_pages + planted.missing_anchors,
        "check --links lists every planted problem"
    );
}
