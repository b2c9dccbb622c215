//! Raw HTML inside Markdown, read just well enough to find comments, tags
//! and their attributes; and the allow-list that cleans it.
//!
//! A full HTML parser would cost a tree per page for what is, in a handbook,
//! a `<details>` here and an `<img width>` there. The reader is lenient the
//! way browsers are: an unclosed tag or quote runs to the end of its text.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

/// A run of raw HTML, by byte range.
pub(super) enum Piece {
    /// Text between tags, including a `<` that starts no tag.
    Text(Range<usize>),
    /// A comment with its delimiters.
    Comment(Range<usize>),
    Tag(Tag),
}

pub(super) struct Tag {
    pub name: Range<usize>,
    pub closing: bool,
    pub attributes: Vec<Attribute>,
}

pub(super) struct Attribute {
    pub name: Range<usize>,
    /// The value without its quotes.
    pub value: Option<Range<usize>>,
    /// The value with its quotes: what a rewrite replaces.
    pub quoted_value: Range<usize>,
}

/// Splits `html` into text, comments and tags. Declarations (`<!DOCTYPE`)
/// and processing instructions come out as text.
pub(super) fn pieces(html: &str) -> impl Iterator<Item = Piece> + '_ {
    let mut position = 0;
    std::iter::from_fn(move || {
        if position >= html.len() {
            return None;
        }
        let start = position;
        let Some(found) = html[start..].find('<') else {
            position = html.len();
            return Some(Piece::Text(start..position));
        };
        if found > 0 {
            position = start + found;
            return Some(Piece::Text(start..position));
        }
        if html[start..].starts_with("<!--") {
            position = comment_end(html, start);
            return Some(Piece::Comment(start..position));
        }
        match scan_tag(html, start) {
            Some((tag, end)) => {
                position = end;
                Some(Piece::Tag(tag))
            }
            None => {
                position = start + 1;
                Some(Piece::Text(start..position))
            }
        }
    })
}

pub(super) fn strip_comments(html: &str) -> Cow<'_, str> {
    if !html.contains("<!--") {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    for piece in pieces(html) {
        if let Piece::Comment(comment) = piece {
            out.push_str(&html[copied..comment.start]);
            copied = comment.end;
        }
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Decodes the entities a URL, an id or a line of text is likely to hold;
/// others stay as written.
pub(super) fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(ampersand) = rest.find('&') {
        out.push_str(&rest[..ampersand]);
        rest = &rest[ampersand..];
        let entity = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let decoded = match &rest[1..end] {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{A0}'),
                name => match name.strip_prefix('#') {
                    Some(hex) if hex.starts_with(['x', 'X']) => u32::from_str_radix(&hex[1..], 16)
                        .ok()
                        .and_then(char::from_u32),
                    Some(decimal) => decimal.parse().ok().and_then(char::from_u32),
                    None => None,
                },
            };
            decoded.map(|c| (c, end + 1))
        });
        let (c, length) = entity.unwrap_or(('&', 1));
        out.push(c);
        rest = &rest[length..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

pub(super) fn escape_attribute(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

/// How deeply the elements of `html` nest, counting the tags as written:
/// void elements and those whose end tag may be left out (`<p>`, `<li>`)
/// do not count, since a parser closes them itself.
pub(super) fn nesting_depth(html: &str) -> usize {
    const NOT_NESTING: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt",
        "rp", "thead", "tbody", "tfoot", "colgroup", "caption",
    ];
    let mut depth: usize = 0;
    let mut deepest = 0;
    for piece in pieces(html) {
        let Piece::Tag(tag) = piece else {
            continue;
        };
        let name = &html[tag.name];
        if NOT_NESTING
            .iter()
            .any(|element| element.eq_ignore_ascii_case(name))
        {
            continue;
        }
        if tag.closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// The text of `html` without any tag or comment, still escaped: what is
/// left of a page too deeply nested to clean.
pub(super) fn text_only(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    for piece in pieces(html) {
        if let Piece::Text(text) = piece {
            // A `<` that starts no tag is text, and must stay text.
            out.push_str(&html[text].replace('<', "&lt;"));
        }
    }
    out
}

/// Cleans a rendered page by the allow-list of `markdown.raw_html: sanitize`.
pub(super) fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// Keeps what pulldown-cmark emits and what handbooks write by hand. Built
/// once: a builder holds a dozen hash sets.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(&["input"])
        // Anchors that link checking accepted must survive cleaning.
        .add_generic_attributes(&["id"])
        .add_tag_attributes("a", &["name"])
        // Task-list checkboxes, and nothing else an `<input>` could be.
        .add_tag_attributes("input", &["checked", "disabled", "aria-label"])
        .add_tag_attribute_values("input", "type", &["checkbox"])
        .add_tag_attributes("details", &["open"])
        // Lazy loading for every image but a page's first (`images.rs`).
        .add_tag_attributes("img", &["loading"])
        .add_tag_attributes("th", &["style"])
        .add_tag_attributes("td", &["style"])
        .filter_style_properties(["text-align"].into())
        // Code languages, footnotes, alerts and `{.class}` on headings.
        .add_tag_attributes("code", &["class"])
        .add_tag_attributes("div", &["class"])
        // Tables and code blocks scroll in named, focusable regions (`regions.rs`).
        .add_tag_attributes("div", &["role", "aria-label", "tabindex"])
        .add_tag_attributes("pre", &["role", "aria-label", "tabindex"])
        .add_tag_attributes("sup", &["class"])
        .add_tag_attributes("blockquote", &["class"])
        .add_tag_attributes("span", &["class"]);
    for heading in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        builder.add_tag_attributes(heading, &["class"]);
    }
    // Relative links are what the link rewriter produces; a `rel` would only
    // add noise to every internal link. `data:` is not in ammonia's schemes.
    builder
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None);
    builder
});

