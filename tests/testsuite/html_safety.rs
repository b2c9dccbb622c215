//! HTML safety, beyond `tests/safety.rs`: no `javascript:`, `vbscript:` or
//! `data:` URL reaches an `href` or `src` from a Markdown link or image in
//! any `markdown.raw_html` mode, nor from raw HTML under the default
//! `sanitize`, nor from a front-matter field a template prints; script,
//! event handlers and the usual tricks around them are removed from raw
//! HTML; and front-matter values are escaped in every context they land
//! in: text, attributes, the feed, the sitemap and any script or JSON file.

use crate::common;

use common::{Site, assert_contains, assert_lacks};

fn config(raw_html: &str) -> String {
    format!(
        "title: Test wiki\nbase_url: https://wiki.example.com/\nlinks: warn\nmarkdown:\n  raw_html: {raw_html}\n"
    )
}

/// Markdown links and images with unsafe schemes, however disguised.
const MARKDOWN_VECTORS: &str = "# Links\n\n\
    [plain](javascript:alert(1))\n\
    [mixed case](JaVaScRiPt:alert(2))\n\
    [entity colon](javascript&#58;alert(3))\n\
    [entity tab](java&#x09;script:alert(4))\n\
    [angle](<javascript:alert(5)>)\n\
    [vb](vbscript:msgbox(6))\n\
    [data](data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==)\n\
    ![image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoOCk+)\n\
    ![image js](javascript:alert(9))\n\
    [reference][r] and ![ref image][i]\n\
    <javascript:alert(12)>\n\
    [escaped](\\javascript:alert(13))\n\n\
    [r]: javascript:alert(10)\n\
    [i]: vbscript:alert(11)\n";

/// Raw HTML that tries to run script.
const RAW_VECTORS: &str = "# Raw\n\n\
    <img src=x onerror=alert(21)>\n\n\
    <svg onload=alert(22)><circle r=1 /></svg>\n\n\
    <iframe src=\"javascript:alert(23)\"></iframe>\n\n\
    <a href=\"jav&#x09;ascript:alert(24)\">tab</a> <a href=\"&#106;avascript:alert(25)\">entity</a>\n\n\
    <object data=\"javascript:alert(26)\"></object><embed src=\"javascript:alert(27)\">\n\n\
    <form action=\"javascript:alert(28)\"><button formaction=\"javascript:alert(29)\">go</button></form>\n\n\
    <math><mtext><table><mglyph><style><img src=x onerror=alert(30)></style></mglyph></table></mtext></math>\n\n\
    <meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(31)\">\n\n\
    <base href=\"javascript:alert(32)//\">\n\n\
    <details open ontoggle=alert(33)><summary>More</summary>kept details</details>\n\n\
    <div style=\"background:url(javascript:alert(34))\">styled</div>\n\n\
    <noscript><p title=\"</noscript><img src=x onerror=alert(35)>\"></noscript>\n\n\
    <a href=\"data:text/html,<script>alert(36)</script>\">data</a>\n\n\
    <input autofocus onfocus=alert(37)>\n\n\
    <script>alert(38)</script><style>body{background:url(javascript:alert(39))}</style>\n\n\
    <a href=\"vbscript:msgbox(40)\">vb</a> <img src=\"  javascript:alert(41)\">\n\n\
    | table | kept |\n|---|---|\n| a | b |\n";

