//! A migrated handbook's warnings stay readable: one line per kind of
//! problem that repeats, every one with `--verbose`, and a summary count.

use crate::common::{Site, assert_contains};

fn handbook_with_broken_links(pages: usize) -> Site {
    let mut files = vec![(
        "huddle.yaml".to_string(),
        "title: Handbook\nbase_url: https://wiki.example.com/\nlinks: warn\n".to_string(),
    )];
    for n in 0..pages {
        files.push((
            format!("content/page-{n}.md"),
            format!("# Page {n}\n\nSee [the old page](gone-{n}.md).\n"),
        ));
    }
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    Site::with_files(&borrowed)
}

#[test]
fn repeated_broken_links_are_one_line_with_a_count_and_the_first_places() {
    let site = handbook_with_broken_links(40);
    let run = site.run(&["build"]);
    let stderr = run.stderr();
    assert_eq!(
        stderr.matches("warning: ").count(),
        1,
        "one grouped line:\n{stderr}"
    );
    assert_contains(
        &stderr,
        "warning: 40 links lead to nothing under content/ (content/page-0.md:3:5, ",
    );
    assert_contains(&stderr, "huddle check --links lists them all");
    assert_contains(
        &run.stdout(),
        "40 warning(s), 40 of them broken links or anchors",
    );
    site.check_output(&[]);
}

#[test]
fn verbose_prints_every_warning_at_its_place() {
    let site = handbook_with_broken_links(40);
    let stderr = site.run(&["build", "--verbose"]).stderr();
    assert_eq!(stderr.matches("warning: ").count(), 40, "{stderr}");
    assert_contains(&stderr, "--> content/page-39.md:3:5");
}

#[test]
fn check_links_lists_every_broken_link_by_target_the_most_linked_first() {
    let site = handbook_with_broken_links(3);
    site.write(
        "content/hub.md",
        "# Hub\n\n[a](gone-2.md) and [b](page-0.md#no-such-heading)\n",
    );
    let run = site.run(&["check", "--links"]).failure();
    let stdout = run.stdout();
    let first = stdout.lines().next().unwrap_or_default();
    // Grouped by the missing file, whichever folder the links come from.
    assert_eq!(first, "content/gone-2.md: 2 link(s)", "{stdout}");
    assert_contains(&stdout, "  content/hub.md:3:1: broken link: `gone-2.md`");
    assert_contains(&stdout, "content/page-0.md: 1 link(s)");
    assert_contains(
        &stdout,
        "  content/hub.md:3:20: broken link: `page-0.md#no-such-heading`",
    );
    assert_contains(
        &run.stderr(),
        "5 broken link(s) or anchor(s) to 4 target(s)",
    );
}

#[test]
fn check_links_as_json_gives_a_script_the_same_list() {
    let site = handbook_with_broken_links(2);
    let run = site
        .run(&["check", "--links", "--format", "json"])
        .failure();
    let report: serde_json::Value = serde_json::from_str(&run.stdout()).expect("JSON");
    assert_eq!(report["count"], 2);
    let first = &report["targets"][0];
    assert_eq!(first["target"], "content/gone-0.md");
    assert_eq!(first["links"][0]["file"], "content/page-0.md");
    assert_eq!(first["links"][0]["line"], 3);
    assert_eq!(first["links"][0]["column"], 5);
    assert_eq!(first["links"][0]["kind"], "broken-link");
}

#[test]
fn check_links_on_a_clean_site_says_so_and_passes() {
    let site = Site::with_files(&[
        ("content/a.md", "# A\n\n[b](b.md)\n"),
        ("content/b.md", "# B\n"),
    ]);
    let run = site.run(&["check", "--links"]).success();
    assert_contains(&run.stdout(), "No broken links or anchors");
}

#[test]
fn check_links_groups_links_from_different_folders_under_the_one_missing_file() {
    let site = Site::with_files(&[
        ("huddle.yaml", "title: T\nlinks: warn\n"),
        ("content/a.md", "# A\n\n[x](team/gone.md)\n"),
        ("content/team/b.md", "# B\n\n[y](gone.md)\n"),
        (
            "content/team/deep/c.md",
            "# C\n\n[z](../gone.md) and [w](/team/gone.md)\n",
        ),
    ]);
    let stdout = site.run(&["check", "--links"]).failure().stdout();
    assert_eq!(
        stdout.lines().next().unwrap_or_default(),
        "content/team/gone.md: 4 link(s)",
        "{stdout}"
    );
}
