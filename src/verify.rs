//! The built site checked as a reader's browser will follow it: every
//! `href` and `src` in every output HTML file leads to a file of the output,
//! every `#fragment` to an id in its target, no link is root-absolute (it
//! would break under a sub-path) or ends at a folder (a directory listing
//! from `file://`), and nothing is loaded from another host.
//!
//! It runs on the rendered output in memory, after the render stage: one
//! pass over each HTML file's bytes, in parallel. `huddle build` and
//! `huddle check` run it (see [`check_templates`]); the tests run
//! [`find_problems`] on every output they write.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::output::Contents;
use crate::render;
use crate::site::Site;
use crate::theme::Theme;

/// What is wrong with one link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Leads to no file of the output.
    Broken,
    /// The target exists but no element carries this id.
    NoSuchId(String),
    /// Starts with `/`.
    RootAbsolute,
    /// Ends at a folder, which `file://` shows as a listing.
    Folder,
    /// A script, style, image or frame from another host.
    Remote,
}

/// One bad link in one output file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkProblem {
    /// The output file holding the link (`stories/big-win/index.html`).
    pub page: String,
    /// The link as written in the HTML.
    pub href: String,
    pub problem: Problem,
}

impl fmt::Display for LinkProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (page, href) = (&self.page, &self.href);
        match &self.problem {
            Problem::Broken => write!(f, "{page}: broken link: {href}"),
            Problem::NoSuchId(id) => write!(f, "{page}: no element has id '{id}': {href}"),
            Problem::RootAbsolute => write!(
                f,
                "{page}: root-absolute link (breaks under a sub-path): {href}"
            ),
            Problem::Folder => write!(
                f,
                "{page}: link ends at a folder (no page from file://): {href}"
            ),
            Problem::Remote => write!(f, "{page}: loads from another host: {href}"),
        }
    }
}

/// How the site's links are meant to look.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    /// `pretty_links: true`: links end at folders on purpose (a web server
    /// answers them with the folder's `index.html`).
    pub folder_links: bool,
    /// The path of `base_url` (`/wiki/`). `404.html` alone may use links
    /// rooted there: a server shows it at any address.
    pub base_path: Option<String>,
}

/// Every problem in a built site. `files` holds every output path; the
/// value is the file's bytes when it is HTML to check, `None` for other
/// files (and for HTML whose bytes are not at hand: its ids are then not
/// checked). Sorted by page, then in the page's order.
pub fn find_problems(files: &BTreeMap<&str, Option<&[u8]>>, rules: &Rules) -> Vec<LinkProblem> {
    let scanned: HashMap<&str, Scanned> = files
        .par_iter()
        .filter(|(path, bytes)| bytes.is_some() && path.ends_with(".html"))
        .map(|(path, bytes)| (*path, scan(bytes.unwrap_or_default())))
        .collect();
    let output = Output {
        files,
        paths: files.keys().copied().collect(),
        scanned: &scanned,
        rules,
    };
    let mut problems: Vec<LinkProblem> = files
        .par_iter()
        .filter_map(|(path, _)| scanned.get(path).map(|page| (*path, page)))
        .map_init(Resolved::default, |resolved, (path, page)| {
            page.links
                .iter()
                .filter_map(|link| {
                    let problem = output.link_problem(path, link, resolved)?;
                    Some(LinkProblem {
                        page: path.to_string(),
                        href: link.value.to_string(),
                        problem,
                    })
                })
                .collect::<Vec<_>>()
        })
        .flatten_iter()
        .collect();
    // par_iter over a BTreeMap keeps the order; the sort only makes it certain.
    problems.sort_by(|a, b| a.page.cmp(&b.page));
    problems
}

/// The check `huddle build` and `huddle check` run on a rendered site:
/// an error for each bad link that a template wrote, naming the template
/// and the page. Links that come from the page's content are left out: its
/// Markdown's links (the links stage has already reported each at its file,
/// line and column) and a rep's `photo:` (an author's path or URL).
pub fn check_templates(
    site: &Site,
    theme: &Theme,
    outputs: &BTreeMap<String, Contents>,
) -> Vec<Diagnostic> {
    let files: BTreeMap<&str, Option<&[u8]>> = outputs
        .iter()
        .map(|(path, contents)| {
            let bytes = match contents {
                Contents::Bytes(bytes) => Some(&bytes[..]),
                Contents::Copy(_) => None,
            };
            (path.as_str(), bytes)
        })
        .collect();
    let rules = Rules {
        folder_links: site.config.pretty_links,
        base_path: Some(site.config.base_url.as_str())
            .filter(|base_url| !base_url.is_empty())
            .map(url_path),
    };
    let problems = find_problems(&files, &rules);
    if problems.is_empty() {
        return Vec::new();
    }
    // Only on the cold path: what each page's Markdown linked to, and
    // which template wrote each page.
    let mut from_content: HashMap<&str, HashSet<String>> = HashMap::new();
    for page in site.pages.iter() {
        let links = scan(page.content.as_bytes()).links;
        let known = from_content
            .entry(page.file.output_path.as_str())
            .or_default();
        known.extend(links.into_iter().map(|link| link.value.into_owned()));
        // A rep's `photo:` is the author's path (or URL), not the theme's.
        known.extend(
            page.front_matter
                .photo
                .iter()
                .map(|photo| last_segment(photo)),
        );
    }
    let templates: HashMap<String, (&str, String)> = render::html_jobs(site)
        .into_iter()
        .filter_map(|job| {
            Some((
                render::job_path(site, job),
                render::job_template(site, job)?,
            ))
        })
        .collect();
    problems
        .into_iter()
        .filter(|problem| {
            !from_content
                .get(problem.page.as_str())
                .is_some_and(|links| {
                    links.contains(&problem.href) || links.contains(&last_segment(&problem.href))
                })
        })
        .map(|problem| template_error(&problem, templates.get(&problem.page), theme))
        .collect()
}