/// What would run: an event handler attribute, an inline script or an
/// unsafe URL in an attribute that loads or navigates, anywhere in `html`.
fn dangers(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut rest = lower.as_str();
    while let Some(start) = rest.find('<') {
        let tag_end = rest[start..]
            .find('>')
            .map_or(rest.len(), |end| start + end + 1);
        let tag = &rest[start..tag_end];
        rest = &rest[tag_end..];
        if tag.starts_with("<script") && !tag.contains(" src=") {
            found.push(format!("inline script: {tag}"));
        }
        for name in ["iframe", "object", "embed", "base"] {
            if tag.starts_with(&format!("<{name}")) {
                found.push(format!("{name} element: {tag}"));
            }
        }
        if tag.starts_with("<meta") && tag.contains("http-equiv") {
            found.push(format!("meta refresh: {tag}"));
        }
        for (at, _) in tag.match_indices(" on") {
            let name: String = tag[at + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            if tag[at + 1 + name.len()..].trim_start().starts_with('=') {
                found.push(format!("event handler {name}: {tag}"));
            }
        }
        for attribute in [
            "href=",
            "src=",
            "action=",
            "formaction=",
            "data=",
            "style=",
            "poster=",
        ] {
            for (at, _) in tag.match_indices(attribute) {
                let value = tag[at + attribute.len()..].trim_start_matches(['"', '\'']);
                let value = decode(value);
                let value: String = value
                    .trim_start_matches(|c: char| c <= ' ')
                    .chars()
                    .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                    .collect();
                let risky = ["javascript:", "vbscript:", "data:"].iter().any(|scheme| {
                    value.starts_with(scheme) || (attribute == "style=" && value.contains(scheme))
                });
                if risky {
                    found.push(format!("unsafe {attribute} {tag}"));
                }
            }
        }
    }
    found
}

/// Decodes the numeric and named entities a URL might hide behind.
fn decode(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&end| end < 12);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let code = match name.strip_prefix("#x") {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => match name.strip_prefix('#') {
                    Some(decimal) => decimal.parse().ok(),
                    None => match name {
                        "colon" => Some(58),
                        "tab" => Some(9),
                        "newline" => Some(10),
                        "amp" => Some(38),
                        _ => None,
                    },
                },
            };
            code.and_then(char::from_u32).map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, length)) => {
                out.push(c);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every file of the output with a text extension, as text.
fn text_files(site: &Site) -> Vec<(String, String)> {
    site.output_files()
        .into_iter()
        .filter(|path| {
            [".html", ".xml", ".js", ".json", ".txt", ".css"]
                .iter()
                .any(|extension| path.ends_with(extension))
        })
        .map(|path| {
            let text = site.read(&path);
            (path, text)
        })
        .collect()
}

fn assert_safe(site: &Site) {
    for (path, text) in text_files(site) {
        if path.ends_with(".html") {
            let found = dangers(&text);
            assert!(found.is_empty(), "{path}:\n{}", found.join("\n"));
        }
    }
}

#[test]
fn markdown_links_and_images_never_carry_an_unsafe_scheme_in_any_mode() {
    for mode in ["sanitize", "allow", "deny"] {
        let site = Site::with_files(&[
            ("huddle.yaml", &config(mode)),
            ("content/links.md", MARKDOWN_VECTORS),
        ]);
        site.build();
        assert_safe(&site);
        let page = site.read("links/index.html");
        // The link text stays; only the destination goes.
        assert_contains(&page, ">mixed case</a>");
        assert_contains(&page, ">reference</a>");
    }
}

#[test]
fn sanitize_removes_every_script_vector_and_keeps_the_markup_handbooks_use() {
    let site = Site::with_files(&[
        ("huddle.yaml", &config("sanitize")),
        ("content/raw.md", RAW_VECTORS),
    ]);
    site.build();
    assert_safe(&site);
    let page = site.read("raw/index.html");
    assert_contains(&page, "kept details</details>");
    assert_contains(&page, "<table>");
    assert_contains(&page, ">styled</div>");
    for number in 21..=41 {
        assert_lacks(&page, &format!("alert({number})</script>"));
    }
}

#[test]
fn deny_shows_every_vector_as_text() {
    let site = Site::with_files(&[
        ("huddle.yaml", &config("deny")),
        ("content/raw.md", RAW_VECTORS),
    ]);
    site.build();
    assert_safe(&site);
    let page = site.read("raw/index.html");
    assert_contains(&page, "&lt;img src=x onerror=alert(21)&gt;");
    assert_contains(&page, "&lt;script&gt;alert(38)&lt;/script&gt;");
}

#[test]
fn allow_passes_raw_html_as_written_but_still_filters_markdown_links() {
    // `allow` is for sites whose every author is trusted: raw HTML is kept
    // as written, handlers and all. Markdown links are still filtered.
    let site = Site::with_files(&[
        ("huddle.yaml", &config("allow")),
        (
            "content/raw.md",
            "# Raw\n\n<button onclick=\"track()\">Trusted</button>\n\n[md](javascript:alert(1))\n",
        ),
    ]);
    site.build();
    let page = site.read("raw/index.html");
    assert_contains(&page, "<button onclick=\"track()\">Trusted</button>");
    // Which also shows the check above finds what it looks for.
    assert_eq!(dangers(&page).len(), 1, "{:?}", dangers(&page));
    assert_contains(&page, "<a href=\"#\">md</a>");
}

#[test]
fn heading_attributes_other_than_id_and_class_need_allow() {
    let site = Site::with_files(&[(
        "content/about.md",
        "# Title {#top .lead onclick=alert(1) style=color:red}\n",
    )]);
    site.build();
    let page = site.read("about/index.html");
    assert_contains(&page, "<h1 id=\"top\" class=\"lead\">Title</h1>");
    assert_safe(&site);
}

/// A payload that breaks out of text, attributes, XML and script strings.
const PAYLOAD: &str = "\\\"'><script>alert(99)</script></title>]]><!--&amp;\u{2028}";

#[test]
fn front_matter_values_are_escaped_in_every_context() {
    let yaml = |value: &str| format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""));
    let payload = yaml(PAYLOAD);
    let site = Site::with_files(&[
        (
            "huddle.yaml",
            &format!(
                "title: {payload}\ndescription: {payload}\nlanguage: {payload}\nbase_url: https://wiki.example.com/\n"
            ),
        ),
        (
            "content/reps/ana.md",
            &format!(
                "---\nname: {payload}\nrole: {payload}\nteam: {payload}\nregion: {payload}\n\
                 strengths: [{payload}]\nfocus: [{payload}]\nemail: {payload}\nphoto: {payload}\n---\n"
            ),
        ),
        (
            "content/playbooks/discovery.md",
            &format!(
                "---\ntitle: {payload}\nsummary: {payload}\nstage: {payload}\nowner: ana\n\
                 tags: [{payload}]\nupdated: 2026-01-01\n---\n"
            ),
        ),
        (
            "content/stories/big-win.md",
            &format!(
                "---\ntitle: {payload}\nrep: ana\ndate: 2026-03-14\noutcome: won\n\
                 customer: {payload}\nindustry: {payload}\nvalue: {payload}\n\
                 competitor: {payload}\nsummary: {payload}\nactions: [{payload}]\n\
                 results: [{payload}]\nplaybooks: [discovery]\nskills: [{payload}]\n---\n"
            ),
        ),
        (
            "content/about.md",
            &format!("---\ntitle: {payload}\nsummary: {payload}\n---\n"),
        ),
    ]);
    site.build();
    assert_safe(&site);
    for (path, text) in text_files(&site) {
        if path.ends_with(".html") || path.ends_with(".xml") {
            for raw in ["<script>alert(99)", "</title>]]>"] {
                assert!(!text.contains(raw), "{path} holds {raw} unescaped");
            }
        }
        if path.ends_with(".xml") {
            // Well-formed: every & starts an entity.
            for (at, _) in text.match_indices('&') {
                let entity = &text[at..text.len().min(at + 8)];
                assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#"]
                        .iter()
                        .any(|known| entity.starts_with(known)),
                    "{path}: bare & in {entity}"
                );
            }
        }
        if path.ends_with(".json") {
            // Escaped as JSON, the payload is a string like any other.
            assert!(
                serde_json::from_str::<serde_json::Value>(&text).is_ok(),
                "{path} is not valid JSON"
            );
        }
        if path.ends_with(".js") {
            // A script file (the search index) may hold `</script>` in a
            // string; a quote that ends the string early may not.
            assert!(
                !text.contains("\"'><script>alert(99)") || text.contains("\\\"'><script>alert(99)"),
                "{path}: the payload's quote ends a string"
            );
        }
    }
    // Text and attributes: escaped as HTML.
    let rep = site.read("reps/ana/index.html");
    assert_contains(&rep, "&lt;script&gt;alert(99)&lt;/script&gt;");
    assert_lacks(&rep, "alt=\"Photo of \\\"'>");
    let feed = site.read("atom.xml");
    assert_contains(&feed, "&lt;script&gt;alert(99)&lt;/script&gt;");
}

