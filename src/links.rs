//! Body links: an author writes relative links between Markdown files so the
//! wiki reads well on GitHub (`[Jane](../reps/jane-doe.md#strengths)`);
//! huddle rewrites them to the page-relative output URL and checks them.
//!
//! Resolution needs only file paths, which are known before any page is
//! parsed, so it runs inside the parallel Markdown pass. What needs every
//! page parsed — heading anchors, drafts — is checked afterwards from the
//! recorded [`LinkRecord`]s.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

pub mod url;

use crate::content::{Asset, SourceFile};

/// Every place a body link can lead to.
pub struct LinkIndex {
    /// `stories/big-win.md` → index into the site's files.
    pages: HashMap<String, usize>,
    /// `about` → the index of `about/index.md` (or README); `` → home.
    folders: HashMap<String, usize>,
    assets: HashSet<String>,
    /// Per file: its href from the site root (`stories/big-win/index.html`, or
    /// `stories/big-win/` with pretty links).
    hrefs: Vec<String>,
}

/// What became of one link.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Leave as written (external URL, `mailto:`, empty).
    Keep,
    /// Rewrite to `href`; when it leads to a page, check `fragment` later.
    Rewrite {
        href: String,
        page: Option<usize>,
        fragment: Option<String>,
    },
    /// A fragment-only link (`#agenda`) to the page itself.
    SamePage { fragment: String },
    /// Leads nowhere; the reason says why. `fallback` is how a root-absolute
    /// link is still written relative (so the output never holds a `/…` link
    /// that breaks under a sub-path), for builds with `links: warn`.
    Broken {
        reason: String,
        fallback: Option<String>,
    },
}

/// A link to a page, kept for the checks that need every page parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRecord {
    pub target: usize,
    pub fragment: Option<String>,
    pub destination: String,
    pub line: usize,
    pub column: usize,
}

impl LinkIndex {
    pub fn new(files: &[SourceFile], assets: &[Asset], pretty_links: bool) -> LinkIndex {
        let mut pages = HashMap::with_capacity(files.len());
        let mut folders = HashMap::new();
        let mut hrefs = Vec::with_capacity(files.len());
        for (index, file) in files.iter().enumerate() {
            pages.insert(file.relative.clone(), index);
            if let Some(folder) = file.output_path.strip_suffix("index.html") {
                folders
                    .entry(folder.trim_end_matches('/').to_string())
                    .or_insert(index);
            }
            hrefs.push(href_for(&file.output_path, pretty_links));
        }
        LinkIndex {
            pages,
            folders,
            assets: assets.iter().map(|asset| asset.relative.clone()).collect(),
            hrefs,
        }
    }

    /// Resolves `destination` written in the file `from` (a path under `content/`),
    /// whose output sits at `from_output`.
    pub fn resolve(&self, from: &str, from_output: &str, destination: &str) -> Resolution {
        let destination = destination.trim();
        if destination.is_empty() || has_scheme(destination) || destination.starts_with("//") {
            return Resolution::Keep;
        }
        if let Some(fragment) = destination.strip_prefix('#') {
            return Resolution::SamePage {
                fragment: decode(fragment).into_owned(),
            };
        }
        let (rest, fragment) = match destination.split_once('#') {
            Some((rest, fragment)) => (rest, Some(decode(fragment).into_owned())),
            None => (destination, None),
        };
        let (path, query) = match rest.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (rest, None),
        };
        let decoded = decode(path);
        let base = if decoded.starts_with('/') {
            ""
        } else {
            from.rsplit_once('/').map_or("", |(folder, _)| folder)
        };
        let Some(target) = normalize(base, &decoded) else {
            return Resolution::Broken {
                reason: format!("`{destination}` points outside content/"),
                fallback: None,
            };
        };
        let prefix = root_prefix(from_output);
        let suffix = |href: &str| {
            let mut out = format!("{prefix}{}", encode(href));
            if let Some(query) = query {
                out.push('?');
                out.push_str(query);
            }
            if let Some(fragment) = &fragment {
                out.push('#');
                out.push_str(&encode(fragment));
            }
            out
        };
        let is_markdown = target.ends_with(".md") || target.ends_with(".markdown");
        let is_folder = decoded.ends_with('/') || target.is_empty();
        let page = if is_markdown {
            self.pages.get(&target).copied()
        } else if is_folder {
            self.folders.get(target.trim_end_matches('/')).copied()
        } else if self.assets.contains(&target) {
            return Resolution::Rewrite {
                href: suffix(&target),
                page: None,
                fragment: None,
            };
        } else {
            // Extension-less and `.html` links, as other generators write them.
            let stem = target.strip_suffix(".html").unwrap_or(&target);
            let stem = stem.strip_suffix("/index").unwrap_or(stem);
            self.pages
                .get(&format!("{stem}.md"))
                .or_else(|| self.folders.get(stem))
                .copied()
        };
        let fallback = decoded.starts_with('/').then(|| {
            let slash = if decoded.ends_with('/') && !target.is_empty() {
                "/"
            } else {
                ""
            };
            suffix(&format!("{target}{slash}"))
        });
        match page {
            Some(page) => Resolution::Rewrite {
                href: suffix(&self.hrefs[page]),
                page: Some(page),
                fragment,
            },
            None if is_markdown => Resolution::Broken {
                reason: format!("`{destination}` leads to content/{target}, which does not exist"),
                fallback,
            },
            None => Resolution::Broken {
                reason: format!(
                    "`{destination}` leads to nothing under content/ (no page or file at content/{target})"
                ),
                fallback,
            },
        }
    }

    /// The href of a file from the site root.
    pub fn href(&self, file: usize) -> &str {
        &self.hrefs[file]
    }
}

