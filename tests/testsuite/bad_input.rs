//! Bad input, family by family: broken fences and encodings, hostile YAML,
//! extreme Markdown, a tangled content graph, broken templates, and strange
//! things on the file system. Each case states what huddle does: a clear
//! error at file:line:col with a hint, or a documented tolerant result —
//! and never a panic (exit code 0 or 1, no "panicked" on stderr).

// A case this machine cannot run says so on stderr rather than passing quietly.

use crate::common;

use std::time::Duration;

use common::{Run, Site, assert_contains, assert_lacks};

const ANA: &str = "---\nname: Ana Lee\n---\nAna sells.\n";

/// `huddle build` on `site`, which must neither panic nor crash.
fn build(site: &Site) -> Run {
    site.run(&["build"]).without_panic()
}

/// The printed diagnostic whose first line contains `message`.
fn diagnostic(run: &Run, message: &str) -> String {
    let stderr = run.stderr();
    stderr
        .split("\n\n")
        .find(|block| {
            block
                .lines()
                .next()
                .is_some_and(|line| line.contains(message))
        })
        .unwrap_or_else(|| panic!("no diagnostic with\n  {message}\nin:\n{stderr}"))
        .to_string()
}

/// Asserts the run failed with the error `message` at `location`
/// (`file:line:col`), with a hint.
fn assert_error(run: Run, message: &str, location: &str) -> Run {
    let run = run.failure();
    let block = diagnostic(&run, message);
    assert!(block.starts_with("error: "), "not an error:\n{block}");
    assert_located(&block, location);
    assert_contains(&block, "= help: ");
    run
}

/// Asserts the run printed the warning `message` at `location`, with a hint.
fn assert_warning(run: &Run, message: &str, location: &str) {
    let stderr = run.stderr();
    let block = stderr
        .split("\n\n")
        .find(|block| {
            block
                .lines()
                .next()
                .is_some_and(|line| line.contains(message))
                && block
                    .lines()
                    .any(|line| line == format!("  --> {location}"))
        })
        .unwrap_or_else(|| panic!("no warning\n  {message}\nat {location} in:\n{stderr}"));
    assert!(block.starts_with("warning: "), "not a warning:\n{block}");
    assert_contains(block, "= help: ");
}

fn assert_located(block: &str, location: &str) {
    assert!(
        block
            .lines()
            .any(|line| line == format!("  --> {location}")),
        "expected the location {location} in:\n{block}"
    );
}

