//! Themes as THEMES.md describes them: the default theme is built in; a
//! site picks another by name; a file in the site's `templates/` or
//! `static/` overrides the theme's file of that name, one file at a time;
//! and template mistakes name the template, the line and the page.

use crate::common;

use std::path::Path;

use common::{Site, assert_contains, assert_lacks, copy_dir};

/// The repository's default theme, the model for a site's own theme.
fn default_theme() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default"))
}

/// The team fixture with `themes/corporate/`: the default templates with a
/// footer line of its own in `base.html`, and its own static files.
fn site_with_corporate_theme() -> Site {
    let site = Site::fixture("team");
    site.write(
        "huddle.yaml",
        "title: Fixture Team\nbase_url: https://wiki.example.com/team/\ntheme: corporate\n",
    );
    copy_dir(
        &default_theme().join("templates"),
        &site.path("themes/corporate/templates"),
    );
    let base = std::fs::read_to_string(site.path("themes/corporate/templates/base.html")).unwrap();
    site.write(
        "themes/corporate/templates/base.html",
        &base.replace(
            "<footer class=\"site-footer\">",
            "<footer class=\"site-footer\">\n  <p>Corporate theme</p>",
        ),
    );
    site.write("themes/corporate/static/style.css", "/* corporate */\n");
    site.write(
        "themes/corporate/static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    site
}

#[test]
fn a_site_without_a_theme_folder_builds_with_the_built_in_theme() {
    let site = Site::fixture("team");
    assert!(!site.path("themes").exists());
    site.build();
    assert_eq!(
        std::fs::read(site.path("public/style.css")).unwrap(),
        std::fs::read(default_theme().join("static/style.css")).unwrap(),
    );
    assert_contains(
        &site.read("stories/big-win/index.html"),
        r#"<link rel="stylesheet" href="../../style.css">"#,
    );
    site.check_output(&[]);
}

#[test]
fn theme_name_uses_that_themes_templates_and_static_files() {
    let site = site_with_corporate_theme();
    site.build();
    for page in [
        "index.html",
        "stories/big-win/index.html",
        "playbooks/discovery/index.html",
        "reps/bo-rep/index.html",
        "skills/discovery/index.html",
        "404.html",
    ] {
        assert_contains(&site.read(page), "<p>Corporate theme</p>");
    }
    assert_eq!(site.read("style.css"), "/* corporate */\n");
    assert!(site.exists("logo.svg"));
    site.check_output(&[]);
}

#[test]
fn a_site_template_overrides_only_the_template_of_that_name() {
    let site = Site::fixture("team");
    site.write(
        "templates/story.html",
        "{% extends \"base.html\" %}\n{% block content %}<h1 class=\"custom-story\">{{ page.title }}</h1>{% endblock content %}\n",
    );
    site.build();
    let story = site.read("stories/big-win/index.html");
    assert_contains(&story, r#"<h1 class="custom-story">Big win at Acme</h1>"#);
    // The other templates, and base.html, are still the default theme's.
    assert_contains(&story, r#"<footer class="site-footer">"#);
    assert_contains(
        &site.read("playbooks/discovery/index.html"),
        "<h1>Discovery call</h1>",
    );
    assert_lacks(&site.read("playbooks/discovery/index.html"), "custom-story");
    site.check_output(&[]);
}

#[test]
fn a_site_template_overrides_a_named_themes_template_too() {
    let site = site_with_corporate_theme();
    site.write(
        "templates/story.html",
        "{% extends \"base.html\" %}\n{% block content %}<h1 class=\"custom-story\">{{ page.title }}</h1>{% endblock content %}\n",
    );
    site.build();
    let story = site.read("stories/big-win/index.html");
    assert_contains(&story, r#"<h1 class="custom-story">Big win at Acme</h1>"#);
    assert_contains(&story, "<p>Corporate theme</p>");
}

#[test]
fn a_site_static_file_wins_over_the_themes_file_of_that_path() {
    let site = Site::fixture("team");
    site.write("static/style.css", "/* the team's own */\n");
    site.build();
    assert_eq!(site.read("style.css"), "/* the team's own */\n");
    assert_eq!(site.read("robots.txt"), "User-agent: *\n");
}

#[test]
fn a_theme_lacking_templates_is_an_error_naming_them() {
    let site = Site::fixture("team");
    site.write(
        "huddle.yaml",
        "title: Fixture Team\nbase_url: https://wiki.example.com/team/\ntheme: bare\n",
    );
    site.write(
        "themes/bare/templates/base.html",
        "<html><body>{% block content %}{% endblock content %}</body></html>\n",
    );
    site.run(&["build"])
        .failure()
        .reports("theme `bare` lacks templates: home.html, playbook.html, story.html");
}

#[test]
fn a_template_syntax_error_names_the_template_file_and_line() {
    let site = Site::fixture("team");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title | }}</h1>\n{% endblock content %}\n",
    );
    site.run(&["build"])
        .failure()
        .reports("error: template syntax error")
        .reports("templates/page.html:3:")
        .reports(" 3 | <h1>{{ page.title | }}</h1>");
    assert!(!site.path("public").exists());
}

#[test]
fn a_syntax_error_in_a_named_theme_names_the_themes_file() {
    let site = site_with_corporate_theme();
    site.write(
        "themes/corporate/templates/404.html",
        "{% extends \"base.html\" %}\n{% block content %}{% if %}{% endblock content %}\n",
    );
    site.run(&["build"])
        .failure()
        .reports("error: template syntax error")
        .reports("themes/corporate/templates/404.html:2:");
}

#[test]
fn a_template_error_while_rendering_names_the_template_and_the_page() {
    let site = Site::fixture("team");
    site.write(
        "templates/rep.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ page.nonexistent.field }}</p>\n{% endblock content %}\n",
    );
    site.run(&["build"])
        .failure()
        .reports("template error while rendering content/reps/bo-rep.md")
        .reports("field `nonexistent` is not defined")
        .reports("templates/rep.html:3:")
        .reports(" 3 | <p>{{ page.nonexistent.field }}</p>");
}

#[test]
fn a_theme_that_does_not_exist_is_a_clear_error() {
    let site = Site::fixture("team");
    site.write(
        "huddle.yaml",
        "title: Fixture Team\nbase_url: https://wiki.example.com/team/\ntheme: missing\n",
    );
    site.run(&["build"])
        .failure()
        .reports("error: no theme `missing`: themes/missing/ does not exist")
        .reports("huddle.yaml")
        .reports("remove `theme:` to use the built-in default theme");
}
