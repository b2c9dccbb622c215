//! A new team's first hour (issue 11): `init`, `new`, a first build, a
//! private build, the usual YAML mistakes, nudges, `check --strict` and
//! `--stale`, colour, the 404 page.

// A test that cannot run here (no git) says so on stderr.
#![allow(clippy::print_stderr)]

use crate::common;

use common::{Site, huddle};

/// A file of the site folder (not only of its output).
fn file(site: &Site, relative: &str) -> String {
    std::fs::read_to_string(site.path(relative))
        .unwrap_or_else(|error| panic!("cannot read {relative}: {error}"))
}

fn exists(site: &Site, relative: &str) -> bool {
    site.path(relative).exists()
}

const ANA: &str = "---\nname: Ana Lee\nstrengths: [discovery]\n---\nAna sells.\n";

/// A small site with one rep, one owned playbook and one complete story.
fn team() -> Site {
    Site::with_files(&[
        ("content/reps/ana.md", ANA),
        (
            "content/playbooks/discovery.md",
            "---\ntitle: Discovery\nowner: ana\nsummary: Ask before you show.\nupdated: 2026-11-01\n---\nSteps.\n",
        ),
        (
            "content/stories/big-win.md",
            "---\ntitle: Big win\nrep: ana\ndate: 2026-10-01\noutcome: won\nactions: [Asked first]\nresults: [Closed]\n---\nBody.\n",
        ),
    ])
}

#[test]
fn new_outside_a_site_is_an_error_and_makes_nothing() {
    let site = Site::empty();
    site.run(&["new", "story", "Acme renewal"])
        .failure()
        .reports("error: not inside a huddle site: no huddle.yaml in ");
    assert!(!exists(&site, "content"));
}

#[test]
fn a_new_story_is_a_draft_with_a_comment_per_field_and_the_site_still_builds() {
    let site = team();
    site.run(&["new", "story", "Acme renewal"]).success();
    let text = file(&site, "content/stories/acme-renewal.md");
    assert!(text.contains("\ndraft: true "), "{text}");
    let front_matter: Vec<&str> = text.lines().skip(1).take_while(|l| *l != "---").collect();
    assert!(front_matter.len() >= 15, "{text}");
    for line in &front_matter {
        assert!(line.contains("  # "), "no comment on `{line}`");
    }
    let closing = front_matter.len() + 2;

    // Without --drafts: a warning at the closing fence, and the build goes on.
    let run = site.build();
    let stderr = run.stderr();
    assert!(stderr.contains("warning: missing `rep`"), "{stderr}");
    assert!(
        stderr.contains(&format!("--> content/stories/acme-renewal.md:{closing}:1")),
        "{stderr}"
    );
    assert!(stderr.contains("above the closing `---`"), "{stderr}");
    assert!(!exists(&site, "public/stories/acme-renewal/index.html"));

    // With --drafts: an error on that page, while the rest is built.
    let run = site.run(&["build", "--drafts"]).failure();
    let stderr = run.stderr();
    assert!(stderr.contains("error: missing `rep`"), "{stderr}");
    assert!(
        stderr.contains("1 error(s) in drafts; the rest of the site was built"),
        "{stderr}"
    );
    assert!(exists(&site, "public/stories/big-win/index.html"));
    site.run(&["check", "--drafts"])
        .failure()
        .reports("error: missing `rep`");
}

