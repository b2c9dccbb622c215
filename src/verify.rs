//! The built site checked as a reader's browser will follow it: every
//! `href` and `src` in every output HTML file leads to a file of the output,
//! every `#fragment` to an id in its target, no link is root-absolute (it
//! would break under a sub-path) or ends at a folder (a directory listing
//! from `file://`), and nothing is loaded from another host.
//!
//! The output's paths are known before anything is rendered, so each HTML
//! file is checked on the thread that rendered it, right after rendering,
//! while its bytes are still in the cache ([`LinkCheck::file`]): one pass
//! over its tags (`scan.rs`), each link resolved against the paths. Only a
//! `#fragment` into another file waits for that file's ids, which
//! [`LinkCheck::finish`] looks up at the end: no file's bytes are kept,
//! and no file is read twice. `huddle build` and `huddle check` report
//! what a template got wrong ([`template_errors`]); the tests run
//! [`find_problems`] on every output they write.

mod scan;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;

use rayon::prelude::*;
use xxhash_rust::xxh3::{Xxh3DefaultBuilder, xxh3_64, xxh3_128_with_seed};

use crate::diagnostic::Diagnostic;
use crate::render;
use crate::site::Site;
use crate::theme::Theme;
use scan::{Link, id_hash, scan};

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

impl Rules {
    /// The rules of a site's own output.
    pub fn of_site(site: &Site) -> Rules {
        Rules {
            folder_links: site.config.pretty_links,
            base_path: Some(site.config.base_url.as_str())
                .filter(|base_url| !base_url.is_empty())
                .map(url_path),
        }
    }
}

/// Every problem in a built site. `files` holds every output path; the
/// value is the file's bytes when it is HTML to check, `None` for other
/// files (and for HTML whose bytes are not at hand: its ids are then not
/// checked). Sorted by page, then in the page's order.
pub fn find_problems(files: &BTreeMap<&str, Option<&[u8]>>, rules: &Rules) -> Vec<LinkProblem> {
    let check = LinkCheck::new(files.keys().copied(), rules.clone());
    let checked: Vec<FileLinks> = files
        .par_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .filter_map(|(path, bytes)| Some((*path, (*bytes)?)))
        .map(|(path, html)| check.file(path, html))
        .collect();
    check.finish(checked)
}

/// The output's paths and rules: all that checking one file's links needs,
/// but the ids of the other files.
pub struct LinkCheck<'paths> {
    /// Sorted, so that a folder is found as the prefix of a path.
    sorted: Vec<&'paths str>,
    /// Each path's place in `sorted`.
    index: HashMap<&'paths str, u32, Xxh3DefaultBuilder>,
    rules: Rules,
    /// One per thread of rayon's pool, and one for any other thread: a
    /// thread keeps what it resolved for every file it checks.
    caches: Vec<Mutex<LinkCache>>,
}

/// What one HTML file's check leaves for [`LinkCheck::finish`].
pub struct FileLinks {
    /// Its place among the output's paths (None if it is not one of them).
    page: Option<u32>,
    path: String,
    /// The problems found at once, with the link's place in the page.
    problems: Vec<(usize, LinkProblem)>,
    /// Links to an id of another file, which only its ids can settle.
    elsewhere: Vec<Elsewhere>,
    /// Hashes of the ids (and names) it offers, sorted.
    ids: Vec<u64>,
}

struct Elsewhere {
    /// The link's place in its page, to report it in the page's order.
    ordinal: usize,
    target: u32,
    href: String,
    fragment: String,
}

/// Where each `(folder, path)` a thread has met leads: the file, or why none.
/// Pages link to the same few files from folders at the same depth, so the
/// key is the folder that is left once the path's leading `../` are taken
/// off: most links of a site then resolve once per thread, not once per page.
#[derive(Default)]
struct LinkCache {
    /// By a hash of the folder and the path.
    resolved: HashMap<u128, Result<u32, Problem>, BuildHasherDefault<AsHashed>>,
}

/// The hasher of a map whose keys are hashes already.
#[derive(Default)]
struct AsHashed(u64);

