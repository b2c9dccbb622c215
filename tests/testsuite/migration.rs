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
    assert_contains(&stderr, "--verbose lists them all");
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