#[test]
fn term_names_cannot_climb_out_of_their_taxonomy() {
    let site = Site::with_files(&[
        ("content/reps/ana.md", "---\nname: Ana\n---\n"),
        (
            "content/stories/big-win.md",
            "---\ntitle: Big win\nrep: ana\ndate: 2026-03-14\n\
             tags: [\"../../../escaped\", \"/etc/passwd\", \"..\", \"a/b\", \"%2e%2e\"]\n---\n",
        ),
    ]);
    site.build();
    for path in site.output_files() {
        if let Some(term) = path.strip_prefix("tags/") {
            let folder = term.split('/').next().unwrap();
            assert!(
                !folder.is_empty() && folder != "." && folder != ".." && !folder.contains('%'),
                "{path}"
            );
        }
    }
    assert!(!site.path("escaped").exists());
    assert!(!site.path("../escaped").exists());
    site.check_output(&[]);
}

#[test]
fn rep_photo_paths_never_become_a_scheme_in_src() {
    let site = Site::with_files(&[(
        "content/reps/ana.md",
        "---\nname: Ana\nphoto: /javascript:alert(1)\n---\n",
    )]);
    site.build();
    assert_safe(&site);
    let site = Site::with_files(&[(
        "content/reps/ana.md",
        "---\nname: Ana\nphoto: \"data:image/svg+xml,<svg onload=alert(1)>\"\n---\n",
    )]);
    site.run(&["build"])
        .failure()
        .reports("`photo` must not be a `data:` URL")
        .reports("content/reps/ana.md:3:9");
}