/// `new role` wrote items whose empty `skill:` made the build call their
/// `must:` and `how_tested:` unknown keys ("did you mean `must`?").
#[test]
fn what_new_writes_for_every_kind_is_never_an_unknown_key() {
    let site = team();
    for (kind, title) in [
        ("story", "Acme renewal"),
        ("playbook", "Pricing calls"),
        ("rep", "Bo Rep"),
        ("observation", "ana"),
        ("plan", "ana"),
        ("meeting", "Weekly"),
        ("role", "Account executive"),
    ] {
        site.run(&["new", kind, title]).success();
    }
    for args in [
        &["build"][..],
        &["build", "--private"],
        &["check", "--private"],
    ] {
        let run = site.run(args);
        let stderr = run.stderr();
        assert!(!stderr.contains("unknown key"), "{args:?}: {stderr}");
        assert!(
            stderr.contains("warning: missing `skill`"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_published_page_with_a_missing_key_still_fails_and_points_at_the_closing_fence() {
    let text = "---\ntitle: No rep\ndate: 2026-10-01\noutcome: open\n---\nBody.\n";
    let site = Site::with_files(&[("content/reps/ana.md", ANA), ("content/stories/x.md", text)]);
    site.run(&["build"])
        .failure()
        .reports("error: missing `rep`\n  --> content/stories/x.md:5:1");
}

#[test]
fn a_private_build_goes_to_private_and_never_over_a_published_build() {
    let site = team();
    site.write(
        "content/reps/ana.md",
        "---\nname: Ana Lee\nstrengths: [discovery]\nprivate:\n  plan: PRIVATE-CANARY\n---\nAna sells.\n",
    );
    site.run(&["build", "--private"]).success();
    assert!(!exists(&site, "public"), "a private build wrote public/");
    let html = file(&site, "private/reps/ana/index.html");
    assert!(html.contains("PRIVATE-CANARY"));
    for path in site.output_files_of("private") {
        if path.ends_with(".html") {
            let page = file(&site, &format!("private/{path}"));
            assert!(
                page.contains("<meta name=\"robots\" content=\"noindex\">"),
                "{path} has no noindex"
            );
            assert!(page.contains("Private build:"), "{path} has no banner");
        }
    }

    // A published build into the private folder is refused, and the reverse.
    site.run(&["build", "--out", "private"])
        .failure()
        .reports("refusing to write a published build into ")
        .reports("/private: it holds a private build (made with --private)");
    site.build();
    assert!(!file(&site, "public/reps/ana/index.html").contains("PRIVATE-CANARY"));
    assert!(!file(&site, "public/index.html").contains("noindex"));
    site.run(&["build", "--private", "--out", "public"])
        .failure()
        .reports("refusing to write a private build into ")
        .reports("/public: it holds a published build");
    assert!(!file(&site, "public/reps/ana/index.html").contains("PRIVATE-CANARY"));
    site.run(&["build", "--private", "--watch", "--out", "public"])
        .failure()
        .reports("/public: it holds a published build");

    // --force is the one way over the refusal.
    site.run(&["build", "--private", "--out", "public", "--force"])
        .success();
    assert!(file(&site, "public/reps/ana/index.html").contains("PRIVATE-CANARY"));
}

#[test]
fn a_colon_in_a_list_item_is_reported_at_each_item_with_quotes_as_the_fix() {
    let text = "---\ntitle: Colon\nrep: ana\ndate: 2026-01-01\noutcome: won\nactions:\n  - Finance: met the CFO\n  - Plain item\n  - Ops: ran a pilot\nresults: [Closed]\n---\n";
    let site = Site::with_files(&[("content/reps/ana.md", ANA), ("content/stories/c.md", text)]);
    let run = site.run(&["build"]).failure();
    let stderr = run.stderr();
    assert_eq!(stderr.matches("has a colon").count(), 2, "{stderr}");
    assert!(stderr.contains(
        "error: the `actions` item `Finance: met the CFO` has a colon, so YAML reads it as a `name: value` pair\n  --> content/stories/c.md:7:5"
    ), "{stderr}");
    assert!(stderr.contains("help: put the item in quotes: `- \"Finance: met the CFO\"`"));
    assert!(stderr.contains("content/stories/c.md:9:5"), "{stderr}");
    assert!(!stderr.contains("[a, b]"), "{stderr}");
}

#[test]
fn a_colon_in_a_text_value_is_reported_at_the_value_with_quotes_as_the_fix() {
    let text = "---\ntitle: Colon\nrep: ana\ndate: 2026-01-01\nsummary: Q3: closed\n---\n";
    let site = Site::with_files(&[("content/reps/ana.md", ANA), ("content/stories/c.md", text)]);
    site.run(&["build"])
        .failure()
        .reports("error: invalid YAML in front matter: the value `Q3: closed` has a colon\n  --> content/stories/c.md:5:10")
        .reports("help: put the value in quotes: `summary: \"Q3: closed\"`");
}

#[test]
fn pages_that_teach_nothing_get_a_warning_saying_why() {
    let site = Site::with_files(&[
        ("content/reps/ana.md", ANA),
        ("content/reps/bo.md", "---\nname: Bo\n---\n"),
        ("content/playbooks/p.md", "---\ntitle: P\n---\n"),
        (
            "content/stories/won.md",
            "---\ntitle: Won\nrep: ana\ndate: 2026-01-01\noutcome: won\n---\n",
        ),
        (
            "content/stories/none.md",
            "---\ntitle: None\nrep: ana\ndate: 2026-01-01\n---\n",
        ),
        (
            "content/stories/typo.md",
            "---\ntitle: Typo\nrep: ana\ndate: 2026-01-01\noutcom: won\n---\n",
        ),
    ]);
    let run = site.build();
    let stderr = run.stderr();
    for expected in [
        "warning: this story has no `actions`\n  --> content/stories/won.md:6:1",
        "a story without actions is an announcement, not a lesson",
        "warning: this story has no `results`\n  --> content/stories/won.md:6:1",
        "warning: this story has no `outcome`\n  --> content/stories/none.md:5:1",
        "warning: this playbook has no `owner`\n  --> content/playbooks/p.md:3:1",
        "warning: this rep has no `strengths`\n  --> content/reps/bo.md:3:1",
        "warning: unknown key `outcom` for a story",
        "did you mean `outcome`? (unknown keys are not published); this story is not counted as a win",
    ] {
        assert!(
            stderr.contains(expected),
            "missing `{expected}` in:\n{stderr}"
        );
    }
    assert!(!stderr.contains("content/reps/ana.md"), "{stderr}");
}

#[test]
fn the_example_wiki_passes_strict_on_any_day_and_stale_lists_overdue_playbooks() {
    let site = Site::example_wiki();
    let far = |args: &[&str]| {
        let output = huddle()
            .args(args)
            .env("HUDDLE_TODAY", "2200-01-01")
            .current_dir(&site.root)
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let (code, _) = far(&["check", "--strict"]);
    assert_eq!(code, Some(0));
    let (code, stdout) = far(&["check", "--stale"]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains(
            "content/playbooks/discovery-call.md: `Discovery call` was due for review on"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("(owner: priya-nair)"), "{stdout}");

    let fresh = team();
    fresh.run(&["check", "--stale"]).success();
    assert!(
        fresh
            .run(&["check", "--stale"])
            .stdout()
            .contains("No playbook is past its review date")
    );
}

#[test]
fn colour_only_on_request_of_a_terminal_never_in_a_pipe_or_with_no_color() {
    let site = Site::with_files(&[("content/stories/x.md", "---\ntitle: X\n---\n")]);
    let plain = site.run(&["build"]).failure();
    assert!(!plain.stderr().contains('\u{1b}'), "{}", plain.stderr());
    let run = |vars: &[(&str, &str)]| {
        let mut command = huddle();
        command.arg("build").current_dir(&site.root);
        for (name, value) in vars {
            command.env(name, value);
        }
        String::from_utf8_lossy(&command.output().unwrap().stderr).into_owned()
    };
    // CLICOLOR_FORCE stands in for a terminal.
    let coloured = run(&[("CLICOLOR_FORCE", "1")]);
    assert!(
        coloured.contains("\u{1b}[1m\u{1b}[31merror\u{1b}[0m"),
        "{coloured:?}"
    );
    assert!(
        coloured.contains("\u{1b}[1mcontent/stories/x.md:3:1\u{1b}[0m"),
        "{coloured:?}"
    );
    let no_color = run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!no_color.contains('\u{1b}'), "{no_color:?}");
}

#[test]
fn serve_accepts_drafts_as_a_no_op() {
    let site = team();
    for flag in ["--drafts", "-D"] {
        let run = site.run(&["serve", flag, "--bind", "not-an-address"]);
        let stderr = run.stderr();
        assert!(!stderr.contains("unexpected argument"), "{stderr}");
        assert!(
            stderr.contains("invalid value 'not-an-address'"),
            "{stderr}"
        );
    }
}

#[test]
fn init_here_says_serve_next_writes_no_example_base_url_and_makes_a_git_repository() {
    let site = Site::empty();
    let run = site.run(&["init", "."]).success();
    assert!(
        run.stdout().contains("Next: huddle serve\n"),
        "{}",
        run.stdout()
    );
    assert!(!run.stdout().contains("cd ."));
    let config = file(&site, "huddle.yaml");
    assert!(
        config.contains("\n# base_url: https://wiki.example.com/"),
        "{config}"
    );
    assert!(config.lines().next().unwrap().starts_with('#'));
    assert!(
        config.contains("AUTHORS-GUIDE.md beside this file"),
        "{config}"
    );
    assert!(file(&site, "AUTHORS-GUIDE.md").contains("review_every"));
    let ignored = file(&site, ".gitignore");
    assert!(ignored.lines().any(|line| line == "/private"), "{ignored}");

    let run = site.build();
    assert_eq!(
        run.stderr().matches("has no `base_url`").count(),
        1,
        "{}",
        run.stderr()
    );
    assert!(!exists(&site, "public/atom.xml"));
    assert!(!exists(&site, "public/sitemap.xml"));
    assert!(!file(&site, "public/index.html").contains("wiki.example.com"));
    assert!(!file(&site, "public/index.html").contains("atom.xml"));
    site.run(&["check", "--strict"]).success();

    if std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: git is not installed, so `init` runs no `git init`");
        return;
    }
    assert!(exists(&site, ".git"), "init made no git repository");
    assert!(run.stdout().is_empty() || !run.stdout().contains("git"));
}

#[test]
fn init_elsewhere_says_cd_then_serve() {
    let site = Site::empty();
    let run = site.run(&["init", "wiki"]).success();
    assert!(
        run.stdout().contains("Next: cd wiki && huddle serve\n"),
        "{}",
        run.stdout()
    );
}

#[test]
fn a_new_rep_profile_says_ask_me_about_once() {
    let site = team();
    site.run(&["new", "rep", "Cy Doe"]).success();
    let text = file(&site, "content/reps/cy-doe.md");
    site.write(
        "content/reps/cy-doe.md",
        &text.replace("strengths: []", "strengths: [discovery]"),
    );
    site.run(&["build", "--drafts"]).success();
    let html = file(&site, "public/reps/cy-doe/index.html");
    assert_eq!(html.matches("Ask me about").count(), 1, "{html}");
}

#[test]
fn playbook_summaries_on_the_index_read_from_the_left() {
    let site = team();
    site.build();
    let html = file(&site, "public/playbooks/index.html");
    assert!(html.contains("<span class=\"row-meta row-summary\">Ask before you show.</span>"));
    let css = file(&site, "public/style.css");
    assert!(
        css.contains(
            ".row-meta.row-summary { flex-basis: 100%; margin-left: 0; text-align: left; }"
        )
    );
}

#[test]
fn the_404_page_roots_its_links_at_base_url_and_inlines_its_css() {
    let site = team();
    site.write(
        "huddle.yaml",
        "title: T\nbase_url: https://example.org/team/\n",
    );
    site.build();
    let html = file(&site, "public/404.html");
    assert!(
        html.contains("href=\"/team/playbooks/index.html\""),
        "{html}"
    );
    assert!(html.contains("<style>"), "{html}");
    assert!(!html.contains("style.css"), "{html}");
    // Every other page keeps relative links.
    assert!(file(&site, "public/stories/big-win/index.html").contains("href=\"../../style.css\""));

    site.write("huddle.yaml", "title: T\n");
    site.build();
    let html = file(&site, "public/404.html");
    assert!(html.contains("<style>"), "{html}");
    assert!(html.contains("href=\"playbooks/index.html\""), "{html}");
}

#[test]
fn the_readme_says_how_to_install_and_links_the_authors_guide() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let install = readme.find("## Install").expect("no install section");
    let start = readme.find("huddle init").unwrap();
    assert!(install < start);
    assert!(readme.contains("cargo install --path ."));
    assert!(readme.contains("cargo run --release --"));
    assert!(readme.contains("(AUTHORS-GUIDE.md)"));
    assert!(readme.contains("huddle check --stale"));
}
