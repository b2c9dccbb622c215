use super::*;

/// Renders with the default options, keeping every link as written.
fn html(body: &str) -> String {
    render_with(body, RawHtml::Sanitize).html
}

fn render_with(body: &str, raw_html: RawHtml) -> Rendered {
    render(body, 1, &Options { raw_html }, &mut |_| LinkAction::Keep)
}

/// Every link the resolver saw, as (destination, line, column, is_image).
fn links(body: &str, first_line: usize) -> Vec<(String, usize, usize, bool)> {
    let mut seen = Vec::new();
    render(body, first_line, &Options::default(), &mut |link| {
        seen.push((
            link.destination.to_string(),
            link.line,
            link.column,
            link.is_image,
        ));
        LinkAction::Keep
    });
    seen
}

fn ids(body: &str) -> Vec<String> {
    render_with(body, RawHtml::Sanitize)
        .headings
        .into_iter()
        .map(|h| h.id)
        .collect()
}

const ALL_MODES: [RawHtml; 3] = [RawHtml::Sanitize, RawHtml::Allow, RawHtml::Deny];

// Heading ids

#[test]
fn heading_ids_follow_github() {
    assert_eq!(ids("# Hello, World!"), ["hello-world"]);
    assert_eq!(
        ids("## Ride-along: before & after"),
        ["ride-along-before--after"]
    );
    assert_eq!(ids("## Q&A"), ["qa"]);
    assert_eq!(ids("## Überblick"), ["überblick"]);
    assert_eq!(ids("## a  b"), ["a--b"]);
    assert_eq!(ids("## snake_case and 2024"), ["snake_case-and-2024"]);
    assert_eq!(ids("## Win 🎉 story"), ["win--story"]);
}

#[test]
fn heading_ids_use_plain_text_of_code_links_and_emphasis() {
    assert_eq!(
        ids("## The *first* `call()` with [Jane](jane.md)"),
        ["the-first-call-with-jane"]
    );
}

#[test]
fn repeated_headings_are_numbered() {
    assert_eq!(
        ids("## Notes\n## Notes\n## Notes"),
        ["notes", "notes-1", "notes-2"]
    );
    // A suffix already taken by a heading of that name is skipped.
    assert_eq!(
        ids("## Notes 1\n## Notes\n## Notes"),
        ["notes-1", "notes", "notes-2"]
    );
}