impl Hasher for AsHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u128` is used; anything else is folded in.
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u128(&mut self, hash: u128) {
        self.0 = hash as u64;
    }
}

impl<'paths> LinkCheck<'paths> {
    pub fn new(paths: impl IntoIterator<Item = &'paths str>, rules: Rules) -> LinkCheck<'paths> {
        let mut sorted: Vec<&str> = paths.into_iter().collect();
        sorted.sort_unstable();
        sorted.dedup();
        let index = sorted
            .iter()
            .enumerate()
            .map(|(at, path)| (*path, at as u32))
            .collect();
        let caches = (0..=rayon::current_num_threads())
            .map(|_| Mutex::default())
            .collect();
        LinkCheck {
            sorted,
            index,
            rules,
            caches,
        }
    }

    /// Checks the links of the HTML file `page` (bytes `html`): everything
    /// but fragments into other files, which [`finish`](Self::finish) settles.
    pub fn file(&self, page: &str, html: &[u8]) -> FileLinks {
        let thread = rayon::current_thread_index()
            .unwrap_or(self.caches.len() - 1)
            .min(self.caches.len() - 1);
        // Uncontended: only this thread takes its own (a poisoned one was
        // left by a panic, and what it holds is still right).
        let mut cache = self.caches[thread]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let scanned = scan(html);
        let own = self.index.get(page).copied();
        let mut checked = FileLinks {
            page: own,
            path: page.to_string(),
            problems: Vec::new(),
            elsewhere: Vec::new(),
            ids: Vec::new(),
        };
        let folders = Folders::of(page);
        for (ordinal, link) in scanned.links.iter().enumerate() {
            let problem = match self.link_target(page, &folders, link, &mut cache) {
                Err(problem) => problem,
                Ok(Target::None | Target::File(_, "")) => continue,
                Ok(Target::SamePage(fragment)) => {
                    (!has_id(&scanned.ids, fragment)).then(|| Problem::NoSuchId(fragment.into()))
                }
                Ok(Target::File(target, fragment)) if Some(target) == own => {
                    (!has_id(&scanned.ids, fragment)).then(|| Problem::NoSuchId(fragment.into()))
                }
                Ok(Target::File(target, fragment)) => {
                    checked.elsewhere.push(Elsewhere {
                        ordinal,
                        target,
                        href: link.value.to_string(),
                        fragment: fragment.to_string(),
                    });
                    continue;
                }
            };
            if let Some(problem) = problem {
                checked.problems.push((
                    ordinal,
                    LinkProblem {
                        page: page.to_string(),
                        href: link.value.to_string(),
                        problem,
                    },
                ));
            }
        }
        checked.ids = scanned.ids;
        checked
    }

    /// Settles the fragments into other files with every file's ids; returns
    /// every problem, sorted by page, then in the page's order.
    pub fn finish(&self, files: Vec<FileLinks>) -> Vec<LinkProblem> {
        let ids: HashMap<u32, &[u64]> = files
            .iter()
            .filter_map(|file| Some((file.page?, &file.ids[..])))
            .collect();
        let mut pages: Vec<(&str, Vec<(usize, LinkProblem)>)> = Vec::new();
        for file in &files {
            let mut problems = file.problems.clone();
            for link in &file.elsewhere {
                // A target whose bytes were not at hand offers no ids to check.
                let Some(target_ids) = ids.get(&link.target) else {
                    continue;
                };
                if has_id(target_ids, &link.fragment) {
                    continue;
                }
                problems.push((
                    link.ordinal,
                    LinkProblem {
                        page: file.path.clone(),
                        href: link.href.clone(),
                        problem: Problem::NoSuchId(link.fragment.clone()),
                    },
                ));
            }
            if !problems.is_empty() {
                problems.sort_by_key(|(ordinal, _)| *ordinal);
                pages.push((&file.path, problems));
            }
        }
        pages.sort_by(|a, b| a.0.cmp(b.0));
        pages
            .into_iter()
            .flat_map(|(_, problems)| problems.into_iter().map(|(_, problem)| problem))
            .collect()
    }

    /// Where a link leads, or what is wrong with it (`Err(None)`: nothing).
    fn link_target<'link>(
        &self,
        page: &str,
        folders: &Folders,
        link: &'link Link<'link>,
        cache: &mut LinkCache,
    ) -> Result<Target<'link>, Option<Problem>> {
        let value = link.value.as_ref();
        let scheme = scheme(value);
        let remote = value.starts_with("//") || matches!(scheme, Some("http" | "https"));
        if remote {
            return Err(link.loads.then_some(Problem::Remote));
        }
        if scheme.is_some() {
            return Ok(Target::None);
        }
        let (path, fragment) = split_link(value);
        if value.starts_with('/') {
            let under_base = self
                .rules
                .base_path
                .as_deref()
                .filter(|_| page == NOT_FOUND_PAGE)
                .and_then(|base| path.strip_prefix(base));
            return match under_base {
                Some(path) => self
                    .target("", path)
                    .map(|target| Target::File(target, fragment))
                    .map_err(Some),
                None => Err(Some(Problem::RootAbsolute)),
            };
        }
        if path.is_empty() {
            if fragment.is_empty() {
                return Ok(Target::None);
            }
            return Ok(Target::SamePage(fragment));
        }
        let (folder, path) = folders.start(path);
        // 128 bits: two keys alike are less likely than a cosmic ray, and
        // the cache never has to keep and compare the paths themselves,
        // which cost a quarter of the check in memory reads.
        let key = xxh3_128_with_seed(path.as_bytes(), folder.hash);
        let target = match cache.resolved.get(&key) {
            Some(target) => target.clone(),
            None => {
                let target = self.target(folder.path, path);
                cache.resolved.insert(key, target.clone());
                target
            }
        };
        target
            .map(|target| Target::File(target, fragment))
            .map_err(Some)
    }

    /// The output file `path` (percent-encoded, relative to `folder`) leads to.
    fn target(&self, folder: &str, path: &str) -> Result<u32, Problem> {
        let Some(mut target) = join(folder, &percent_decode(path)) else {
            return Err(Problem::Broken);
        };
        if !self.index.contains_key(target.as_str()) && self.is_folder(&target) {
            if !self.rules.folder_links {
                return Err(Problem::Folder);
            }
            target = if target.is_empty() {
                "index.html".to_string()
            } else {
                format!("{target}/index.html")
            };
        }
        self.index
            .get(target.as_str())
            .copied()
            .ok_or(Problem::Broken)
    }

    fn is_folder(&self, target: &str) -> bool {
        if target.is_empty() {
            return !self.sorted.is_empty();
        }
        let prefix = format!("{target}/");
        let at = self.sorted.partition_point(|path| *path < prefix.as_str());
        self.sorted
            .get(at)
            .is_some_and(|path| path.starts_with(&prefix))
    }
}

/// Where a link leads.
enum Target<'link> {
    /// Nowhere to check: `mailto:`, a link to another host, a bare `#`.
    None,
    /// `#fragment` alone.
    SamePage(&'link str),
    /// A file of the output, by its place among the paths, and the fragment.
    File(u32, &'link str),
}

/// Whether `ids` (hashes, sorted) hold `fragment`, as written or decoded.
fn has_id(ids: &[u64], fragment: &str) -> bool {
    let found = |id: &str| ids.binary_search(&id_hash(id)).is_ok();
    found(fragment) || (fragment.contains('%') && found(&percent_decode(fragment)))
}

/// The folders a page's links start from: its own, then each one a leading
/// `../` steps up to, found once per page rather than once per link.
struct Folders<'page> {
    /// `stories/big-win`, `stories`, `` for `stories/big-win/index.html`.
    upwards: Vec<Folder<'page>>,
}

