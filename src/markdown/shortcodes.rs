//! Hugo shortcodes that a migrated handbook leans on, rewritten before
//! parsing. Everything else in `{{< >}}` / `{{% %}}` stays text, as it is
//! never run through a template engine.
//!
//! - `{{< ref "x" >}}` and `{{< relref "x#y" >}}` in a link destination
//!   become `huddle-ref:x#y`, which the link resolver finds by path or by
//!   unique file name, as Hugo does.
//! - `{{% details "Title" %}}…{{% /details %}}` becomes `<details>` with a
//!   `<summary>`, the Markdown inside still Markdown.
//!
//! The rewrite changes lengths, so it records where each one ends, and
//! positions are mapped back to the body as written.

/// The scheme a rewritten `ref` shortcode carries to the link resolver.
pub const REF_SCHEME: &str = "huddle-ref:";

pub(super) struct Rewritten {
    pub text: String,
    /// (offset in `text` where a rewrite ends, the same place in the body).
    pub shifts: Vec<(usize, usize)>,
    /// Offsets in `text` of the HTML blocks written here, ascending.
    pub trusted_html: Vec<usize>,
}

/// The body with its shortcodes rewritten; None when it has none (most pages).
pub(super) fn rewrite(body: &str) -> Option<Rewritten> {
    if !body.contains("{{<") && !body.contains("{{%") {
        return None;
    }
    let mut out = Rewritten {
        text: String::with_capacity(body.len() + 64),
        shifts: Vec::new(),
        trusted_html: Vec::new(),
    };
    let mut copied = 0;
    let mut search = 0;
    while let Some(found) = body[search..].find("{{") {
        let start = search + found;
        search = start + 2;
        let Some(shortcode) = parse(&body[start..]) else {
            continue;
        };
        let end = start + shortcode.length;
        let replacement = match shortcode.name {
            "ref" | "relref" if in_destination(&body[..start]) => {
                let Some(target) = shortcode.argument else {
                    continue;
                };
                format!("{REF_SCHEME}{}", target.replace(' ', "%20"))
            }
            "details" => {
                let title = shortcode.argument.unwrap_or("Details");
                let mut html = String::from("\n\n");
                out.trusted_html
                    .push(out.text.len() + (start - copied) + html.len());
                html.push_str("<details><summary>");
                for c in title.chars() {
                    match c {
                        '<' => html.push_str("&lt;"),
                        '>' => html.push_str("&gt;"),
                        '&' => html.push_str("&amp;"),
                        '"' => html.push_str("&quot;"),
                        c => html.push(c),
                    }
                }
                html.push_str("</summary>\n\n");
                html
            }
            "/details" => {
                out.trusted_html.push(out.text.len() + (start - copied) + 2);
                "\n\n</details>\n\n".to_string()
            }
            _ => continue,
        };
        out.text.push_str(&body[copied..start]);
        out.text.push_str(&replacement);
        copied = end;
        search = end;
        out.shifts.push((out.text.len(), end));
    }
    if out.shifts.is_empty() {
        return None;
    }
    out.text.push_str(&body[copied..]);
    Some(out)
}

/// Maps an offset in the rewritten text back to the body as written.
pub(super) fn original_offset(shifts: &[(usize, usize)], offset: usize) -> usize {
    let index = shifts.partition_point(|&(end, _)| end <= offset);
    match index.checked_sub(1).map(|index| shifts[index]) {
        Some((end, original)) => original + (offset - end),
        None => offset,
    }
}

struct Shortcode<'a> {
    name: &'a str,
    /// The first argument, unquoted, or a `title=` argument.
    argument: Option<&'a str>,
    /// Bytes from `{{` to the closing `}}`.
    length: usize,
}

/// `{{< name "arg" >}}` or `{{% name arg %}}` at the start of `text`.
fn parse(text: &str) -> Option<Shortcode<'_>> {
    let delimiter = match text.as_bytes().get(2)? {
        b'<' => '>',
        b'%' => '%',
        _ => return None,
    };
    let close = format!("{delimiter}}}}}");
    let line_end = text.find('\n').unwrap_or(text.len());
    let inner_end = text[..line_end].find(&close)?;
    let inner = text[3..inner_end].trim();
    let (name, rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    let rest = rest.trim();
    let rest = rest
        .strip_prefix("title=")
        .or_else(|| rest.strip_prefix("title ="))
        .unwrap_or(rest)
        .trim_start();
    let argument = match rest.chars().next() {
        Some(quote @ ('"' | '\'' | '`')) => rest[1..].split(quote).next(),
        Some(_) => rest.split_whitespace().next(),
        None => None,
    };
    Some(Shortcode {
        name,
        argument,
        length: inner_end + close.len(),
    })
}

/// Whether a shortcode starting after `before` stands where a link's
/// address goes: `](`, `]: ` or an HTML `href="`.
fn in_destination(before: &str) -> bool {
    let before = before.trim_end_matches([' ', '<']);
    before.ends_with("](")
        || before.ends_with("]:")
        || before.ends_with("=\"")
        || before.ends_with("='")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_in_destinations_are_rewritten_and_positions_map_back() {
        let body = "See [a]({{< ref \"team/about.md\" >}}) and [b]({{< relref \"x#y\" >}}).";
        let rewritten = rewrite(body).unwrap();
        assert_eq!(
            rewritten.text,
            "See [a](huddle-ref:team/about.md) and [b](huddle-ref:x#y)."
        );
        let at = rewritten.text.find(" and").unwrap();
        assert_eq!(
            original_offset(&rewritten.shifts, at),
            body.find(" and").unwrap()
        );
        assert!(rewrite("Text {{< ref \"x\" >}} and {{< youtube abc >}}").is_none());
    }

    #[test]
    fn details_become_html_blocks() {
        let body = "{{% details \"Why <this>?\" %}}\nBody *md*\n{{% /details %}}\n";
        let rewritten = rewrite(body).unwrap();
        assert!(rewritten.text.contains(
            "<details><summary>Why &lt;this&gt;?</summary>\n\n\nBody *md*\n\n\n</details>"
        ));
        for at in &rewritten.trusted_html {
            assert!(rewritten.text[*at..].starts_with("<"), "{at}");
        }
    }
}