#[test]
fn explicit_heading_id_wins() {
    let rendered = render_with("## Weekly agenda {#agenda}\n## Agenda", RawHtml::Sanitize);
    assert_eq!(rendered.headings[0].id, "agenda");
    assert_eq!(rendered.headings[0].text, "Weekly agenda");
    assert_eq!(rendered.headings[1].id, "agenda-1");
    assert!(
        rendered
            .html
            .contains(r#"<h2 id="agenda">Weekly agenda</h2>"#)
    );
}

#[test]
fn headings_without_text_get_an_id_anyway() {
    assert_eq!(ids("## !!!\n## ???"), ["section", "section-1"]);
}

#[test]
fn headings_are_listed_in_order_with_level_and_text() {
    let rendered = render_with("# Title\n\n## One\n\n### Two *deep*", RawHtml::Sanitize);
    let headings: Vec<_> = rendered
        .headings
        .iter()
        .map(|h| (h.level, h.id.as_str(), h.text.as_str()))
        .collect();
    assert_eq!(
        headings,
        [
            (1, "title", "Title"),
            (2, "one", "One"),
            (3, "two-deep", "Two deep")
        ]
    );
    assert!(
        rendered
            .html
            .contains(r#"<h3 id="two-deep">Two <em>deep</em></h3>"#)
    );
}

#[test]
fn heading_attributes_other_than_id_and_class_need_allow() {
    let body = "## Hi {#hi .lead onclick=alert(1)}";
    let sanitized = html(body);
    assert!(
        sanitized.contains(r#"<h2 id="hi" class="lead">"#),
        "{sanitized}"
    );
    assert!(!sanitized.contains("onclick"));
    assert!(render_with(body, RawHtml::Allow).html.contains("onclick"));
}

// Links

#[test]
fn links_and_images_report_line_and_column() {
    let body = "Intro\n\nSee [Jane](../reps/jane.md) and ![chart](chart.png).\n";
    assert_eq!(
        links(body, 1),
        [
            ("../reps/jane.md".to_string(), 3, 5, false),
            ("chart.png".to_string(), 3, 33, true),
        ]
    );
}

#[test]
fn link_lines_count_from_the_start_of_the_file() {
    // Front matter took lines 1–4, so the body starts on line 5.
    assert_eq!(
        links("[a](a.md)\n\n- [b](b.md)", 5),
        [
            ("a.md".to_string(), 5, 1, false),
            ("b.md".to_string(), 7, 3, false),
        ]
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    assert_eq!(links("Größe: [x](x.md)", 1)[0].2, 8);
}

#[test]
fn reference_autolink_and_email_links_reach_the_resolver() {
    let body = "[agenda][a] <https://example.com> <jane@example.com>\n\n[a]: meetings.md#agenda";
    let destinations: Vec<_> = links(body, 1).into_iter().map(|l| (l.0, l.2)).collect();
    assert_eq!(
        destinations,
        [
            ("meetings.md#agenda".to_string(), 1),
            ("https://example.com".to_string(), 13),
            ("mailto:jane@example.com".to_string(), 35),
        ]
    );
    assert!(html(body).contains(r#"<a href="mailto:jane@example.com">"#));
}

#[test]
fn resolver_rewrites_destinations() {
    let rendered = render(
        "[Jane](../reps/jane.md) ![x](x.png)",
        1,
        &Options::default(),
        &mut |link| {
            if link.is_image {
                LinkAction::Keep
            } else {
                LinkAction::Rewrite("../../reps/jane/index.html".to_string())
            }
        },
    );
    assert!(
        rendered
            .html
            .contains(r#"<a href="../../reps/jane/index.html">Jane</a>"#)
    );
    assert!(rendered.html.contains(r#"<img src="x.png" alt="x" />"#));
}

#[test]
fn unsafe_link_schemes_never_reach_href_or_src() {
    let body = "[a](javascript:alert(1)) [b](JavaScript:x) [c](vbscript:x) ![d](data:image/png;base64,AA) \
                <javascript:alert(1)> [e](%20javascript:x) [f](&#x20;java&#9;script:x)";
    for mode in ALL_MODES {
        let out = render_with(body, mode).html;
        for bad in ["javascript", "JavaScript", "vbscript", "data:"] {
            assert!(!out.contains(&format!("=\"{bad}")), "{mode:?}: {out}");
        }
        assert!(out.contains(r##"<a href="#">a</a>"##), "{out}");
    }
    // A resolver cannot smuggle one in either.
    let rendered = render("[a](a.md)", 1, &Options::default(), &mut |_| {
        LinkAction::Rewrite("javascript:x".into())
    });
    assert!(rendered.html.contains(r##"href="#""##));
}

#[test]
fn raw_html_links_are_resolved_and_rewritten() {
    let body = "Text\n\n<p>\n  <a class=x\n     href=\"../reps/jane.md\">Jane</a> <img src='chart.png'>\n</p>\n";
    let mut seen = Vec::new();
    let rendered = render(
        body,
        10,
        &Options {
            raw_html: RawHtml::Allow,
        },
        &mut |link| {
            seen.push((
                link.destination.to_string(),
                link.line,
                link.column,
                link.is_image,
            ));
            LinkAction::Rewrite(format!("/out/{}", link.destination))
        },
    );
    assert_eq!(
        seen,
        [
            ("../reps/jane.md".to_string(), 14, 6, false),
            ("chart.png".to_string(), 14, 43, true),
        ]
    );
    assert!(
        rendered
            .html
            .contains("href=\"/out/../reps/jane.md\">Jane</a>"),
        "{}",
        rendered.html
    );
    assert!(rendered.html.contains(r#"<img src="/out/chart.png">"#));
}

#[test]
fn inline_raw_html_links_are_resolved() {
    let body = "A <a href=\"b.md?x=1&amp;y=2\">b</a> c";
    assert_eq!(links(body, 1), [("b.md?x=1&y=2".to_string(), 1, 6, false)]);
    let rendered = render(
        body,
        1,
        &Options {
            raw_html: RawHtml::Allow,
        },
        &mut |_| LinkAction::Rewrite("b/index.html?x=1&y=2".into()),
    );
    assert!(
        rendered
            .html
            .contains(r#"<a href="b/index.html?x=1&amp;y=2">b</a>"#)
    );
}

#[test]
fn raw_html_inside_a_block_quote_keeps_its_position() {
    assert_eq!(
        links("> <div>\n> <a href=\"x.md\">x</a>\n> </div>", 1),
        [("x.md".to_string(), 2, 6, false)]
    );
}

#[test]
fn inline_html_spanning_lines_in_containers_keeps_its_position() {
    let body = "> a <a\n> href=\"x.md\">b</a>\n\n- item <img\n  src=\"y.png\">";
    assert_eq!(
        links(body, 1),
        [
            ("x.md".to_string(), 2, 3, false),
            ("y.png".to_string(), 5, 3, true),
        ]
    );
}

#[test]
fn denied_raw_html_has_no_links() {
    let rendered = render(
        "<a href=\"x.md\" id=\"top\">x</a>",
        1,
        &Options {
            raw_html: RawHtml::Deny,
        },
        &mut |_| panic!("text is not a link"),
    );
    assert!(rendered.anchors.is_empty());
}

// Anchors

#[test]
fn anchors_include_headings_footnotes_and_raw_html_ids() {
    let body = "## Agenda\n\nSee[^note].\n\n[^note]: A note.\n\n<div id=\"pricing\"><a name='old-name'></a></div>\n\nand <span id=inline>x</span>";
    let rendered = render_with(body, RawHtml::Sanitize);
    assert_eq!(
        rendered.anchors,
        ["agenda", "note", "pricing", "old-name", "inline"]
    );
    assert!(rendered.html.contains(r#"id="pricing""#));
    assert!(rendered.html.contains(r#"<a name="old-name">"#));
}

// Comments

#[test]
fn comments_never_reach_the_output() {
    let body = "Before <!-- inline [x](hidden.md) --> after\n\n\
                <!-- secret\n[link](hidden.md)\n<a href=\"hidden.md\" id=\"hidden\">\n-->\n\n\
                <div>kept<!-- a\nsecret --></div>\n\n\
                > <!--\n> secret\n> -->\n\nend <!----> <!--> x";
    for mode in ALL_MODES {
        let rendered = render(body, 1, &Options { raw_html: mode }, &mut |link| {
            panic!("{mode:?}: comment link {} resolved", link.destination)
        });
        let out = &rendered.html;
        for hidden in ["<!--", "--&gt;", "&lt;!--", "hidden", "secret"] {
            assert!(!out.contains(hidden), "{mode:?} leaked {hidden:?}: {out}");
        }
        assert!(
            out.contains("kept") && out.contains("after") && out.contains("end"),
            "{out}"
        );
        assert!(rendered.anchors.is_empty());
        assert!(!rendered.text.contains("hidden"));
    }
}

#[test]
fn an_unclosed_comment_hides_only_its_own_block() {
    let out = render_with("<!-- never closed\nsecret\n", RawHtml::Allow).html;
    assert!(!out.contains("secret"));
    let out = render_with("> <!-- never closed\n\nvisible", RawHtml::Sanitize).html;
    assert!(out.contains("visible"), "{out}");
}

// Raw HTML modes

#[test]
fn sanitize_keeps_handbook_markup() {
    let body = "\
| Stage | Win rate |
|:------|--------:|
| Demo  | 40% |

<details open><summary>Objections</summary>

- [x] price
- [ ] timing

</details>

<img src=\"team.png\" alt=\"Team\" width=\"200\" height=\"100\" title=\"Q3\">
<kbd>Ctrl</kbd> <mark>key</mark> H<sub>2</sub>O x<sup>2</sup>
<dl><dt>ACV</dt><dd>annual contract value</dd></dl>

```rust
let deal = 1;
```

> [!NOTE]
> Ask first.

Done[^1].

[^1]: Really.
";
    let out = html(body);
    for kept in [
        "<table>",
        r#"<th style="text-align:left">"#,
        r#"<td style="text-align:right">"#,
        "<details open=\"\"><summary>Objections</summary>",
        r#"<input type="checkbox" disabled="" checked="" aria-label="done">"#,
        r#"<img src="team.png" alt="Team" width="200" height="100" title="Q3">"#,
        "<kbd>Ctrl</kbd>",
        "<mark>key</mark>",
        "<sub>2</sub>",
        "<dl><dt>ACV</dt><dd>",
        r#"<code class="language-rust">"#,
        r#"<blockquote class="markdown-alert-note">"#,
        r##"<sup class="footnote-reference"><a href="#1">1</a></sup>"##,
        r#"<div class="footnote-definition" id="1">"#,
    ] {
        assert!(out.contains(kept), "lost {kept:?} in {out}");
    }
}

#[test]
fn sanitize_drops_scripts_handlers_and_unsafe_urls() {
    let body = "<script>alert(1)</script>\n\n\
                <img src=\"x.png\" onerror=\"alert(2)\">\n\
                <a href=\"javascript:alert(3)\">a</a> <a href=\"data:text/html,x\">b</a>\n\
                <img src=\"data:image/png;base64,AA\"><iframe src=\"https://evil\"></iframe>\n\
                <style>p { color: red }</style><p style=\"color: red\">p</p>\n\
                <td style=\"position: fixed; text-align: center\">";
    let out = html(body);
    for dropped in [
        "script",
        "alert",
        "onerror",
        "javascript",
        "data:",
        "iframe",
        "style>",
        "color",
        "fixed",
    ] {
        assert!(!out.contains(dropped), "kept {dropped:?} in {out}");
    }
    assert!(out.contains(r#"<img src="x.png">"#), "{out}");
}

#[test]
fn sanitize_keeps_relative_links_as_written() {
    let out = html("<a href=\"../reps/jane/index.html#strengths\" title=\"Jane\">Jane</a>");
    assert!(
        out.contains(r##"<a href="../reps/jane/index.html#strengths" title="Jane">Jane</a>"##),
        "{out}"
    );
}

#[test]
fn allow_passes_raw_html_through() {
    let out = render_with(
        "<div onclick=\"go()\">x</div>\n\n<script>x()</script>",
        RawHtml::Allow,
    )
    .html;
    assert!(out.contains("<div onclick=\"go()\">x</div>"));
    assert!(out.contains("<script>x()</script>"));
}

#[test]
fn deny_shows_raw_html_as_text() {
    let out = render_with(
        "<div class=\"x\">\nHi\n</div>\n\nA <b>bold</b> claim",
        RawHtml::Deny,
    )
    .html;
    assert_eq!(
        out,
        "<p>&lt;div class=\"x\"&gt;\nHi\n&lt;/div&gt;</p>\n<p>A &lt;b&gt;bold&lt;/b&gt; claim</p>\n"
    );
}

#[test]
fn template_syntax_is_plain_text() {
    let rendered = render_with(
        "Hello {{ page.title }} and {% include \"x\" %}",
        RawHtml::Sanitize,
    );
    assert_eq!(
        rendered.html,
        "<p>Hello {{ page.title }} and {% include \"x\" %}</p>\n"
    );
}

// Plain text

#[test]
fn first_heading_paragraph_and_text() {
    let body = "## Before\n\n# Weekly *sales* meeting\n\n![banner](b.png)\n\n- a list\n\n\
                The   agenda,\nin **order**.\n\nSecond paragraph.\n";
    let rendered = render_with(body, RawHtml::Sanitize);
    assert_eq!(
        rendered.first_heading.as_deref(),
        Some("Weekly sales meeting")
    );
    assert_eq!(
        rendered.first_paragraph.as_deref(),
        Some("The agenda, in order.")
    );
    assert_eq!(
        rendered.text,
        "Before Weekly sales meeting a list The agenda, in order. Second paragraph."
    );
}

#[test]
fn table_cells_stay_apart_in_the_text() {
    let body = "Before.\n\n| Ask | Give |\n|---|---|\n| Lower *price* | |\n| Free pilot | Paid |\n\nAfter.\n";
    let rendered = render_with(body, RawHtml::Sanitize);
    assert_eq!(
        rendered.text,
        "Before. Ask · Give · Lower price · Free pilot · Paid After."
    );
}

#[test]
fn text_includes_code_and_raw_html_text_but_not_scripts() {
    let body = "Use `crm sync`.\n\n<div>Call <b>first</b>&amp; listen<script>var a = '<a href=x>';</script></div>\n\n```\nlog call\n```";
    let rendered = render(
        body,
        1,
        &Options {
            raw_html: RawHtml::Allow,
        },
        &mut |link| panic!("script text resolved {}", link.destination),
    );
    assert_eq!(rendered.text, "Use crm sync. Call first& listen log call");
}

#[test]
fn pages_without_headings_or_paragraphs() {
    let rendered = render_with("", RawHtml::Sanitize);
    assert_eq!(rendered, Rendered::default());
    let rendered = render_with("- only\n- a list", RawHtml::Sanitize);
    assert_eq!(rendered.first_heading, None);
    assert_eq!(rendered.first_paragraph, None);
}

// Adversarial input: none of these may panic, and all must finish.

#[test]
fn deep_nesting_does_not_panic() {
    for body in [
        ">".repeat(50_000),
        "- ".repeat(20_000),
        "[".repeat(50_000) + &"](x)".repeat(10_000),
        "*a **".repeat(20_000),
        "<div>".repeat(3_000),
        "<a href='x'>".repeat(5_000) + &"</b>".repeat(5_000),
    ] {
        for mode in ALL_MODES {
            render_with(&body, mode);
        }
    }
}

#[test]
fn broken_html_does_not_panic() {
    for body in [
        "<",
        "<a",
        "<a href",
        "<a href=",
        "<a href=\"",
        "<a href='x",
        "<a =x>",
        "</",
        "<!--",
        "<!-->",
        "<!--->",
        "<a href=\"&#xFFFFFFFF;&#0;&;&#x;\">",
        "<div\n",
        "<img src=é>",
        "<a\u{0}href=x>",
        "\u{FEFF}<p>é<!--é",
        "<script>",
        "<a href='ü' id=''>",
        "# <a href=x id=y>\n",
    ] {
        for mode in ALL_MODES {
            render(body, 0, &Options { raw_html: mode }, &mut |link| {
                LinkAction::Rewrite(link.destination.repeat(2))
            });
        }
    }
}

#[test]
fn large_pages_render() {
    let body = "## Section\n\nSome *text* with [a link](other.md#x).\n\n".repeat(5_000);
    let rendered = render_with(&body, RawHtml::Sanitize);
    assert_eq!(rendered.headings.len(), 5_000);
    assert_eq!(rendered.headings[4_999].id, "section-4999");
}

#[test]
fn crlf_line_endings_count_lines_once() {
    assert_eq!(
        links("Intro\r\n\r\nSee [x](x.md)\r\n", 1),
        [("x.md".to_string(), 3, 5, false)]
    );
}

#[test]
fn heading_ids_skip_raw_html_tags_and_image_text() {
    let rendered = render_with(
        "## Call <em>first</em> ![icon](i.png) now",
        RawHtml::Sanitize,
    );
    assert_eq!(rendered.headings[0].id, "call-first--now");
    assert_eq!(rendered.headings[0].text, "Call first now");
    assert!(
        rendered.html.contains(
            r#"<h2 id="call-first--now">Call <em>first</em> <img src="i.png" alt="icon"> now</h2>"#
        ),
        "{}",
        rendered.html
    );
}

#[test]
fn raw_html_nested_too_deeply_to_clean_keeps_only_its_text() {
    let depth = 5000;
    let body = format!(
        "Intro\n\n{}<script>alert(1)</script>deep <b>text</b> &lt;x{}\n",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let started = std::time::Instant::now();
    let rendered = render_with(&body, RawHtml::Sanitize);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert!(rendered.tags_dropped);
    assert!(!rendered.html.contains('<'), "{}", &rendered.html[..200]);
    assert!(rendered.html.contains("deep text &lt;x"));
    // Ordinary nesting is cleaned as always.
    let shallow = render_with("<div><div><b>x</b></div></div>\n", RawHtml::Sanitize);
    assert!(!shallow.tags_dropped);
    assert!(shallow.html.contains("<b>x</b>"));
}

#[test]
fn a_comment_left_open_in_text_hides_the_rest_of_its_block() {
    for mode in [RawHtml::Sanitize, RawHtml::Allow, RawHtml::Deny] {
        let rendered = render_with(
            "Done. <!-- ask *Bo* about\nthe [discount](gone.md)\n\nNext *one <!-- x* y\n\n`<!-- code`\n\n```\n<!-- fenced\n```\n\n\\<!-- shown\n",
            mode,
        );
        let html = &rendered.html;
        assert!(html.contains("<p>Done. </p>"), "{html}");
        assert!(!html.contains("Bo") && !html.contains("discount"), "{html}");
        assert!(html.contains("<p>Next <em>one </em></p>"), "{html}");
        assert!(!html.contains(" y"), "{html}");
        assert!(html.contains("<code>&lt;!-- code</code>"), "{html}");
        assert!(html.contains("&lt;!-- fenced"), "{html}");
        assert!(html.contains("&lt;!-- shown"), "{html}");
        assert!(!rendered.text.contains("Bo"), "{}", rendered.text);
    }
}

// Other tools' conventions

#[test]
fn unlinked_links_keep_their_text_and_say_why() {
    let body = "See [the plan](gone.md) and ![chart](gone.png) and <a href=\"x\">raw</a>.";
    let rendered = render(body, 1, &Options::default(), &mut |_| LinkAction::Unlink {
        reason: "broken link: <gone>".into(),
    });
    assert!(
        rendered.html.contains(
            r#"<span class="broken-link" title="broken link: &lt;gone&gt;">the plan</span>"#
        ),
        "{}",
        rendered.html
    );
    assert!(
        rendered
            .html
            .contains(r#"title="broken link: &lt;gone&gt;">chart</span>"#)
    );
    assert!(!rendered.html.contains("gone.md") && !rendered.html.contains("gone.png"));
    assert!(!rendered.html.contains("href=\"x\""), "{}", rendered.html);
}

#[test]
fn github_alerts_render_as_callouts_with_a_title() {
    for (marker, class, title) in [
        ("NOTE", "note", "Note"),
        ("TIP", "tip", "Tip"),
        ("IMPORTANT", "important", "Important"),
        ("WARNING", "warning", "Warning"),
        ("CAUTION", "caution", "Caution"),
    ] {
        let out = html(&format!("> [!{marker}]\n> Read this.\n"));
        assert!(
            out.contains(&format!(
                "<blockquote class=\"markdown-alert-{class}\">\n<p class=\"markdown-alert-title\">{title}</p>"
            )),
            "{out}"
        );
        assert!(!out.contains(&format!("[!{marker}]")), "{out}");
    }
}

#[test]
fn hugo_details_render_as_details_in_every_mode_and_other_shortcodes_stay_text() {
    let body = "{{% details \"Who is eligible?\" %}}\nEveryone *in sales*.\n{{% /details %}}\n\n{{< youtube abc >}}\n";
    for mode in ALL_MODES {
        let out = render_with(body, mode).html;
        assert!(
            out.contains("<details><summary>Who is eligible?</summary>"),
            "{mode:?}: {out}"
        );
        assert!(
            out.contains("<em>in sales</em>") && out.contains("</details>"),
            "{out}"
        );
        assert!(out.contains("{{&lt; youtube abc &gt;}}"), "{out}");
    }
}

#[test]
fn wikilinks_and_refs_reach_the_resolver_at_their_place() {
    let mut seen = Vec::new();
    let body = "Ask [[Team Page#Who is eligible|the team]].\n[x]({{< relref \"about.md#y\" >}}) [z](z.md)\n";
    render(body, 3, &Options::default(), &mut |link| {
        seen.push((
            link.destination.to_string(),
            link.line,
            link.column,
            link.is_wikilink,
        ));
        LinkAction::Keep
    });
    assert_eq!(
        seen,
        [
            ("Team Page#Who is eligible".to_string(), 3, 5, true),
            ("huddle-ref:about.md#y".to_string(), 4, 1, false),
            ("z.md".to_string(), 4, 34, false),
        ]
    );
}
