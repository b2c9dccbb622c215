use super::*;

fn problems(files: &[(&'static str, Option<&'static str>)], rules: &Rules) -> Vec<String> {
    let files: BTreeMap<&str, Option<&[u8]>> = files
        .iter()
        .map(|(path, html)| (*path, html.map(str::as_bytes)))
        .collect();
    find_problems(&files, rules)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn relative_links_to_files_and_ids_pass() {
    let found = problems(
        &[
            (
                "index.html",
                Some(
                    r##"<a href="stories/a/index.html#wins">a</a><link rel="stylesheet" href="style.css"><a href="#top" id="top">top</a>"##,
                ),
            ),
            (
                "stories/a/index.html",
                Some(
                    r##"<h2 id="wins">Wins</h2><img src="../../logo%20big.png"><a href="../../index.html?q=1">home</a>"##,
                ),
            ),
            ("style.css", None),
            ("logo big.png", None),
        ],
        &Rules::default(),
    );
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn each_kind_of_bad_link_is_found() {
    let found = problems(
        &[
            (
                "index.html",
                Some(concat!(
                    r##"<a href="missing.html">x</a>"##,
                    r##"<a href="reps/index.html#nobody">x</a>"##,
                    r##"<a href="/reps/index.html">x</a>"##,
                    r##"<a href="reps/">x</a>"##,
                    r##"<script src="https://cdn.example.com/x.js"></script>"##,
                    r##"<a href="../../outside.html">x</a>"##,
                    // Links a reader follows to another host are fine; so are mailto and tel.
                    r##"<a href="https://example.com/">x</a><a href="mailto:a@b.c">x</a>"##,
                )),
            ),
            ("reps/index.html", Some("<h1 id=\"team\">Team</h1>")),
        ],
        &Rules::default(),
    );
    assert_eq!(
        found,
        [
            "index.html: broken link: missing.html",
            "index.html: no element has id 'nobody': reps/index.html#nobody",
            "index.html: root-absolute link (breaks under a sub-path): /reps/index.html",
            "index.html: link ends at a folder (no page from file://): reps/",
            "index.html: loads from another host: https://cdn.example.com/x.js",
            "index.html: broken link: ../../outside.html",
        ]
    );
}

#[test]
fn comments_scripts_and_entities_are_read_as_a_browser_would() {
    let found = problems(
        &[(
            "index.html",
            Some(concat!(
                r##"<!-- <a href="commented.html"> -->"##,
                r##"<script>if (a < b) { x = '<a href="in-script.html">'; }</script>"##,
                r##"<A HREF='index.html?a=1&amp;b=2#caf&#233;'>x</A><p ID=café>"##,
            )),
        )],
        &Rules::default(),
    );
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn folder_links_pass_with_pretty_links() {
    let files = [
        (
            "index.html",
            Some(r##"<a href="reps/">team</a><a href="./">home</a>"##),
        ),
        ("reps/index.html", Some("")),
    ];
    let pretty = Rules {
        folder_links: true,
        ..Rules::default()
    };
    assert_eq!(problems(&files, &pretty), Vec::<String>::new());
    assert_eq!(problems(&files, &Rules::default()).len(), 2);
}

#[test]
fn only_the_404_page_may_link_from_the_base_path() {
    let files = [
        (
            "404.html",
            Some(r##"<link rel="stylesheet" href="/wiki/style.css"><a href="/elsewhere/">x</a>"##),
        ),
        ("index.html", Some(r##"<a href="/wiki/style.css">x</a>"##)),
        ("style.css", None),
    ];
    let rules = Rules {
        base_path: Some(url_path("https://example.com/wiki")),
        ..Rules::default()
    };
    assert_eq!(
        problems(&files, &rules),
        [
            "404.html: root-absolute link (breaks under a sub-path): /elsewhere/",
            "index.html: root-absolute link (breaks under a sub-path): /wiki/style.css",
        ]
    );
}

#[test]
fn a_canonical_link_names_an_address_and_loads_nothing() {
    let page = br#"<link rel="canonical" href="https://wiki.example.com/a/index.html"><link rel="stylesheet" href="https://cdn.example.com/x.css">"#;
    let files: BTreeMap<&str, Option<&[u8]>> =
        [("index.html", Some(&page[..]))].into_iter().collect();
    let problems: Vec<String> = find_problems(&files, &Rules::default())
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        ["index.html: loads from another host: https://cdn.example.com/x.css"]
    );
}