fn template_error(
    problem: &LinkProblem,
    template: Option<&(&str, String)>,
    theme: &Theme,
) -> Diagnostic {
    let what = match &problem.problem {
        Problem::Broken => "leads to no file of the output".to_string(),
        Problem::NoSuchId(id) => format!("points at `#{id}`, which no element of its target has"),
        Problem::RootAbsolute => "is root-absolute and breaks under a sub-path".to_string(),
        Problem::Folder => "ends at a folder, which shows no page from file://".to_string(),
        Problem::Remote => "loads from another host".to_string(),
    };
    let Some((template, page)) = template else {
        return Diagnostic::error(format!(
            "link `{}` in {} {what}",
            problem.href, problem.page
        ));
    };
    Diagnostic::error(format!(
        "link `{}` written by template `{template}` {what} (while rendering {page}, {})",
        problem.href, problem.page
    ))
    .in_file(theme.origin(template).0)
    .with_help(
        "fix the link in the template or one it extends or includes; \
         build links from `{{ root }}` and `current_url`",
    )
}

/// The file name a path or URL ends with, percent-decoded.
fn last_segment(link: &str) -> String {
    let path = link.split(['#', '?']).next().unwrap_or_default();
    let name = path.rsplit('/').next().unwrap_or_default();
    percent_decode(name).into_owned()
}

/// `/wiki/` of `https://wiki.example.com/wiki/`.
fn url_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("//").map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |at| &after_scheme[at..]);
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

/// The one page a server shows at any address, so it may link from `base_url`'s path.
const NOT_FOUND_PAGE: &str = "404.html";

/// Where each `(folder, path)` a task has met leads: the file, or why none.
/// Pages link to the same few files from folders at the same depth, so the
/// key is the folder that is left once the path's leading `../` are taken
/// off: most links of a site then resolve once per task, not once per page.
type Resolved<'a> = HashMap<(&'a str, &'a str), Result<String, Problem>>;

/// The output being checked, with what makes lookups fast.
struct Output<'a> {
    files: &'a BTreeMap<&'a str, Option<&'a [u8]>>,
    /// The same paths, for the lookup every link makes.
    paths: HashSet<&'a str>,
    scanned: &'a HashMap<&'a str, Scanned<'a>>,
    rules: &'a Rules,
}

impl<'a> Output<'a> {
    fn link_problem(
        &self,
        page: &'a str,
        link: &'a Link<'a>,
        resolved: &mut Resolved<'a>,
    ) -> Option<Problem> {
        let rules = self.rules;
        let value = link.value.as_ref();
        let remote = value.starts_with("//") || matches!(scheme(value), Some("http" | "https"));
        if remote {
            return link.loads.then_some(Problem::Remote);
        }
        if scheme(value).is_some() {
            return None;
        }
        let (rest, fragment) = value.split_once('#').unwrap_or((value, ""));
        let path = rest.split_once('?').map_or(rest, |(path, _)| path);
        if value.starts_with('/') {
            let under_base = rules
                .base_path
                .as_deref()
                .filter(|_| page == NOT_FOUND_PAGE)
                .and_then(|base| path.strip_prefix(base));
            return match under_base {
                Some(path) => self.resolve("", path, fragment),
                None => Some(Problem::RootAbsolute),
            };
        }
        if path.is_empty() {
            return self.fragment_problem(page, fragment);
        }
        let (mut folder, mut path) = (parent(page), path);
        while let Some(rest) = path.strip_prefix("../").filter(|_| !folder.is_empty()) {
            (folder, path) = (parent(folder), rest);
        }
        let target = resolved
            .entry((folder, path))
            .or_insert_with(|| self.target(folder, path));
        match target {
            Ok(target) => self.fragment_problem(target, fragment),
            Err(problem) => Some(problem.clone()),
        }
    }