#[derive(Clone, Copy)]
struct Folder<'page> {
    path: &'page str,
    /// Seeds the hash of a path relative to it, the key of `LinkCache`.
    hash: u64,
}

impl<'page> Folders<'page> {
    fn of(page: &'page str) -> Folders<'page> {
        let folder = |path: &'page str| Folder {
            path,
            hash: xxh3_64(path.as_bytes()),
        };
        let mut upwards = vec![folder(parent(page))];
        while let Some(last) = upwards.last().filter(|last| !last.path.is_empty()) {
            let up = folder(parent(last.path));
            upwards.push(up);
        }
        Folders { upwards }
    }

    /// The folder `path` starts from once its leading `../` are taken off
    /// (as far as there are folders to leave), and the rest of it.
    fn start<'path>(&self, mut path: &'path str) -> (Folder<'page>, &'path str) {
        let mut up = 0;
        while up + 1 < self.upwards.len() {
            match path.strip_prefix("../") {
                Some(rest) => (path, up) = (rest, up + 1),
                None => break,
            }
        }
        (self.upwards[up], path)
    }
}

/// A link's path and fragment (`a/b.html?q=1#top` → `a/b.html`, `top`).
fn split_link(link: &str) -> (&str, &str) {
    let (rest, fragment) = match memchr::memchr(b'#', link.as_bytes()) {
        Some(at) => (&link[..at], &link[at + 1..]),
        None => (link, ""),
    };
    match memchr::memchr(b'?', rest.as_bytes()) {
        Some(at) => (&rest[..at], fragment),
        None => (rest, fragment),
    }
}

/// The errors `huddle build` and `huddle check` report for a rendered
/// site's `problems`: one for each bad link that a template wrote, naming
/// the template and the page. Links that come from the page's content are
/// left out: its Markdown's links (the links stage has already reported
/// each at its file, line and column) and a rep's `photo:` (an author's
/// path or URL).
pub fn template_errors(site: &Site, theme: &Theme, problems: Vec<LinkProblem>) -> Vec<Diagnostic> {
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

/// The folder holding `path` (`""` at the root).
fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
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
    let bytes = url.as_bytes();
    if !bytes.first()?.is_ascii_alphabetic() {
        return None;
    }
    // Most links are paths: the first byte no scheme may hold ends the search.
    let end = bytes
        .iter()
        .position(|byte| !(byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'-' | b'.')))?;
    (bytes[end] == b':').then(|| &url[..end])
}

fn percent_decode(text: &str) -> Cow<'_, str> {
    if memchr::memchr(b'%', text.as_bytes()).is_none() {
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

#[cfg(test)]
mod tests;
