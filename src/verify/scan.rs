//! One pass over an HTML file's tags, enough HTML to find its links and
//! ids as a browser would read them: comments, `<!…>`, end tags and the
//! text of `<script>` and `<style>` are skipped, attribute values have
//! their entities decoded. It allocates only for the values it keeps.

use std::borrow::Cow;

/// A link as an HTML file holds it.
#[derive(Debug)]
pub(super) struct Link<'a> {
    /// The attribute's value, entities decoded.
    pub(super) value: Cow<'a, str>,
    /// `src` or a `<link>`: the browser loads it with the page.
    pub(super) loads: bool,
}

/// What one HTML file links to, and the ids (and names) it offers.
#[derive(Debug, Default)]
pub(super) struct Scanned<'a> {
    pub(super) links: Vec<Link<'a>>,
    /// Hashes of the ids (and names), sorted: 8 bytes each rather than the
    /// text, as a large site's ids are kept until every file is checked.
    pub(super) ids: Vec<u64>,
}

/// One pass over an HTML file's tags: enough HTML to find attributes (comments,
/// `<!…>`, end tags and the text of `<script>` and `<style>` are skipped).
/// It allocates only for the values it keeps: at 10,000 pages it reads
/// about 100 MB.
pub(super) fn scan(html: &[u8]) -> Scanned<'_> {
    let mut scanned = Scanned::default();
    // Checked once for the file, not for each value.
    let text = std::str::from_utf8(html).ok();
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'<', &html[at..]) {
        at += found + 1;
        let rest = &html[at..];
        if rest.starts_with(b"!--") {
            at += find(&rest[3..], b"-->").map_or(rest.len(), |end| end + 6);
            continue;
        }
        if !rest.first().is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = rest
            .iter()
            .position(|byte| !byte.is_ascii_alphanumeric() && *byte != b'-')
            .unwrap_or(rest.len());
        let tag = Tag::of(&rest[..name_end]);
        at = read_attributes(html, at + name_end, tag, text, &mut scanned);
        let close: &[u8] = match tag {
            Tag::Script => b"</script",
            Tag::Style => b"</style",
            _ => continue,
        };
        at += find_ignoring_case(&html[at..], close).unwrap_or(html.len() - at);
    }
    scanned.ids.sort_unstable();
    scanned.ids.dedup();
    scanned
}

/// The tags whose attributes or text the scan treats apart.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// `<a href>`: followed, not loaded.
    Anchor,
    /// `<link href>`, `<img src>`, `<iframe src>`, `<source src>`: loaded with the page.
    Loads,
    /// `<script src>`, whose text is skipped too.
    Script,
    /// `<style>`, whose text is skipped.
    Style,
    Other,
}

impl Tag {
    fn of(name: &[u8]) -> Tag {
        let is = |known: &[u8]| name.eq_ignore_ascii_case(known);
        if is(b"a") {
            Tag::Anchor
        } else if is(b"link") || is(b"img") || is(b"iframe") || is(b"source") {
            Tag::Loads
        } else if is(b"script") {
            Tag::Script
        } else if is(b"style") {
            Tag::Style
        } else {
            Tag::Other
        }
    }

    /// Whether the attribute `name` holds a link on this tag.
    fn links_with(self, name: &[u8]) -> bool {
        match self {
            Tag::Anchor => name.eq_ignore_ascii_case(b"href"),
            Tag::Loads => name.eq_ignore_ascii_case(b"href") || name.eq_ignore_ascii_case(b"src"),
            Tag::Script => name.eq_ignore_ascii_case(b"src"),
            Tag::Style | Tag::Other => false,
        }
    }
}

/// Reads a start tag's attributes from `at` to its `>`; returns where the tag ends.
/// The bytes that end an attribute's name: white space, `=`, `>`, `/`. A
/// table, because this loop reads most of the bytes inside tags.
const ENDS_NAME: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_whitespace() || b == b'=' || b == b'>' || b == b'/';
        byte += 1;
    }
    table
};