    /// Checks `path` (percent-encoded, relative to `folder`) and `fragment`.
    fn resolve(&self, folder: &str, path: &str, fragment: &str) -> Option<Problem> {
        match self.target(folder, path) {
            Ok(target) => self.fragment_problem(&target, fragment),
            Err(problem) => Some(problem),
        }
    }

    /// The output file `path` (percent-encoded, relative to `folder`) leads to.
    fn target(&self, folder: &str, path: &str) -> Result<String, Problem> {
        let Some(mut target) = join(folder, &percent_decode(path)) else {
            return Err(Problem::Broken);
        };
        if !self.paths.contains(target.as_str()) && is_folder(&target, self.files) {
            if !self.rules.folder_links {
                return Err(Problem::Folder);
            }
            target = if target.is_empty() {
                "index.html".to_string()
            } else {
                format!("{target}/index.html")
            };
        }
        if !self.paths.contains(target.as_str()) {
            return Err(Problem::Broken);
        }
        Ok(target)
    }

    fn fragment_problem(&self, target: &str, fragment: &str) -> Option<Problem> {
        if fragment.is_empty() {
            return None;
        }
        let ids = &self.scanned.get(target)?.ids;
        let found = |id: &str| ids.binary_search_by(|known| known.as_ref().cmp(id)).is_ok();
        if found(fragment) || found(&percent_decode(fragment)) {
            None
        } else {
            Some(Problem::NoSuchId(fragment.to_string()))
        }
    }
}

/// The folder holding `path` (`""` at the root).
fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
}

fn is_folder(target: &str, files: &BTreeMap<&str, Option<&[u8]>>) -> bool {
    if target.is_empty() {
        return !files.is_empty();
    }
    let prefix = format!("{target}/");
    files
        .range(prefix.as_str()..)
        .next()
        .is_some_and(|(path, _)| path.starts_with(&prefix))
}

/// `folder` joined with `path`, `.` and `..` resolved; `None` above the root.
fn join(folder: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|part| !part.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// The scheme of an absolute URL (`https`, `mailto`), as `urlsplit` finds it.
fn scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let starts_with_letter = chars.next()?.is_ascii_alphabetic();
    let valid = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (starts_with_letter && valid).then_some(scheme)
}

fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes
            .get(at + 1..at + 3)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (bytes[at], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                at += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                at += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&decoded).into_owned())
}

/// A link as an HTML file holds it.
#[derive(Debug)]
struct Link<'a> {
    /// The attribute's value, entities decoded.
    value: Cow<'a, str>,
    /// `src` or a `<link>`: the browser loads it with the page.
    loads: bool,
}

/// What one HTML file links to, and the ids (and names) it offers.
#[derive(Debug, Default)]
struct Scanned<'a> {
    links: Vec<Link<'a>>,
    /// Sorted, for binary search.
    ids: Vec<Cow<'a, str>>,
}

/// One pass over an HTML file's tags: enough HTML to find attributes (comments,
/// `<!…>`, end tags and the text of `<script>` and `<style>` are skipped).
/// It allocates only for the values it keeps: at 10,000 pages it reads
/// about 100 MB.
fn scan(html: &[u8]) -> Scanned<'_> {
    let mut scanned = Scanned::default();
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
        at = read_attributes(html, at + name_end, tag, &mut scanned);
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
fn read_attributes<'a>(
    html: &'a [u8],
    mut at: usize,
    tag: Tag,
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
        while at < html.len() && !matches!(html[at], b'=' | b'>' | b'/') {
            if html[at].is_ascii_whitespace() {
                break;
            }
            at += 1;
        }
        let name = &html[start..at];
        at = skip_space(at);
        if html.get(at) != Some(&b'=') {
            continue;
        }
        at = skip_space(at + 1);
        let value = match html.get(at) {
            Some(&quote @ (b'"' | b'\'')) => {
                let end =
                    memchr::memchr(quote, &html[at + 1..]).map_or(html.len(), |end| at + 1 + end);
                let value = &html[at + 1..end];
                at = (end + 1).min(html.len());
                value
            }
            _ => {
                let start = at;
                while at < html.len() && !html[at].is_ascii_whitespace() && html[at] != b'>' {
                    at += 1;
                }
                &html[start..at]
            }
        };
        let text = || decode_entities(String::from_utf8_lossy(value));
        if tag == Tag::Loads && name.eq_ignore_ascii_case(b"rel") {
            names_only = value.eq_ignore_ascii_case(b"canonical");
        } else if name.eq_ignore_ascii_case(b"id") || name.eq_ignore_ascii_case(b"name") {
            scanned.ids.push(text());
        } else if tag.links_with(name) {
            let loads = tag != Tag::Anchor;
            scanned.links.push(Link {
                value: text(),
                loads,
            });
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

fn find_ignoring_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

/// `&amp;`, `&quot;`, `&#39;` and friends, as an attribute value holds them.
fn decode_entities(text: Cow<'_, str>) -> Cow<'_, str> {
    if !text.contains('&') {
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

#[cfg(test)]
mod tests;
