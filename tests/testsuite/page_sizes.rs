//! No page grows with the wiki: on a generated wiki of a few thousand
//! stories, every HTML file stays under 300 kB and the first page of the
//! stories index under 100 kB, the numbered pages link each other (huddle's
//! own built-site check follows every link), and every story is reachable
//! from the index by "next" links alone, as a reader without JavaScript
//! gets there.

use crate::common;

use std::collections::BTreeSet;

use common::Site;

const MOST_BYTES: usize = 300_000;
const MOST_BYTES_FIRST_STORIES_PAGE: usize = 100_000;

#[test]
fn a_wiki_of_thousands_of_stories_has_no_page_over_300_kb_and_every_story_a_click_path() {
    let site = Site::empty();
    // 2,100 stories, 600 playbooks, 300 reps all strong in the same skills.
    common::generate_wiki(&site, 3_000);
    site.build();
    for file in site.output_files() {
        if !file.ends_with(".html") {
            continue;
        }
        let size = std::fs::metadata(site.path(&format!("public/{file}")))
            .unwrap()
            .len() as usize;
        assert!(
            size <= MOST_BYTES,
            "{file} is {size} bytes, over {MOST_BYTES}"
        );
    }
    let first = site.read("stories/index.html");
    assert!(
        first.len() < MOST_BYTES_FIRST_STORIES_PAGE,
        "stories/index.html is {} bytes",
        first.len()
    );
    // Every link resolves, the pages' numbers and previous/next among them.
    site.check_output(&[]);

    let built: BTreeSet<String> = site
        .output_files()
        .into_iter()
        .filter(|file| file.starts_with("stories/story-") && file.ends_with("/index.html"))
        .collect();
    assert_eq!(built.len(), 2_100, "the generator's stories are built");
    let (reached, pages) = follow_next_links(&site, "stories/index.html");
    assert_eq!(reached, built, "every story is on a page of the index");
    assert_eq!(pages, 2_100usize.div_ceil(50), "50 stories a page");
    // A term's page too: the skill every rep is strong in lists them all,
    // a page size at a time.
    let (_, term_pages) = follow_next_links(&site, "skills/discovery/index.html");
    assert_eq!(term_pages, 300usize.div_ceil(50));
    assert!(site.exists("skills/discovery/page/6/index.html"));
    assert!(!site.exists("skills/discovery/page/7/index.html"));
}

/// The stories listed on a paginated list's pages, from its first page
/// through each `rel="next"` link, and how many pages that took.
fn follow_next_links(site: &Site, first: &str) -> (BTreeSet<String>, usize) {
    let mut reached = BTreeSet::new();
    let mut page = Some(first.to_string());
    let mut pages = 0;
    while let Some(current) = page {
        pages += 1;
        assert!(pages < 10_000, "the next links go round in a circle");
        let html = site.read(&current);
        for href in hrefs_after(&html, "class=\"row-title\" href=\"") {
            reached.insert(resolve(&current, &href));
        }
        page = next_href(&html).map(|href| resolve(&current, &href));
    }
    (reached, pages)
}

/// The href of the page's `rel="next"` link.
fn next_href(html: &str) -> Option<String> {
    let at = html.find("rel=\"next\"")?;
    let start = html[..at].rfind("href=\"")? + "href=\"".len();
    let end = start + html[start..].find('"')?;
    Some(html[start..end].to_string())
}

/// Each href that follows `marker` in the page.
fn hrefs_after<'a>(html: &'a str, marker: &'a str) -> impl Iterator<Item = String> + 'a {
    html.match_indices(marker).filter_map(move |(at, _)| {
        let rest = &html[at + marker.len()..];
        rest.find('"').map(|end| rest[..end].to_string())
    })
}

/// A relative href from the output file `from`, as a path from the root.
fn resolve(from: &str, href: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            part => parts.push(part),
        }
    }
    parts.join("/")
}