fn read_attributes<'a>(
    html: &'a [u8],
    mut at: usize,
    tag: Tag,
    text: Option<&'a str>,
    scanned: &mut Scanned<'a>,
) -> usize {
    let skip_space = |mut at: usize| {
        while at < html.len() && html[at].is_ascii_whitespace() {
            at += 1;
        }
        at
    };
    let first_link = scanned.links.len();
    // `<link rel="canonical">` (a redirect page's) names the page's address
    // for search engines; nothing is loaded from it.
    let mut names_only = false;
    loop {
        while at < html.len() && (html[at].is_ascii_whitespace() || html[at] == b'/') {
            at += 1;
        }
        let end = match html.get(at) {
            None => Some(at),
            Some(b'>') => Some(at + 1),
            Some(_) => None,
        };
        if let Some(end) = end {
            if names_only {
                for link in &mut scanned.links[first_link..] {
                    link.loads = false;
                }
            }
            return end;
        }
        let start = at;
        at += html[at..]
            .iter()
            .position(|&byte| ENDS_NAME[usize::from(byte)])
            .unwrap_or(html.len() - at);
        let name = &html[start..at];
        at = skip_space(at);
        if html.get(at) != Some(&b'=') {
            continue;
        }
        at = skip_space(at + 1);
        let (value_start, value_end) = match html.get(at) {
            Some(&quote @ (b'"' | b'\'')) => {
                let end = find_byte(quote, &html[at + 1..]).map_or(html.len(), |end| at + 1 + end);
                let start = at + 1;
                at = (end + 1).min(html.len());
                (start, end)
            }
            _ => {
                let start = at;
                while at < html.len() && !html[at].is_ascii_whitespace() && html[at] != b'>' {
                    at += 1;
                }
                (start, at)
            }
        };
        let value = &html[value_start..value_end];
        let text = || decode_entities(utf8(text, value_start, value_end, value));
        if tag == Tag::Loads && name.eq_ignore_ascii_case(b"rel") {
            names_only = value.eq_ignore_ascii_case(b"canonical");
        } else if name.eq_ignore_ascii_case(b"id") || name.eq_ignore_ascii_case(b"name") {
            scanned.ids.push(id_hash(&text()));
        } else if tag.links_with(name) {
            let loads = tag != Tag::Anchor;
            scanned.links.push(Link {
                value: text(),
                loads,
            });
        }
    }
}

/// What the check compares ids by.
pub(super) fn id_hash(id: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id.as_bytes())
}

/// An attribute's text, `start..end` of the file. huddle writes UTF-8, so
/// the file is checked once (`text`) rather than each value, and the lossy
/// path is the rare one.
fn utf8<'a>(text: Option<&'a str>, start: usize, end: usize, value: &'a [u8]) -> Cow<'a, str> {
    // A value ends at an ASCII quote, space or `>`, never inside a character.
    match text.and_then(|text| text.get(start..end)) {
        Some(value) => Cow::Borrowed(value),
        None => String::from_utf8_lossy(value),
    }
}

/// `memchr` for the short runs between the bytes the scan looks for, where
/// setting up its vector search costs more than a plain look at each byte.
fn find_byte(needle: u8, haystack: &[u8]) -> Option<usize> {
    const SHORT: usize = 32;
    let head = &haystack[..haystack.len().min(SHORT)];
    match head.iter().position(|&byte| byte == needle) {
        Some(at) => Some(at),
        None if haystack.len() <= SHORT => None,
        None => memchr::memchr(needle, &haystack[SHORT..]).map(|at| at + SHORT),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// Where `needle` (which starts with `<`) first occurs in any case.
fn find_ignoring_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(found) = memchr::memchr(needle[0], &haystack[at..]) {
        let start = at + found;
        let candidate = haystack.get(start..start + needle.len())?;
        if candidate.eq_ignore_ascii_case(needle) {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

/// `&amp;`, `&quot;`, `&#39;` and friends, as an attribute value holds them.
fn decode_entities(text: Cow<'_, str>) -> Cow<'_, str> {
    if memchr::memchr(b'&', text.as_bytes()).is_none() {
        return text;
    }
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text.as_ref();
    while let Some(at) = rest.find('&') {
        decoded.push_str(&rest[..at]);
        rest = &rest[at..];
        let entity = rest[1..]
            .find(';')
            .map(|end| &rest[1..1 + end])
            .filter(|entity| entity.len() <= 8);
        let character = entity.and_then(|entity| match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => {
                let number = entity.strip_prefix('#')?;
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => number.parse().ok()?,
                };
                char::from_u32(code)
            }
        });
        match (character, entity) {
            (Some(character), Some(entity)) => {
                decoded.push(character);
                rest = &rest[entity.len() + 2..];
            }
            _ => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    Cow::Owned(decoded)
}
