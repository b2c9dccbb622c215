//! The built-site link check (`src/verify.rs`) as `huddle build` and
//! `huddle check` run it: a template's bad link is an error naming the
//! template and the page; a Markdown link is reported once, by the links stage.

use crate::common;

use common::{Site, assert_contains, assert_lacks};

fn site_with_story_template(link: &str) -> Site {
    let site = Site::fixture("team");
    site.write(
        "templates/story.html",
        &format!(
            "{{% extends \"base.html\" %}}\n{{% block content %}}<h1>{{{{ page.title }}}}</h1><a href=\"{link}\">more</a>{{% endblock content %}}\n"
        ),
    );
    site
}

#[test]
fn a_template_link_to_no_file_stops_the_build_naming_template_and_page() {
    let site = site_with_story_template("{{ root }}stories/missing.html");
    let run = site.run(&["build"]).failure();
    run.reports("error: link `../../stories/missing.html` written by template `story.html` leads to no file of the output (while rendering content/stories/big-win.md, stories/big-win/index.html)")
        .reports("--> templates/story.html");
    assert!(!site.exists("index.html"), "a failed build writes nothing");
    site.run(&["check"])
        .failure()
        .reports("written by template `story.html` leads to no file");
}

#[test]
fn a_root_absolute_template_link_and_a_missing_id_are_errors() {
    let site = site_with_story_template("/reps/index.html");
    site.run(&["build"])
        .failure()
        .reports("link `/reps/index.html` written by template `story.html` is root-absolute");
    let site = site_with_story_template("{{ root }}index.html#nowhere");
    site.run(&["build"])
        .failure()
        .reports("points at `#nowhere`, which no element of its target has");
}

#[test]
fn a_broken_markdown_link_is_reported_once_at_its_line() {
    let site = Site::with_files(&[
        (
            "huddle.yaml",
            "title: T\nbase_url: https://w.example/\nlinks: warn\n",
        ),
        ("content/notes.md", "# Notes\n\nSee [the plan](plan.md).\n"),
    ]);
    let run = site.run(&["build"]).success();
    let stderr = run.stderr();
    assert_contains(&stderr, "content/notes.md:3:5");
    assert_eq!(stderr.matches("broken link").count(), 1, "{stderr}");
    assert_lacks(&stderr, "written by template");
}