/// End of the comment opening at `start`: after `-->`, after the abrupt
/// `<!-->` / `<!--->`, or at the end of the text (browsers hide the rest).
fn comment_end(html: &str, start: usize) -> usize {
    let after = start + "<!--".len();
    let rest = &html[after..];
    if rest.starts_with('>') {
        after + 1
    } else if rest.starts_with("->") {
        after + 2
    } else {
        rest.find("-->").map_or(html.len(), |end| after + end + 3)
    }
}

/// Reads the tag opening at `start`, if one does: `<` or `</` and a letter.
/// Returns it with the offset just past it.
fn scan_tag(html: &str, start: usize) -> Option<(Tag, usize)> {
    let bytes = html.as_bytes();
    let at = |i: usize, test: &dyn Fn(u8) -> bool| bytes.get(i).is_some_and(|&b| test(b));
    let mut i = start + 1;
    let closing = at(i, &|b| b == b'/');
    if closing {
        i += 1;
    }
    if !at(i, &|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let name_start = i;
    while at(i, &|b| b.is_ascii_alphanumeric() || b == b'-' || b == b':') {
        i += 1;
    }
    let name = name_start..i;
    let separator = |b: u8| b.is_ascii_whitespace() || b == b'/';
    let mut attributes = Vec::new();
    loop {
        while at(i, &separator) {
            i += 1;
        }
        match bytes.get(i) {
            None => break,
            Some(b'>') => {
                i += 1;
                break;
            }
            Some(_) => {}
        }
        let name_start = i;
        i += 1; // a stray `=` or quote starts a name, as in browsers
        while at(i, &|b| !separator(b) && b != b'>' && b != b'=') {
            i += 1;
        }
        let name = name_start..i;
        let mut j = i;
        while at(j, &|b| b.is_ascii_whitespace()) {
            j += 1;
        }
        if !at(j, &|b| b == b'=') {
            attributes.push(Attribute {
                name,
                value: None,
                quoted_value: i..i,
            });
            continue;
        }
        j += 1;
        while at(j, &|b| b.is_ascii_whitespace()) {
            j += 1;
        }
        let value = match bytes.get(j) {
            Some(&quote @ (b'"' | b'\'')) => {
                let end = html[j + 1..]
                    .find(quote as char)
                    .map_or(html.len(), |k| j + 1 + k);
                i = (end + 1).min(html.len());
                j + 1..end
            }
            _ => {
                let end = html[j..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(html.len(), |k| j + k);
                i = end;
                j..end
            }
        };
        attributes.push(Attribute {
            name,
            value: Some(value),
            quoted_value: j..i,
        });
    }
    Some((
        Tag {
            name,
            closing,
            attributes,
        },
        i,
    ))
}