/// Writes raw bytes under the site folder.
fn write_bytes(site: &Site, path: &str, bytes: &[u8]) {
    let path = site.path(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// One bad-input case of the common shape: build the `files`, expect an
/// error whose first line contains `message`, at `location`
/// (`file:line:col`), with a help line containing `help` ("" for any help,
/// None where the error has none to give).
struct Case {
    name: &'static str,
    files: &'static [(&'static str, &'static str)],
    message: &'static str,
    location: &'static str,
    help: Option<&'static str>,
}

const CASES: &[Case] = &[
    Case {
        name: "a missing closing fence is an error at the opening one",
        files: &[
            ("content/reps/ana.md", ANA),
            (
                "content/stories/big-win.md",
                "---\ntitle: Big win\nrep: ana\ndate: 2026-03-14\n\nWe won.\n",
            ),
        ],
        message: "front matter has no closing `---`",
        location: "content/stories/big-win.md:1:1",
        help: Some("end the front matter with a line holding only ---"),
    },
    Case {
        name: "a duplicate key points at the repeat",
        files: &[(
            "content/about.md",
            "---\ntitle: About\nsummary: One\ntitle: Again\n---\n",
        )],
        message: "duplicate entry with key \"title\"",
        location: "content/about.md:4:1",
        help: Some("each key may appear once"),
    },
    Case {
        name: "custom YAML tags are refused where they stand",
        files: &[(
            "content/about.md",
            "---\ntitle: About\nextra:\n  secret: !vault abc\n---\n",
        )],
        message: "YAML tags like `!vault` are not supported",
        location: "content/about.md:4:11",
        help: Some(""),
    },
    Case {
        name: "front matter that is not a mapping is an error",
        files: &[("content/about.md", "---\n- one\n- two\n---\n")],
        message: "front matter must be `key: value` lines",
        location: "content/about.md:2:1",
        help: Some(""),
    },
    Case {
        name: "a key that is not a word is an error",
        files: &[("content/about.md", "---\ntitle: x\n? [a, b]\n: c\n---\n")],
        message: "a key must be a plain word, not a list",
        location: "content/about.md:3:1",
        help: Some(""),
    },
    Case {
        name: "a template syntax error names the template, line and column",
        files: &[
            ("content/about.md", "# About\n"),
            (
                "templates/page.html",
                "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}\n",
            ),
        ],
        message: "template syntax error",
        location: "templates/page.html:4:1",
        help: None,
    },
    Case {
        name: "a template runtime error names the template and the page",
        files: &[
            ("content/about.md", "# About\n"),
            (
                "templates/page.html",
                "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title / 2 }}\n{% endblock content %}\n",
            ),
        ],
        message: "template error while rendering content/about.md",
        location: "templates/page.html:3:4",
        help: None,
    },
    Case {
        name: "a template including itself is a cycle",
        files: &[
            ("content/about.md", "# About\n"),
            (
                "templates/page.html",
                "{% extends \"base.html\" %}\n{% block content %}\n{% include \"page.html\" %}\n{% endblock content %}\n",
            ),
        ],
        message: "templates include each other in a circle: page.html → page.html",
        location: "templates/page.html:3:13",
        help: Some(""),
    },
    Case {
        name: "extends cycles are found before rendering",
        files: &[
            ("content/about.md", "# About\n"),
            ("templates/a.html", "{% extends \"b.html\" %}"),
            ("templates/b.html", "{% extends \"a.html\" %}"),
        ],
        message: "templates extend each other in a circle: a.html → b.html → a.html",
        location: "templates/a.html:1:4",
        help: Some(""),
    },
    Case {
        name: "a missing parent template is named where it is used",
        files: &[
            ("content/about.md", "# About\n"),
            ("templates/page.html", "{% extends \"nope.html\" %}"),
        ],
        message: "`page.html` extends `nope.html`, which does not exist",
        location: "templates/page.html:1:13",
        help: Some(""),
    },
    Case {
        name: "a missing included template is named where it is used",
        files: &[
            ("content/about.md", "# About\n"),
            (
                "templates/page.html",
                "{% extends \"base.html\" %}\n{% block content %}\n{% include \"gone.html\" %}\n{% endblock content %}\n",
            ),
        ],
        message: "unknown template `gone.html`",
        location: "templates/page.html:3:12",
        help: Some(""),
    },
    Case {
        name: "an unknown filter is named in its template",
        files: &[
            ("content/about.md", "# About\n"),
            (
                "templates/page.html",
                "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title | shout }}\n{% endblock content %}\n",
            ),
        ],
        message: "template error: unknown filter `shout`",
        location: "templates/page.html:3:17",
        help: Some(""),
    },
];

/// Runs every [`CASES`] row, in parallel, and reports every row that fails
/// (by name) in one panic.
#[test]
fn each_bad_input_case_is_an_error_at_its_place_with_its_help() {
    let failures: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = CASES
            .iter()
            .map(|case| scope.spawn(move || check_case(case).err()))
            .collect();
        runs.into_iter()
            .filter_map(|run| run.join().unwrap())
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn check_case(case: &Case) -> Result<(), String> {
    let site = Site::with_files(case.files);
    let run = build(&site);
    let stderr = run.stderr();
    let fail = |what: String| Err(format!("case `{}`: {what}\n{stderr}", case.name));
    if run.output.status.code() != Some(1) {
        return fail(format!("exit code {:?}, not 1", run.output.status.code()));
    }
    let Some(block) = stderr.split("\n\n").find(|block| {
        block
            .lines()
            .next()
            .is_some_and(|line| line.starts_with("error: ") && line.contains(case.message))
    }) else {
        return fail(format!("no error with `{}`", case.message));
    };
    if !block
        .lines()
        .any(|line| line == format!("  --> {}", case.location))
    {
        return fail(format!("the error is not at {}", case.location));
    }
    if let Some(help) = case.help {
        let helps = block.lines().any(|line| {
            line.trim_start()
                .strip_prefix("= help: ")
                .is_some_and(|text| text.contains(help))
        });
        if !helps {
            return fail(format!("no help containing `{help}`"));
        }
    }
    Ok(())
}

// Front-matter fences and encodings.

#[test]
fn a_bom_and_crlf_line_endings_are_read_as_plain_utf8() {
    let site = Site::with_files(&[
        ("content/reps/ana.md", ANA),
        (
            "content/stories/big-win.md",
            "\u{feff}---\r\ntitle: Big win\r\nrep: ana\r\ndate: 2026-03-14\r\n---\r\n# Result\r\n\r\nSigned.\r\n",
        ),
    ]);
    build(&site).success();
    let story = site.read("stories/big-win/index.html");
    assert_contains(&story, "<h1>Big win</h1>");
    assert_contains(&story, "Signed.");
    assert_lacks(&story, "\u{feff}");
}

#[test]
fn utf16_files_are_an_error_asking_for_utf8() {
    for bom in [[0xFF, 0xFE], [0xFE, 0xFF]] {
        let site = Site::with_files(&[]);
        let mut bytes = bom.to_vec();
        for unit in "---\ntitle: x\n---\n".encode_utf16() {
            let pair = if bom[0] == 0xFF {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            bytes.extend(pair);
        }
        write_bytes(&site, "content/notes.md", &bytes);
        assert_error(
            build(&site),
            "file is UTF-16; huddle reads UTF-8",
            "content/notes.md",
        );
    }
}

#[test]
fn utf16_without_a_byte_order_mark_is_recognised() {
    let site = Site::with_files(&[]);
    let bytes: Vec<u8> = "---\ntitle: Notes\n---\nBody\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    write_bytes(&site, "content/notes.md", &bytes);
    assert_error(
        build(&site),
        "file is UTF-16; huddle reads UTF-8",
        "content/notes.md",
    );
}

#[test]
fn blank_lines_before_the_opening_fence_are_skipped_not_published() {
    let site = Site::with_files(&[
        ("content/reps/ana.md", ANA),
        (
            "content/notes.md",
            "\n  \r\n---\ntitle: Notes\nprivate:\n  plan: BLANK-PRIVATE-CANARY\n---\nBody text\n",
        ),
        (
            "content/stories/big-win.md",
            "\n\n---\ntitle: Big win\nrep: ana-le\ndate: 2026-03-14\n---\n",
        ),
    ]);
    // Positions count the blank lines.
    assert_error(
        build(&site),
        "unknown rep `ana-le`",
        "content/stories/big-win.md:5:6",
    );
    site.write(
        "content/stories/big-win.md",
        "\n\n---\ntitle: Big win\nrep: ana\n",
    );
    assert_error(
        build(&site),
        "front matter has no closing `---`",
        "content/stories/big-win.md:3:1",
    );
    std::fs::remove_file(site.path("content/stories/big-win.md")).unwrap();
    build(&site).success();
    assert_contains(&site.read("notes/index.html"), "<h1>Notes</h1>");
    site.check_output(&["BLANK-PRIVATE-CANARY", "title: Notes"]);
}

#[test]
fn invalid_utf8_names_its_line() {
    let site = Site::with_files(&[]);
    write_bytes(
        &site,
        "content/notes.md",
        b"---\ntitle: Notes\n---\nfine\ncaf\xe9 latin-1\n",
    );
    let run = assert_error(
        build(&site),
        "invalid UTF-8 on line 5",
        "content/notes.md:5:4",
    );
    assert_contains(&diagnostic(&run, "invalid UTF-8"), "save the file as UTF-8");
}

#[test]
fn a_closing_fence_with_trailing_spaces_closes_the_front_matter() {
    let site = Site::with_files(&[
        ("content/reps/ana.md", ANA),
        (
            "content/stories/big-win.md",
            "---  \ntitle: Big win\nrep: ana\ndate: 2026-03-14\n--- \t\nWe won.\n",
        ),
    ]);
    build(&site).success();
    assert_contains(&site.read("stories/big-win/index.html"), "<p>We won.</p>");
}

#[test]
fn a_longer_dash_line_does_not_close_front_matter() {
    // `----` is a thematic break in Markdown, not a fence: the YAML runs on.
    let site = Site::with_files(&[("content/about.md", "---\ntitle: About\n----\n---\nBody\n")]);
    let run = build(&site).failure();
    let block = diagnostic(&run, "invalid YAML in front matter");
    assert!(block.contains("--> content/about.md:"), "{block}");
}

#[test]
fn empty_files_are_untitled_pages_but_an_empty_story_is_an_error() {
    let site = Site::with_files(&[("content/reps/ana.md", ANA)]);
    write_bytes(&site, "content/blank-page.md", b"");
    build(&site).success();
    assert_contains(&site.read("blank-page/index.html"), "<h1>Blank page</h1>");

    write_bytes(&site, "content/stories/empty.md", b"");
    assert_error(
        build(&site),
        "a story needs front matter",
        "content/stories/empty.md:1:1",
    );
}

#[test]
fn a_file_of_only_an_opening_fence_is_an_unclosed_front_matter() {
    let site = Site::with_files(&[("content/dashes.md", "---")]);
    assert_error(
        build(&site),
        "front matter has no closing `---`",
        "content/dashes.md:1:1",
    );
}

#[test]
fn nul_bytes_in_the_body_are_replaced_not_published() {
    let site = Site::with_files(&[]);
    write_bytes(
        &site,
        "content/notes.md",
        b"---\ntitle: Notes\n---\nbefore\0after\n",
    );
    build(&site).success();
    let page = site.read("notes/index.html");
    assert_contains(&page, "before\u{FFFD}after");
    assert_lacks(&page, "\0");
    // In front matter too, where YAML would refuse the control character.
    write_bytes(&site, "content/notes.md", b"---\ntitle: A\0B\n---\n");
    build(&site).success();
    assert_contains(&site.read("notes/index.html"), "<h1>A\u{FFFD}B</h1>");
}

#[test]
fn old_mac_line_endings_a_lone_cr_end_lines_like_newlines() {
    // Markdown reads a lone CR as a line ending; the fences must too, or the
    // front matter, `private:` with it, would be published as body text.
    let site = Site::with_files(&[
        ("content/reps/ana.md", ANA),
        (
            "content/notes.md",
            "---\rtitle: Notes\rprivate:\r  plan: CR-PRIVATE-CANARY\r---\rBody text\r",
        ),
        (
            "content/stories/big-win.md",
            "---\rtitle: Big win\rrep: ana\rdate: 2026-03-14\r---\rWe won.\r",
        ),
    ]);
    build(&site).success();
    assert_contains(&site.read("notes/index.html"), "<h1>Notes</h1>");
    assert_contains(&site.read("stories/big-win/index.html"), "<p>We won.</p>");
    site.check_output(&["CR-PRIVATE-CANARY", "title: Notes"]);
}

// YAML edge cases.

#[test]
fn an_unquoted_colon_is_a_yaml_error_with_the_quoting_hint() {
    let site = Site::with_files(&[(
        "content/playbooks/discovery.md",
        "---\ntitle: Discovery: the first call\n---\n",
    )]);
    let run = assert_error(
        build(&site),
        "invalid YAML in front matter: the value `Discovery: the first call` has a colon",
        "content/playbooks/discovery.md:2:8",
    );
    assert_contains(
        &diagnostic(&run, "invalid YAML"),
        "put the value in quotes: `title: \"Discovery: the first call\"`",
    );
}

#[test]
fn tabs_for_indentation_are_a_yaml_error_with_a_hint() {
    let site = Site::with_files(&[(
        "content/about.md",
        "---\ntitle: About\nextra:\n\tteam: east\n---\n",
    )]);
    let run = build(&site).failure();
    let block = diagnostic(&run, "invalid YAML in front matter");
    assert!(block.contains("--> content/about.md:4:"), "{block}");
    assert_contains(&block, "YAML does not allow tabs for indentation");
}

#[test]
fn core_yaml_tags_are_refused_too() {
    for (value, tag) in [
        (
            "!!python/object/apply:os.system [\"id\"]",
            "!!python/object/apply:os.system",
        ),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!<tag:yaml.org,2002:str> About", "!<tag:yaml.org,2002:str>"),
    ] {
        let site =
            Site::with_files(&[("content/about.md", &format!("---\ntitle: {value}\n---\n"))]);
        assert_error(
            build(&site),
            &format!("YAML tags like `{tag}` are not supported"),
            "content/about.md:2:8",
        );
    }
    // An exclamation mark in text is text.
    let site = Site::with_files(&[(
        "content/about.md",
        "---\ntitle: We won! !!\nsummary: |\n  !!binary is just text here\n---\n",
    )]);
    build(&site).success();
    assert_contains(&site.read("about/index.html"), "<h1>We won! !!</h1>");
}

#[test]
fn an_alias_bomb_is_refused_at_once() {
    let mut yaml = String::from("---\ntitle: Bomb\nextra:\n  a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        let aliases = vec![format!("*{previous}"); 9].join(", ");
        yaml.push_str(&format!("  {name}: &{name} [{aliases}]\n"));
    }
    yaml.push_str("---\n");
    let site = Site::with_files(&[("content/bomb.md", &yaml)]);
    let run = build(&site).failure();
    let block = diagnostic(&run, "repetition limit exceeded");
    assert!(block.contains("--> content/bomb.md:"), "{block}");
    assert_contains(&block, "aliases (`*name`) expand here into too many values");
}

#[test]
fn a_large_block_full_of_exclamation_marks_builds_and_a_tag_after_them_is_found() {
    // Each `!` word may be a tag; checking them must not cost a parse each.
    let mut yaml = String::from("---\ntitle: Bang\nextra:\n");
    for index in 0..100_000 {
        yaml.push_str(&format!("  k{index}: we won !big deal\n"));
    }
    let site = Site::with_files(&[("content/bang.md", &format!("{yaml}---\nBody\n"))]);
    build(&site).success();
    let mut yaml = String::from("---\ntitle: Bang\n");
    for index in 0..100 {
        yaml.push_str(&format!("k{index}: yes !indeed\n"));
    }
    yaml.push_str("summary: !!binary aGVsbG8=\n---\n");
    let site = Site::with_files(&[("content/bang.md", &yaml)]);
    assert_error(
        build(&site),
        "YAML tags like `!!binary` are not supported",
        "content/bang.md:103:10",
    );
}

#[test]
fn deep_nesting_hits_the_recursion_limit_with_a_hint() {
    let flow = format!(
        "---\ntitle: Deep\nextra:\n  k: {}{}\n---\n",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    let mut block = String::from("---\ntitle: Deep\nextra:\n");
    for depth in 1..=300 {
        block.push_str(&format!("{}k{depth}:\n", "  ".repeat(depth)));
    }
    block.push_str("---\n");
    for text in [flow, block] {
        let site = Site::with_files(&[("content/deep.md", &text)]);
        let run = build(&site).failure();
        let found = diagnostic(&run, "recursion limit exceeded");
        assert!(found.contains("--> content/deep.md:"), "{found}");
        assert_contains(&found, "this nests too deeply");
        // The quoted line is cut to a window, not 50,000 brackets.
        assert!(run.stderr().len() < 2_000, "{}", run.stderr().len());
    }
}

#[test]
fn a_key_too_long_for_yaml_is_named_as_such() {
    let site = Site::with_files(&[(
        "content/about.md",
        &format!(
            "---\ntitle: About\nextra:\n  {}: v\n---\n",
            "k".repeat(5_000)
        ),
    )]);
    let run = assert_error(
        build(&site),
        "invalid YAML in front matter: a key longer than 1024 characters",
        "content/about.md:4:3",
    );
    assert_contains(
        &diagnostic(&run, "a key longer"),
        "YAML keys are at most 1024 characters",
    );
}

#[test]
fn a_very_large_front_matter_block_builds() {
    let mut yaml = String::from("---\ntitle: Big\nextra:\n");
    for index in 0..20_000 {
        yaml.push_str(&format!("  key{index}: value number {index}\n"));
    }
    yaml.push_str("---\nBody\n");
    let site = Site::with_files(&[("content/big.md", &yaml)]);
    build(&site).success();
    assert_contains(&site.read("big/index.html"), "<h1>Big</h1>");
}

#[test]
fn null_and_wrong_typed_values_are_errors_at_their_keys() {
    let site = Site::with_files(&[
        (
            "content/reps/ana.md",
            "---\nname: [Ana, Lee]\nstrengths: {a: 1}\njoined: tomorrow\n---\n",
        ),
        (
            "content/stories/big-win.md",
            "---\ntitle: ~\nrep: ana\ndate: 2026-02-30\n---\n",
        ),
    ]);
    let run = build(&site).failure();
    for (message, location) in [
        (
            "`name` must be a single value, not a list",
            "content/reps/ana.md:2:1",
        ),
        (
            "`strengths` must be a list of single values, not a mapping",
            "content/reps/ana.md:3:1",
        ),
        (
            "`joined` must be a date like 2026-03-14, not `tomorrow`",
            "content/reps/ana.md:4:9",
        ),
        ("missing `title`", "content/stories/big-win.md:5:1"),
        (
            "`date` must be a date like 2026-03-14, not `2026-02-30`",
            "content/stories/big-win.md:4:7",
        ),
    ] {
        assert_located(&diagnostic(&run, message), location);
    }
    assert_contains(
        &diagnostic(&run, "missing `title`"),
        "= help: add `title: ...`",
    );
}

#[test]
fn empty_list_items_are_skipped_and_wrong_types_show_the_right_form() {
    let site = Site::with_files(&[
        ("content/reps/ana.md", ANA),
        (
            "content/stories/big-win.md",
            "---\ntitle: Big win\nrep: ana\ndate: 2026-03-14\ntags: [first, ~, second]\nskills:\n  -\n  - discovery\n---\n",
        ),
    ]);
    build(&site).success();
    assert!(site.exists("tags/first/index.html"));
    assert!(site.exists("skills/discovery/index.html"));
    site.write(
        "content/stories/big-win.md",
        "---\ntitle: Big win\nrep: ana\ndate: 2026-03-14\ndraft: maybe\noutcome: tied\n---\n",
    );
    let run = build(&site).failure();
    for (message, location, help) in [
        (
            "`draft` must be true or false, not `maybe`",
            "content/stories/big-win.md:5:1",
            "= help: write `draft: true` or `draft: false`",
        ),
        (
            "`outcome` must be `won`, `lost` or `open`, not `tied`",
            "content/stories/big-win.md:6:10",
            "= help: a story is `won`, `lost` or still `open`",
        ),
    ] {
        let block = diagnostic(&run, message);
        assert_located(&block, location);
        assert_contains(&block, help);
    }
}

#[test]
fn a_merge_key_is_not_merged_but_warned_about() {
    // `<<` is YAML 1.1: the strict parser takes it as an unknown key.
    let site = Site::with_files(&[(
        "content/about.md",
        "---\nbase: &base {summary: Shared}\n<<: *base\ntitle: About\n---\n",
    )]);
    let run = build(&site).success();
    // Unknown keys are kept for templates (page.extra) with one note.
    assert_warning(
        &run,
        "kept under page.extra: `base`, `<<`",
        "content/about.md:2:1",
    );
    assert_lacks(&site.read("about/index.html"), "Shared");
}

#[test]
fn a_misspelt_key_is_a_warning_with_did_you_mean_and_fails_strict_check() {
    let site = Site::with_files(&[("content/about.md", "---\ntitel: About\n---\n")]);
    let run = build(&site).success();
    assert_warning(
        &run,
        "unknown key `titel` for a page",
        "content/about.md:2:1",
    );
    assert_contains(&diagnostic(&run, "titel"), "did you mean `title`?");
    site.run(&["check", "--strict"]).without_panic().failure();
}

// Markdown extremes.

/// Builds one page of `body`. Pathological inputs are built here, not
/// timed: how long they take is `cargo bench`'s to report (tests assert on
/// output, never on a clock).
fn build_page(body: &str) -> Site {
    let site = Site::with_files(&[("content/extreme.md", body)]);
    build(&site).success();
    site
}

#[test]
fn deeply_nested_block_quotes_and_lists_build() {
    let site = build_page(&format!("{}deep quote\n", "> ".repeat(5_000)));
    assert_contains(&site.read("extreme/index.html"), "deep quote");
    let lists: String = (0..1_000)
        .map(|depth| format!("{}- item {depth}\n", "  ".repeat(depth)))
        .collect();
    let site = build_page(&lists);
    assert_contains(&site.read("extreme/index.html"), "item 999");
}

#[test]
fn pathological_inline_patterns_build() {
    let body = format!(
        "{}{}{}{}{}\n",
        "[".repeat(30_000),
        "](".repeat(10_000),
        "*a **a _b __b ".repeat(10_000),
        "<".repeat(20_000),
        "`".repeat(20_000)
    );
    build_page(&body);
}

#[test]
fn raw_html_nested_thousands_deep_keeps_its_text_with_a_warning() {
    let body = format!(
        "# Deep\n\n{}<script>alert(1)</script>kept text{}\n",
        "<div>".repeat(20_000),
        "</div>".repeat(20_000)
    );
    let site = Site::with_files(&[("content/extreme.md", &body)]);
    let run = build(&site).success();
    let block = diagnostic(&run, "raw HTML nests too deeply to be cleaned");
    assert_located(&block, "content/extreme.md");
    let page = site.read("extreme/index.html");
    assert_contains(&page, "kept text");
    assert_lacks(&page, "<script>alert");
    assert_lacks(&page, "<div><div><div>");
}

#[test]
fn a_very_large_file_builds() {
    let paragraph = "Discovery questions uncover the buyer's pain. ".repeat(20);
    let body = format!("# Handbook\n\n{}", format!("{paragraph}\n\n").repeat(4_000));
    assert!(body.len() > 3_000_000);
    let site = build_page(&body);
    assert_contains(&site.read("extreme/index.html"), "<h1>Handbook</h1>");
}

#[test]
fn thousands_of_broken_links_are_reported_briefly_and_counted() {
    // All on one line: each problem quotes only a window of it.
    let links: Vec<String> = (0..1_000).map(|n| format!("[l{n}](gone-{n}.md)")).collect();
    let line = links.join(" ");
    let column = line.find("[l199]").unwrap() + 1;
    // And 20,000 reference links, one definition per line: quoting each
    // problem's line used to cost a pass over the file.
    let definitions: String = (0..20_000)
        .map(|n| format!("[r{n}]: /nowhere-{n}\n"))
        .collect();
    let references: Vec<String> = (0..20_000).map(|n| format!("[r{n}]")).collect();
    let site = Site::with_files(&[
        (
            "huddle.yaml",
            "title: T\nbase_url: https://w.example/\nlinks: warn\n",
        ),
        ("content/links.md", &format!("# Links\n\n{line}\n")),
        (
            "content/references.md",
            &format!("# References\n\n{definitions}\n{}\n", references.join(" ")),
        ),
        // Anchors are checked once the whole site is parsed: counted too.
        ("content/anchors.md", &"[a](links.md#nowhere)\n".repeat(300)),
    ]);
    // Every warning at its place (by default they are grouped: see migration.rs).
    let run = site.run(&["build", "--verbose"]).without_panic().success();
    let stderr = run.stderr();
    assert_eq!(stderr.matches("warning: broken link").count(), 600);
    assert!(stderr.len() < 400_000, "{} bytes of warnings", stderr.len());
    assert_located(
        &diagnostic(&run, "`gone-199.md` leads to content/gone-199.md"),
        &format!("content/links.md:3:{column}"),
    );
    assert_warning(
        &run,
        "800 more broken links in this file",
        "content/links.md",
    );
    assert_warning(
        &run,
        "19800 more broken links in this file",
        "content/references.md",
    );
    assert_warning(
        &run,
        "100 more broken links in this file",
        "content/anchors.md",
    );
    // With links: error, the count is an error too.
    site.write("huddle.yaml", "title: T\nbase_url: https://w.example/\n");
    let run = build(&site).failure();
    assert!(diagnostic(&run, "800 more broken links").starts_with("error: "));
}

// The content graph.

#[test]
fn two_files_with_one_url_are_an_error_naming_both_or_one_moves_aside() {
    let site = Site::with_files(&[
        ("content/guides.md", "# Guides\n"),
        ("content/guides/index.md", "# Guides again\n"),
        ("content/x.md", "# X\n"),
        ("content/x.markdown", "# X again\n"),
    ]);
    let run = build(&site).failure();
    assert_error_named(
        &run,
        "content/x.md and content/x.markdown both become x/index.html",
    );
    // A page shadowed by its folder's index page moves aside instead.
    assert_warning(
        &run,
        "content/guides.md and the index page of the folder guides/ both want guides/index.html; this page is published at guides.html",
        "content/guides.md",
    );
}

fn assert_error_named(run: &Run, message: &str) {
    let block = diagnostic(run, message);
    assert!(block.starts_with("error: "), "{block}");
    assert_contains(&block, "= help: rename or remove one of them");
}

#[test]
fn urls_that_differ_only_in_case_collide() {
    let site = Site::with_files(&[
        ("content/About.md", "# About\n"),
        ("content/about.md", "# about\n"),
    ]);
    let run = build(&site).failure();
    assert_error_named(
        &run,
        "content/about.md and content/About.md become about/index.html and About/index.html, which differ only in letter case",
    );
}

#[test]
fn urls_that_differ_only_in_unicode_normalisation_collide() {
    let composed = "caf\u{e9}";
    let decomposed = "cafe\u{301}";
    let site = Site::with_files(&[
        (&format!("content/{composed}.md"), "# One\n"),
        (&format!("content/{decomposed}.md"), "# Two\n"),
    ]);
    let run = build(&site).failure();
    let block = diagnostic(&run, "which differ only in how their accents are encoded");
    assert!(block.starts_with("error: "), "{block}");
    assert_contains(&block, "= help: rename or remove one of them");
    assert!(!site.path("public").exists());
}

#[test]
fn a_file_with_the_path_of_a_generated_one_is_an_error() {
    let site = Site::with_files(&[
        ("content/atom.xml", "<feed>mine</feed>"),
        ("content/tags.md", "# My tags\n"),
    ]);
    let run = build(&site).failure();
    for (path, source) in [
        ("atom.xml", "content/atom.xml"),
        ("tags/index.html", "content/tags.md"),
    ] {
        let block = diagnostic(&run, &format!("two sources write {path}"));
        assert!(block.starts_with("error: "), "{block}");
        assert_located(&block, source);
        assert_contains(&block, "= help: ");
    }
    assert!(!site.path("public").exists());
}

#[test]
fn unknown_ids_are_errors_with_did_you_mean() {
    let site = Site::with_files(&[
        ("content/reps/ana-lee.md", ANA),
        (
            "content/playbooks/discovery.md",
            "---\ntitle: Discovery\n---\n",
        ),
        (
            "content/stories/big-win.md",
            "---\ntitle: Big win\nrep: ana-le\ndate: 2026-03-14\nplaybooks: [discovry]\n---\n",
        ),
    ]);
    let run = assert_error(
        build(&site),
        "unknown rep `ana-le`",
        "content/stories/big-win.md:3:6",
    );
    assert_contains(&diagnostic(&run, "unknown rep"), "did you mean `ana-lee`?");
    assert_located(
        &diagnostic(&run, "unknown playbook `discovry`"),
        "content/stories/big-win.md:5:13",
    );
}

#[test]
fn links_and_references_to_drafts_are_errors() {
    let site = Site::with_files(&[
        ("content/reps/ana.md", "---\nname: Ana\ndraft: true\n---\n"),
        (
            "content/stories/big-win.md",
            "---\ntitle: Big win\nrep: ana\ndate: 2026-03-14\n---\nAsk [Ana](../reps/ana.md).\n",
        ),
    ]);
    let run = assert_error(
        build(&site),
        "`rep` names rep `ana`, which is a draft",
        "content/stories/big-win.md:3:6",
    );
    assert_located(
        &diagnostic(&run, "leads to content/reps/ana.md, a draft"),
        "content/stories/big-win.md:6:5",
    );
    assert!(!site.path("public").exists());
    site.run(&["build", "--drafts"]).success();
}

#[test]
fn path_like_ids_and_links_cannot_leave_the_site() {
    let site = Site::with_files(&[
        ("content/reps/ana.md", ANA),
        (
            "content/stories/big-win.md",
            "---\ntitle: Big win\nrep: ../../../etc/passwd\ndate: 2026-03-14\n---\n[a](../../../etc/passwd) [b](/../../x.md) ![c](../../../../secret.png)\n",
        ),
    ]);
    let run = build(&site).failure();
    assert_located(
        &diagnostic(&run, "unknown rep `../../../etc/passwd`"),
        "content/stories/big-win.md:3:6",
    );
    for (link, column) in [
        ("`../../../etc/passwd`", 1),
        ("`/../../x.md`", 26),
        ("`../../../../secret.png`", 43),
    ] {
        assert_located(
            &diagnostic(
                &run,
                &format!("broken link: {link} points outside content/"),
            ),
            &format!("content/stories/big-win.md:6:{column}"),
        );
    }
}

#[test]
fn control_characters_in_a_problem_never_reach_the_terminal_raw() {
    // A decoded `%1b` or a raw escape byte on the quoted line would drive
    // the terminal (clear it, retitle it); each shows as a visible picture.
    let site = Site::with_files(&[(
        "content/links.md",
        "# Links\n\n[a](%1b%5b2J%07.md) \u{1b}]0;owned\u{7} [b](gone%00.md)\n",
    )]);
    let run = build(&site).failure();
    let stderr = run.stderr();
    assert!(
        !stderr.contains(['\u{1b}', '\u{7}', '\0']),
        "control characters on stderr:\n{stderr:?}"
    );
    let block = diagnostic(&run, "broken link: `%1b%5b2J%07.md`");
    assert_contains(&block, "content/\u{241b}[2J\u{2407}.md");
    assert_contains(&block, " \u{241b}]0;owned\u{2407} ");
    assert_located(&block, "content/links.md:3:1");
    assert_contains(&diagnostic(&run, "`gone%00.md`"), "gone\u{2400}.md");
}

#[test]
fn file_names_with_spaces_and_url_characters_get_working_links() {
    let site = Site::with_files(&[
        ("content/a b#c?d%e.md", "# Odd name\n"),
        ("content/links.md", "[odd](a%20b%23c%3Fd%25e.md)\n"),
    ]);
    build(&site).success();
    assert!(site.exists("a b#c?d%e/index.html"));
    assert_contains(
        &site.read("links/index.html"),
        r#"href="../a%20b%23c%3Fd%25e/index.html""#,
    );
    site.check_output(&[]);
}

#[test]
fn file_names_with_backslashes_or_control_characters_are_errors() {
    let site = Site::with_files(&[
        ("content/back\\slash.md", "# A\n"),
        ("content/new\nline.md", "# B\n"),
        ("content/ok.md", "# C\n"),
    ]);
    let run = build(&site).failure();
    for shown in ["content/back\\\\slash.md", "content/new\\nline.md"] {
        let block = diagnostic(
            &run,
            "file name contains a backslash or a control character",
        );
        assert_contains(&block, "= help: rename the file");
        assert_contains(&run.stderr(), &format!("--> {shown}\n"));
    }
}

// Templates.

/// A site whose `templates/` holds these files.
fn with_templates(templates: &[(&str, &str)]) -> Site {
    let site = Site::with_files(&[("content/about.md", "# About\n")]);
    for (name, text) in templates {
        site.write(&format!("templates/{name}"), text);
    }
    site
}

const PAGE_START: &str = "{% extends \"base.html\" %}\n{% block content %}\n";
const PAGE_END: &str = "\n{% endblock content %}\n";

#[test]
fn include_cycles_are_found_before_rendering() {
    let site = with_templates(&[
        ("a.html", "{% include \"b.html\" %}"),
        ("b.html", "\n{% include \"a.html\" %}"),
        (
            "page.html",
            &format!("{PAGE_START}{{% include \"a.html\" %}}{PAGE_END}"),
        ),
    ]);
    let run = assert_error(
        build(&site),
        "templates include each other in a circle: a.html → b.html → a.html",
        "templates/a.html:1:13",
    );
    assert_lacks(&run.stderr(), "while rendering");
    assert_lacks(&run.stderr(), "overflow");
}

#[test]
fn a_theme_missing_templates_lists_them() {
    let site = Site::with_files(&[
        (
            "huddle.yaml",
            "title: T\nbase_url: https://w.example/\ntheme: bare\n",
        ),
        (
            "themes/bare/templates/base.html",
            "{% block content %}{% endblock content %}",
        ),
        ("content/about.md", "# About\n"),
    ]);
    let run = build(&site).failure();
    let block = diagnostic(&run, "theme `bare` lacks templates: home.html");
    assert_contains(&block, "404.html");
    assert_contains(
        &block,
        "= help: copy them from huddle's themes/default/templates/",
    );
    let site = Site::with_files(&[
        (
            "huddle.yaml",
            "title: T\nbase_url: https://w.example/\ntheme: nowhere\n",
        ),
        ("content/about.md", "# About\n"),
    ]);
    let run = assert_error(
        build(&site),
        "no theme `nowhere`: themes/nowhere/ does not exist",
        "huddle.yaml",
    );
    assert_contains(&diagnostic(&run, "no theme"), "remove `theme:`");
}

// The file system.

#[test]
fn symbolic_links_out_of_the_site_are_skipped_with_a_warning() {
    let site = Site::with_files(&[("content/about.md", "# About\n")]);
    let outside = site.path("../outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.md"), "# OUTSIDE-CANARY\n").unwrap();
    std::fs::write(outside.join("secret.png"), "OUTSIDE-CANARY").unwrap();
    std::os::unix::fs::symlink(outside.join("secret.md"), site.path("content/secret.md")).unwrap();
    std::os::unix::fs::symlink(&outside, site.path("content/shared")).unwrap();
    let run = build(&site).success();
    for link in ["content/secret.md", "content/shared"] {
        assert_warning(&run, "skipping a symbolic link", link);
    }
    site.check_output(&["OUTSIDE-CANARY"]);
}

#[test]
fn symbolic_link_loops_and_broken_links_are_skipped() {
    let site = Site::with_files(&[("content/guides/crm.md", "# CRM\n")]);
    std::os::unix::fs::symlink("..", site.path("content/guides/up")).unwrap();
    std::os::unix::fs::symlink("self", site.path("content/self")).unwrap();
    std::os::unix::fs::symlink("nowhere.md", site.path("content/broken.md")).unwrap();
    let run = build(&site).success();
    for link in ["content/guides/up", "content/self", "content/broken.md"] {
        assert_warning(&run, "skipping a symbolic link", link);
    }
    assert!(site.exists("guides/crm/index.html"));
}

#[test]
fn a_named_pipe_is_skipped_not_read() {
    let site = Site::with_files(&[("content/about.md", "# About\n")]);
    let made = std::process::Command::new("mkfifo")
        .arg(site.path("content/pipe.md"))
        .arg(site.path("content/pipe.png"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let run = build(&site).success();
    for pipe in ["content/pipe.md", "content/pipe.png"] {
        assert_warning(&run, "skipping something that is not a regular file", pipe);
    }
}

#[test]
fn an_unreadable_file_is_an_error_naming_it() {
    let site = Site::with_files(&[
        ("content/about.md", "# About\n"),
        ("content/locked.md", "# Locked\n"),
    ]);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        site.path("content/locked.md"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    if std::fs::read(site.path("content/locked.md")).is_err() {
        let run = build(&site);
        assert_error_without_help(run, "cannot read file", "content/locked.md");
        return;
    }
    // Root reads any file whatever its mode: run huddle as nobody instead,
    // with `check`, which writes nothing.
    let Some(run) = run_as_nobody(&site, &["check"]) else {
        common::skip("running as root, and setpriv cannot run huddle as nobody");
        return;
    };
    assert_error_without_help(run, "cannot read file", "content/locked.md");
}

fn assert_error_without_help(run: Run, message: &str, location: &str) {
    let run = run.without_panic().failure();
    let block = diagnostic(&run, message);
    assert!(block.starts_with("error: "), "{block}");
    assert_located(&block, location);
}

/// Runs huddle as the user `nobody` (uid 65534) through `setpriv`, for a
/// test running as root; None when that is not possible here.
fn run_as_nobody(site: &Site, args: &[&str]) -> Option<Run> {
    use std::os::unix::fs::PermissionsExt;
    // nobody must be able to reach the site: the test's own folders are
    // opened up; a folder above them that is closed means no such test here.
    let temporary = site.root.parent()?;
    for folder in site.root.ancestors() {
        let mode = std::fs::metadata(folder).ok()?.permissions().mode();
        if mode & 0o001 != 0 {
            continue;
        }
        if !folder.starts_with(temporary) {
            return None;
        }
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(mode | 0o711)).ok()?;
    }
    let huddle = assert_cmd::cargo::cargo_bin("huddle");
    let output = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(huddle)
        .args(args)
        .current_dir(&site.root)
        .env("HUDDLE_TODAY", common::TODAY)
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.starts_with("setpriv:") {
        return None;
    }
    Some(Run { output })
}

#[test]
fn non_utf8_file_names_are_errors_naming_the_file() {
    use std::os::unix::ffi::OsStrExt;
    let site = Site::with_files(&[("content/about.md", "# About\n")]);
    let name = std::ffi::OsStr::from_bytes(b"r\xe9sum\xe9.md");
    if std::fs::write(site.path("content").join(name), "# CV\n").is_err() {
        common::skip("this file system refuses non-UTF-8 file names");
        return;
    }
    let run = assert_error(
        build(&site),
        "file name is not valid UTF-8",
        "content/r\u{FFFD}sum\u{FFFD}.md",
    );
    assert_contains(
        &diagnostic(&run, "not valid UTF-8"),
        "rename the file using UTF-8",
    );
}

#[test]
fn files_vanishing_mid_build_fail_cleanly_or_not_at_all() {
    let site = Site::with_files(&[]);
    for index in 0..400 {
        site.write(
            &format!("content/notes/note-{index}.md"),
            &format!(
                "# Note {index}\n\n{}\n",
                "Words about the deal. ".repeat(200)
            ),
        );
    }
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("huddle"))
        .current_dir(&site.root)
        .arg("build")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Delete a file at a time while the build runs, last ones first.
    for index in (0..400).rev() {
        let _ = std::fs::remove_file(site.path(&format!("content/notes/note-{index}.md")));
        if index % 40 == 0 {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    let run = Run {
        output: child.wait_with_output().unwrap(),
    }
    .without_panic();
    if !run.output.status.success() {
        let stderr = run.stderr();
        assert!(
            stderr.contains("content/notes/note-") || stderr.contains("No such file"),
            "{stderr}"
        );
    }
    // Whatever happened, the next build sees the folder as it is now.
    build(&site).success();
    assert!(!site.exists("notes/note-0/index.html"));
}

#[test]
fn a_missing_content_folder_or_config_is_an_error_with_a_hint() {
    let site = Site::with_files(&[]);
    let run = build(&site).failure();
    assert_contains(
        &diagnostic(&run, "no content folder at"),
        "= help: create content/",
    );
    let site = Site::empty();
    site.write("content/about.md", "# About\n");
    let run = build(&site).failure();
    assert_contains(
        &diagnostic(&run, "no huddle.yaml in"),
        "= help: run `huddle init`",
    );
}

#[test]
fn a_content_folder_that_is_a_symbolic_link_is_read_without_a_warning() {
    let site = Site::with_files(&[("content/about.md", "# About\n")]);
    std::fs::rename(site.path("content"), site.path("shared")).unwrap();
    std::os::unix::fs::symlink("shared", site.path("content")).unwrap();
    let run = build(&site).success();
    assert_lacks(&run.stderr(), "skipping");
    assert_contains(&site.read("about/index.html"), "<h1>About</h1>");
}

#[test]
fn a_utf16_huddle_yaml_is_an_error_asking_for_utf8() {
    let site = Site::with_files(&[("content/about.md", "# About\n")]);
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend("title: T\n".encode_utf16().flat_map(u16::to_le_bytes));
    write_bytes(&site, "huddle.yaml", &bytes);
    let run = assert_error(build(&site), "huddle.yaml is not UTF-8 text", "huddle.yaml");
    assert_contains(&diagnostic(&run, "not UTF-8"), "save huddle.yaml as UTF-8");
}

#[test]
fn a_broken_huddle_yaml_is_an_error_at_its_line() {
    let site = Site::with_files(&[
        (
            "huddle.yaml",
            "title: T\nbase_url: https://w.example/\nlinks: [warn\n",
        ),
        ("content/about.md", "# About\n"),
    ]);
    let run = build(&site).failure();
    let block = diagnostic(&run, "invalid YAML");
    assert!(block.contains("--> huddle.yaml:"), "{block}");
    assert_contains(&block, "= help: huddle.yaml is YAML");
    let site = Site::with_files(&[
        (
            "huddle.yaml",
            "title: T\nbase_url: https://w.example/\nmarkdown:\n  raw_html: maybe\n",
        ),
        ("content/about.md", "# About\n"),
    ]);
    let run = build(&site).failure();
    assert_located(
        &diagnostic(
            &run,
            "`markdown.raw_html` must be `sanitize`, `allow` or `deny`, not `maybe`",
        ),
        "huddle.yaml:4:13",
    );
}

#[test]
fn a_theme_path_or_a_script_base_url_in_huddle_yaml_is_refused() {
    let site = Site::with_files(&[
        (
            "huddle.yaml",
            "title: T\nbase_url: \"javascript:alert(1)//\"\ntheme: ../outside\n",
        ),
        ("content/about.md", "# About\n"),
    ]);
    site.write("../outside/templates/base.html", "OUTSIDE-CANARY");
    let run = build(&site);
    let run = assert_error(
        run,
        "`base_url` must be the site's address, not a script or data URL",
        "huddle.yaml:2:12",
    );
    assert_located(
        &diagnostic(
            &run,
            "`theme` must be a folder name, not the path `../outside`",
        ),
        "huddle.yaml:3:8",
    );
    assert!(!site.path("public").exists());
}

#[test]
fn an_absurd_review_period_is_an_error_not_an_overflow() {
    for days in ["9223372036854775807", "-9223372036854775808", "0"] {
        let site = Site::with_files(&[(
            "content/playbooks/discovery.md",
            &format!("---\ntitle: Discovery\nupdated: 2026-01-01\nreview_every: {days}\n---\n"),
        )]);
        let run = assert_error(
            build(&site),
            &format!("`review_every` must be a number of days from 1 to 36500, not {days}"),
            "content/playbooks/discovery.md:4:15",
        );
        assert_contains(&diagnostic(&run, "review_every"), "review_every: 90");
    }
}

#[test]
fn a_front_matter_list_of_thousands_of_unknown_ids_is_reported_briefly() {
    let playbooks: String = (0..20_000).map(|n| format!("  - p{n}\n")).collect();
    let tags: String = (0..20_000).map(|n| format!("  - t{n}\n")).collect();
    let site = Site::with_files(&[
        ("content/reps/ana.md", ANA),
        (
            "content/stories/big-win.md",
            &format!(
                "---\ntitle: Big win\nrep: ana\ndate: 2026-03-14\nplaybooks:\n{playbooks}tags:\n{tags}---\n"
            ),
        ),
    ]);
    let run = build(&site).failure();
    assert_located(
        &diagnostic(&run, "unknown playbook `p199`"),
        "content/stories/big-win.md:205:5",
    );
    assert_error(
        run,
        "19800 more unknown or unpublished ids in this file",
        "content/stories/big-win.md",
    );
}

#[test]
fn thousands_of_unknown_keys_are_warned_about_briefly() {
    let keys: String = (0..20_000)
        .map(|n| format!("field_{n:05}: value\n"))
        .collect();
    let site = Site::with_files(&[(
        "content/export.md",
        &format!("---\ntitle: Export\n{keys}---\n"),
    )]);
    let run = build(&site).success();
    // One note for the page, naming a few keys and counting the rest.
    assert_eq!(
        run.stderr().matches("warning: ").count(),
        1,
        "{}",
        run.stderr()
    );
    assert_contains(&run.stderr(), "kept under page.extra: `field_");
    assert_contains(&run.stderr(), "and 19995 more");
    assert!(run.stderr().len() < 2_000, "{}", run.stderr());
}

#[test]
fn a_page_with_thousands_of_tags_renders_in_bounded_time() {
    let tags: Vec<String> = (0..2_000).map(|n| format!("t{n}")).collect();
    let site = Site::with_files(&[
        ("content/reps/ana.md", ANA),
        (
            "content/stories/big-win.md",
            &format!(
                "---\ntitle: Big win\nrep: ana\ndate: 2026-03-14\ntags: [{}]\n---\n",
                tags.join(", ")
            ),
        ),
    ]);
    build(&site).success();
    assert!(site.exists("tags/t1999/index.html"));
}

#[test]
fn a_huddle_yaml_that_is_a_pipe_or_a_folder_is_an_error_not_a_hang() {
    let site = Site::empty();
    site.write("content/about.md", "# About\n");
    let made = std::process::Command::new("mkfifo")
        .arg(site.path("huddle.yaml"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let run = site.run(&["--root", ".", "build"]).without_panic();
    assert_error(run, "huddle.yaml is not a regular file", "huddle.yaml");
    std::fs::remove_file(site.path("huddle.yaml")).unwrap();
    std::fs::create_dir(site.path("huddle.yaml")).unwrap();
    let run = site.run(&["--root", ".", "build"]).without_panic();
    assert_error(run, "huddle.yaml is not a regular file", "huddle.yaml");
}