/// `stories/x/index.html` → `../../`: the way back to the site root from an
/// output file. `./` at the root, so `{{ root }}{{ url }}` always works.
pub fn root_prefix(output_path: &str) -> String {
    let depth = output_path.matches('/').count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

/// An output path as written in links: with pretty links, the folder.
pub fn href_for(output_path: &str, pretty_links: bool) -> String {
    if pretty_links && let Some(folder) = output_path.strip_suffix("index.html") {
        return folder.to_string();
    }
    output_path.to_string()
}

/// Percent-encodes the characters that would break an href, keeping `/`
/// and non-ASCII letters (which browsers and hosts take as UTF-8).
pub fn encode(path: &str) -> Cow<'_, str> {
    const UNSAFE: &[char] = &[
        ' ', '"', '<', '>', '#', '?', '%', '`', '{', '}', '|', '\\', '^', '\'',
    ];
    if !path.contains(UNSAFE) && !path.contains(char::is_control) {
        return Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len() + 8);
    for c in path.chars() {
        if UNSAFE.contains(&c) || c.is_control() {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && index + 2 < bytes.len()
            && bytes[index + 1].is_ascii_hexdigit()
            && bytes[index + 2].is_ascii_hexdigit()
        {
            let hex = |byte: u8| (byte as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(bytes[index + 1]) * 16 + hex(bytes[index + 2]));
            index += 3;
            continue;
        }
        out.push(bytes[index]);
        index += 1;
    }
    match String::from_utf8(out) {
        Ok(decoded) => Cow::Owned(decoded),
        Err(_) => Cow::Borrowed(text),
    }
}

fn has_scheme(destination: &str) -> bool {
    let Some(colon) = destination.find(':') else {
        return false;
    };
    let scheme = &destination[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Joins `base` and `path` (both under `content/`) and folds `.` and `..`;
/// None when the result climbs out of `content/`.
fn normalize(base: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|part| !part.is_empty()).collect()
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    fn index(paths: &[&str], assets: &[&str]) -> LinkIndex {
        let files: Vec<SourceFile> = paths
            .iter()
            .map(|relative| SourceFile::new(relative, relative.into(), String::new(), false))
            .collect();
        let assets: Vec<Asset> = assets
            .iter()
            .map(|relative| Asset {
                relative: relative.to_string(),
                absolute: relative.into(),
            })
            .collect();
        LinkIndex::new(&files, &assets, false)
    }

    fn href(resolution: Resolution) -> String {
        match resolution {
            Resolution::Rewrite { href, .. } => href,
            other => panic!("not rewritten: {other:?}"),
        }
    }

    #[test]
    fn rewrites_relative_markdown_links_to_page_relative_urls() {
        let links = index(
            &[
                "stories/big-win.md",
                "reps/jane-doe.md",
                "playbooks/meetings/weekly.md",
            ],
            &[],
        );
        let from = ("stories/big-win.md", "stories/big-win/index.html");
        assert_eq!(
            href(links.resolve(from.0, from.1, "../reps/jane-doe.md")),
            "../../reps/jane-doe/index.html"
        );
        assert_eq!(
            href(links.resolve(from.0, from.1, "../playbooks/meetings/weekly.md#agenda")),
            "../../playbooks/meetings/weekly/index.html#agenda"
        );
        assert_eq!(
            href(links.resolve(from.0, from.1, "/reps/jane-doe.md")),
            "../../reps/jane-doe/index.html"
        );
    }

    #[test]
    fn rewrites_asset_links_from_the_page_folder() {
        let links = index(&["playbooks/ride-along.md"], &["playbooks/cycle.svg"]);
        assert_eq!(
            href(links.resolve(
                "playbooks/ride-along.md",
                "playbooks/ride-along/index.html",
                "cycle.svg"
            )),
            "../../playbooks/cycle.svg"
        );
    }

    #[test]
    fn reports_missing_targets_and_keeps_external_links() {
        let links = index(&["about.md"], &[]);
        assert!(matches!(
            links.resolve("about.md", "about/index.html", "missing.md"),
            Resolution::Broken { .. }
        ));
        assert!(matches!(
            links.resolve("about.md", "about/index.html", "../../etc/passwd"),
            Resolution::Broken { .. }
        ));
        assert_eq!(
            links.resolve("about.md", "about/index.html", "https://example.com/x.md"),
            Resolution::Keep
        );
        assert_eq!(
            links.resolve("about.md", "about/index.html", "mailto:a@example.com"),
            Resolution::Keep
        );
    }

    #[test]
    fn a_broken_root_absolute_link_is_still_written_relative() {
        let links = index(&["about.md"], &[]);
        assert_eq!(
            links.resolve("about.md", "about/index.html", "/handbook/sales/"),
            Resolution::Broken {
                reason: "`/handbook/sales/` leads to nothing under content/ (no page or file at content/handbook/sales)".into(),
                fallback: Some("../handbook/sales/".into()),
            }
        );
    }

    #[test]
    fn resolves_folders_and_extensionless_links() {
        let links = index(&["guides/index.md", "guides/crm.md", "index.md"], &[]);
        assert_eq!(
            href(links.resolve("guides/crm.md", "guides/crm/index.html", "./")),
            "../../guides/index.html"
        );
        assert_eq!(
            href(links.resolve("guides/crm.md", "guides/crm/index.html", "/")),
            "../../index.html"
        );
        assert_eq!(
            href(links.resolve("index.md", "index.html", "guides/crm")),
            "./guides/crm/index.html"
        );
        assert_eq!(
            href(links.resolve("index.md", "index.html", "/guides/crm.html")),
            "./guides/crm/index.html"
        );
        assert_eq!(
            href(links.resolve(
                "guides/crm.md",
                "guides/crm/index.html",
                "/guides/index.html"
            )),
            "../../guides/index.html"
        );
    }
}
