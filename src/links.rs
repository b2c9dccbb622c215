//! Body links: an author writes relative links between Markdown files so the
//! wiki reads well on GitHub (`[Jane](../reps/jane-doe.md#strengths)`);
//! huddle rewrites them to the page-relative output URL and checks them.
//!
//! Resolution needs only file paths, which are known before any page is
//! parsed, so it runs inside the parallel Markdown pass. What needs every
//! page parsed — heading anchors, drafts — is checked afterwards from the
//! recorded [`LinkRecord`]s.

use std::borrow::Cow;
use std::collections::HashMap;

pub mod url;

use crate::content::{Asset, ImageSize, SourceFile};
use crate::markdown::REF_SCHEME;

/// Every place a body link can lead to.
pub struct LinkIndex {
    /// `stories/big-win.md` → index into the site's files.
    pages: HashMap<String, usize>,
    /// `about` → the index of `about/index.md` (or README); `` → home.
    folders: HashMap<String, usize>,
    /// Path under `content/` → the image's size, if it is one.
    assets: HashMap<String, Option<ImageSize>>,
    /// Per file: its href from the site root (`stories/big-win/index.html`, or
    /// `stories/big-win/` with pretty links).
    hrefs: Vec<String>,
    /// Other tools name pages loosely; see [`Names`].
    names: Names,
}

/// The looser ways other tools name a page: Obsidian's `[[Page]]` by file
/// name or title, Hugo's `ref` by unique file name, Notion's id suffix,
/// and a path in the wrong letter case (macOS and Windows hosts forgive it).
#[derive(Default)]
struct Names {
    /// Lower-case file stem (`about` for `team/about.md`, the folder's
    /// name for its index page) → files; used only when unique.
    stems: HashMap<String, Vec<usize>>,
    /// Lower-case title from front matter or the first `#` heading → files.
    titles: HashMap<String, Vec<usize>>,
    /// Notion's 32-hex-digit id at the end of a file name → file.
    notion_ids: HashMap<String, usize>,
    /// Lower-case path under `content/` → file.
    lower_paths: HashMap<String, usize>,
    /// Lower-case asset file name → its path and size, for `![[chart.png]]`.
    asset_names: HashMap<String, Vec<(String, Option<ImageSize>)>>,
}

/// How a link names its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkStyle {
    /// A path or URL, as Markdown links are written.
    Path,
    /// `[[Page#Heading]]`: a file name or title, and a heading's text.
    Wiki,
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
    /// A file under `content/` (an image, a PDF), rewritten to `href`;
    /// `image` is its size when it is an image whose header was read.
    Asset {
        href: String,
        image: Option<ImageSize>,
    },
    /// A fragment-only link (`#agenda`) to the page itself.
    SamePage { fragment: String },
    /// Leads nowhere; the reason says why. `fallback` is how a root-absolute
    /// link is still written relative (so the output never holds a `/…` link
    /// that breaks under a sub-path), for builds with `links: warn`.
    Broken {
        reason: String,
        fallback: Option<String>,
        /// The missing file the link leads to (`content/team/gone.md`),
        /// when it names a path: `check --links` groups by it, so links
        /// written from different folders to one missing page are one entry.
        missing: Option<String>,
    },
}

/// A link to a page, kept for the checks that need every page parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRecord {
    pub target: usize,
    pub fragment: Option<String>,
    pub destination: String,
    /// The href as the link was written into the page, to be corrected
    /// once every page's anchors are known (see [`fix_fragments`]).
    pub href: String,
    pub line: usize,
    pub column: usize,
}

impl LinkIndex {
    pub fn new(files: &[SourceFile], assets: &[Asset], pretty_links: bool) -> LinkIndex {
        let mut pages = HashMap::with_capacity(files.len());
        let mut folders = HashMap::new();
        let mut hrefs = Vec::with_capacity(files.len());
        let mut names = Names::default();
        for (index, file) in files.iter().enumerate() {
            names.add(index, file);
            pages.insert(file.relative.clone(), index);
            if let Some(folder) = file.output_path.strip_suffix("index.html") {
                folders
                    .entry(folder.trim_end_matches('/').to_string())
                    .or_insert(index);
            }
            hrefs.push(href_for(&file.output_path, pretty_links));
        }
        for asset in assets {
            let name = asset.relative.rsplit('/').next().unwrap_or(&asset.relative);
            names
                .asset_names
                .entry(name.to_lowercase())
                .or_default()
                .push((asset.relative.clone(), asset.image));
        }
        LinkIndex {
            pages,
            folders,
            assets: assets
                .iter()
                .map(|asset| (asset.relative.clone(), asset.image))
                .collect(),
            hrefs,
            names,
        }
    }

    /// Resolves `destination` written in the file `from` (a path under `content/`),
    /// whose output sits at `from_output`.
    pub fn resolve(&self, from: &str, from_output: &str, destination: &str) -> Resolution {
        self.resolve_as(from, from_output, destination, LinkStyle::Path)
    }

    /// [`LinkIndex::resolve`] for a link written in `style`. Hugo's `ref`
    /// shortcodes arrive as `huddle-ref:path#id` from the Markdown stage.
    pub fn resolve_as(
        &self,
        from: &str,
        from_output: &str,
        destination: &str,
        style: LinkStyle,
    ) -> Resolution {
        let destination = destination.trim();
        let by_name = style == LinkStyle::Wiki || destination.starts_with(REF_SCHEME);
        if by_name {
            return self.resolve_by_name(from, from_output, destination, style);
        }
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
                missing: None,
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
        let is_markdown = is_markdown_path(&target);
        let is_folder = decoded.ends_with('/') || target.is_empty();
        let page = if is_markdown {
            self.pages
                .get(&target)
                .copied()
                .or_else(|| self.names.loose_path(&target))
        } else if is_folder {
            self.folders.get(target.trim_end_matches('/')).copied()
        } else if let Some(&image) = self.assets.get(&target) {
            return Resolution::Asset {
                href: suffix(&target),
                image,
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
                reason: format!(
                    "`{destination}` leads to content/{target}, which does not exist{}",
                    self.nearest_page(&target)
                        .map(|near| format!("; did you mean content/{near}?"))
                        .unwrap_or_default()
                ),
                fallback,
                missing: Some(format!("content/{target}")),
            },
            None => Resolution::Broken {
                reason: format!(
                    "`{destination}` leads to nothing under content/ (no page or file at content/{target})"
                ),
                fallback,
                missing: Some(format!("content/{target}")),
            },
        }
    }

    /// The page of the same folder whose name is closest to a missing one
    /// (`discovery-cal.md` → `discovery-call.md`): a typo, most often.
    fn nearest_page(&self, missing: &str) -> Option<&str> {
        let (folder, name) = missing.rsplit_once('/').unwrap_or(("", missing));
        let siblings = self.pages.keys().filter_map(|path| {
            let (their_folder, their_name) = path.rsplit_once('/').unwrap_or(("", path));
            (their_folder == folder).then_some((their_name, path.as_str()))
        });
        let siblings: Vec<(&str, &str)> = siblings.collect();
        let nearest = crate::diagnostic::did_you_mean(name, siblings.iter().map(|(n, _)| *n))?;
        siblings
            .iter()
            .find(|(their_name, _)| *their_name == nearest)
            .map(|(_, path)| *path)
    }

    /// The href of a file from the site root.
    pub fn href(&self, file: usize) -> &str {
        &self.hrefs[file]
    }

    /// A `[[wikilink]]` or a Hugo `ref`: a path from this folder or the
    /// root, else a unique file name, else (wikilinks) a unique title.
    fn resolve_by_name(
        &self,
        from: &str,
        from_output: &str,
        destination: &str,
        style: LinkStyle,
    ) -> Resolution {
        let written = destination.strip_prefix(REF_SCHEME).unwrap_or(destination);
        let (name, fragment) = match written.split_once('#') {
            Some((name, fragment)) => (name, Some(decode(fragment).into_owned())),
            None => (written, None),
        };
        // Obsidian names a heading by its text; Hugo by its id.
        let fragment = fragment.map(|fragment| match style {
            LinkStyle::Wiki => crate::markdown::heading_slug(&fragment),
            LinkStyle::Path => fragment,
        });
        let name = decode(name.trim());
        let prefix = root_prefix(from_output);
        let with_fragment = |href: &str| {
            let mut out = format!("{prefix}{}", encode(href));
            if let Some(fragment) = &fragment {
                out.push('#');
                out.push_str(&encode(fragment));
            }
            out
        };
        if name.is_empty() {
            return match fragment {
                Some(fragment) => Resolution::SamePage { fragment },
                None => Resolution::Keep,
            };
        }
        if let Some(page) = self.find_by_name(from, &name) {
            return Resolution::Rewrite {
                href: with_fragment(&self.hrefs[page]),
                page: Some(page),
                fragment,
            };
        }
        let file_name = name.rsplit('/').next().unwrap_or(&name).to_lowercase();
        if let Some([(asset, image)]) = self.names.asset_names.get(&file_name).map(Vec::as_slice) {
            return Resolution::Asset {
                href: format!("{prefix}{}", encode(asset)),
                image: *image,
            };
        }
        let shown = match style {
            LinkStyle::Wiki => format!("[[{written}]]"),
            LinkStyle::Path => format!("{{{{< ref \"{written}\" >}}}}"),
        };
        Resolution::Broken {
            reason: format!(
                "`{shown}` leads to nothing under content/ (no page with that path, file name or title)"
            ),
            fallback: None,
            missing: None,
        }
    }

    fn find_by_name(&self, from: &str, name: &str) -> Option<usize> {
        let folder = from.rsplit_once('/').map_or("", |(folder, _)| folder);
        let bases: &[&str] = if name.starts_with('/') {
            &[""]
        } else {
            &[folder, ""]
        };
        for base in bases {
            let Some(path) = normalize(base, name) else {
                continue;
            };
            let stem = strip_markdown_extension(&path).unwrap_or(&path);
            let found = [
                path.clone(),
                format!("{stem}.md"),
                format!("{stem}/_index.md"),
                format!("{stem}/index.md"),
                format!("{stem}/README.md"),
            ]
            .iter()
            .find_map(|candidate| self.pages.get(candidate).copied())
            .or_else(|| self.folders.get(stem.trim_end_matches('/')).copied());
            if found.is_some() {
                return found;
            }
        }
        let last = name
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(name);
        let stem = strip_markdown_extension(last)
            .unwrap_or(last)
            .to_lowercase();
        let unique = |map: &HashMap<String, Vec<usize>>, key: &str| match map.get(key) {
            Some(files) if files.len() == 1 => Some(files[0]),
            _ => None,
        };
        unique(&self.names.stems, &stem)
            .or_else(|| unique(&self.names.titles, &name.to_lowercase()))
            .or_else(|| self.names.loose_path(name))
    }
}

impl Names {
    fn add(&mut self, index: usize, file: &SourceFile) {
        let path = &file.relative;
        let stem = strip_markdown_extension(path).unwrap_or(path);
        let (folder, name) = stem.rsplit_once('/').unwrap_or(("", stem));
        let is_folder_page =
            matches!(name, "index" | "_index") || name.eq_ignore_ascii_case("readme");
        let name = if is_folder_page {
            folder.rsplit('/').next().unwrap_or(folder)
        } else {
            name
        };
        if !name.is_empty() {
            self.stems
                .entry(name.to_lowercase())
                .or_default()
                .push(index);
        }
        if let Some(title) = quick_title(&file.text) {
            self.titles
                .entry(title.to_lowercase())
                .or_default()
                .push(index);
        }
        if let Some(id) = notion_id(stem) {
            self.notion_ids.insert(id.to_string(), index);
        }
        self.lower_paths.insert(path.to_lowercase(), index);
    }

    /// A Markdown path not found as written: in another letter case, or a
    /// Notion export's page by its id (the name before it may have changed).
    fn loose_path(&self, path: &str) -> Option<usize> {
        self.lower_paths
            .get(&path.to_lowercase())
            .or_else(|| {
                let stem = strip_markdown_extension(path).unwrap_or(path);
                self.notion_ids.get(notion_id(stem)?)
            })
            .copied()
    }
}

/// The 32 hex digits Notion puts at the end of an exported file's name
/// (`My Page 0123456789abcdef0123456789abcdef`).
fn notion_id(stem: &str) -> Option<&str> {
    let name = stem.rsplit('/').next().unwrap_or(stem);
    let id = name.get(name.len().checked_sub(32)?..)?;
    let before = name[..name.len() - 32].chars().next_back();
    (id.bytes().all(|byte| byte.is_ascii_hexdigit()) && matches!(before, None | Some(' ' | '-')))
        .then_some(id)
}

/// A page's title as a wikilink may name it, without parsing the page:
/// a `title:` (YAML) or `title =` (TOML) line of the front matter, else the
/// first `# ` heading.
fn quick_title(text: &str) -> Option<String> {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let mut lines = text.lines();
    let unquote = |value: &str| {
        let value = value.trim();
        value
            .strip_prefix('"')
            .and_then(|value| value.strip_suffix('"'))
            .or_else(|| {
                value
                    .strip_prefix('\'')
                    .and_then(|value| value.strip_suffix('\''))
            })
            .unwrap_or(value)
            .to_string()
    };
    let mut first = lines.next();
    if let Some(fence @ ("---" | "+++")) = first.map(str::trim_end) {
        first = None;
        for line in lines.by_ref() {
            if line.trim_end() == fence {
                break;
            }
            let value = line.strip_prefix("title:").or_else(|| {
                line.strip_prefix("title =")
                    .or_else(|| line.strip_prefix("title="))
            });
            if let Some(value) = value.filter(|value| !value.trim().is_empty()) {
                return Some(unquote(value));
            }
        }
    }
    // Without front matter the first line may be the heading itself.
    first
        .into_iter()
        .chain(lines)
        .find_map(|line| line.strip_prefix("# "))
        .map(|title| title.trim().to_string())
}

use crate::kinds::{is_markdown_path, strip_markdown_extension};

/// What a link's fragment comes to once the target's anchors are known:
/// as written; the real id when it differs only in letter case (as GitHub
/// forgives); or dropped, so the link still leads to the page.
pub fn fragment_fix<'a>(fragment: &str, anchors: &'a [String]) -> Option<Option<&'a str>> {
    if fragment.is_empty()
        || anchors
            .binary_search_by(|a| a.as_str().cmp(fragment))
            .is_ok()
    {
        return None;
    }
    let folded = fragment.to_lowercase();
    Some(
        anchors
            .iter()
            .find(|anchor| anchor.to_lowercase() == folded)
            .map(String::as_str),
    )
}

/// A page's HTML with each link corrected once every page is known: a
/// fragment its target lacks is written with the real id or dropped, and a
/// link to an unpublished page (a draft) keeps its text but loses its
/// address. `links` pairs each recorded link with its target's anchors
/// (sorted), or None when the target is not published.
pub fn fix_fragments<'a, 'b>(
    content: &'a str,
    links: impl Iterator<Item = (&'b LinkRecord, Option<&'b [String]>)>,
) -> Cow<'a, str> {
    let attribute = |href: &str| {
        let mut out = String::from("href=\"");
        let _ = pulldown_cmark_escape::escape_href(&mut out, href);
        out.push('"');
        out
    };
    let mut content = Cow::Borrowed(content);
    for (link, anchors) in links {
        let old = attribute(&link.href);
        let Some(anchors) = anchors else {
            if content.contains(&old) {
                content = Cow::Owned(unlink(&content, &format!("<a {old}")));
            }
            continue;
        };
        let Some(fragment) = &link.fragment else {
            continue;
        };
        let Some(fix) = fragment_fix(fragment, anchors) else {
            continue;
        };
        let base = link.href.rsplit_once('#').map_or("", |(base, _)| base);
        let fixed = match (fix, base) {
            (Some(anchor), _) => format!("{base}#{}", encode(anchor)),
            (None, "") => "#".to_string(),
            (None, base) => base.to_string(),
        };
        if content.contains(&old) {
            content = Cow::Owned(content.replace(&old, &attribute(&fixed)));
        }
    }
    content
}

/// Every `<a href="…">…</a>` opened by `opening` as a `<span>` saying why.
fn unlink(content: &str, opening: &str) -> String {
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    while let Some(start) = rest.find(opening) {
        let Some(tag_end) = rest[start..].find('>').map(|end| start + end + 1) else {
            break;
        };
        let Some(close) = rest[tag_end..].find("</a>").map(|at| tag_end + at) else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str("<span class=\"broken-link\" title=\"broken link: the page is a draft\">");
        out.push_str(&rest[tag_end..close]);
        out.push_str("</span>");
        rest = &rest[close + 4..];
    }
    out.push_str(rest);
    out
}

/// Where the redirect page for an old path goes: `/old/about/` and
/// `old/about` → `old/about/index.html`, `/old.html` stays. A path without
/// a leading `/` is from the page's folder, as Hugo reads it.
pub fn alias_output_path(from: &str, alias: &str) -> Result<String, String> {
    let alias = alias.trim();
    if has_scheme(alias) || alias.starts_with("//") {
        return Err(format!(
            "`{alias}` is an address on another site, not an old path of this one"
        ));
    }
    let alias = alias.split(['#', '?']).next().unwrap_or_default();
    let decoded = decode(alias);
    let base = if decoded.starts_with('/') {
        ""
    } else {
        from.rsplit_once('/').map_or("", |(folder, _)| folder)
    };
    let path =
        normalize(base, &decoded).ok_or_else(|| format!("`{alias}` points outside the site"))?;
    if path.is_empty() {
        return Err(format!("`{alias}` is the site's home page"));
    }
    let last = path.rsplit('/').next().unwrap_or(&path);
    Ok(
        if !decoded.ends_with('/') && (last.ends_with(".html") || last.ends_with(".htm")) {
            path
        } else {
            format!("{path}/index.html")
        },
    )
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
mod quick_title_tests {
    use super::quick_title;

    #[test]
    fn a_file_that_starts_with_its_heading_has_that_title() {
        // It was skipped as if it were a front-matter fence, so wikilinks
        // by title missed every page without front matter.
        assert_eq!(
            quick_title("# Topic 1\n\n## More\n").as_deref(),
            Some("Topic 1")
        );
        assert_eq!(
            quick_title("+++\ntitle = \"T\"\n+++\n# H\n").as_deref(),
            Some("T")
        );
        assert_eq!(quick_title("---\nx: 1\n---\n# H\n").as_deref(), Some("H"));
    }
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
                image: None,
            })
            .collect();
        LinkIndex::new(&files, &assets, false)
    }

    fn href(resolution: Resolution) -> String {
        match resolution {
            Resolution::Rewrite { href, .. } | Resolution::Asset { href, .. } => href,
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
                missing: Some("content/handbook/sales".into()),
            }
        );
    }

    #[test]
    fn alias_paths_become_redirect_files() {
        let path = |alias| alias_output_path("team/about.md", alias);
        assert_eq!(path("/old/about/").unwrap(), "old/about/index.html");
        assert_eq!(path("/old/about").unwrap(), "old/about/index.html");
        assert_eq!(path("/about-us.html").unwrap(), "about-us.html");
        assert_eq!(path("people").unwrap(), "team/people/index.html");
        assert!(path("https://example.com/x").is_err());
        assert!(path("/").is_err());
        assert!(path("../../x").is_err());
    }

    #[test]
    fn resolves_names_as_other_tools_write_them() {
        let files = [
            "handbook/about/_index.md",
            "handbook/team.md",
            "notes/My Page 0123456789abcdef0123456789abcdef.md",
            "guides/Onboarding.md",
        ];
        let links = index(&files, &["img/chart.png"]);
        let from = ("handbook/team.md", "handbook/team/index.html");
        let wiki =
            |destination| href(links.resolve_as(from.0, from.1, destination, LinkStyle::Wiki));
        let path = |destination| href(links.resolve(from.0, from.1, destination));
        assert_eq!(
            wiki("about#Who is eligible?"),
            "../../handbook/about/index.html#who-is-eligible"
        );
        assert_eq!(wiki("onboarding"), "../../guides/Onboarding/index.html");
        assert_eq!(wiki("chart.png"), "../../img/chart.png");
        assert_eq!(
            path("huddle-ref:about#x"),
            "../../handbook/about/index.html#x"
        );
        assert_eq!(
            path("huddle-ref:/handbook/about/_index.md"),
            "../../handbook/about/index.html"
        );
        assert_eq!(path("/handbook/about/"), "../../handbook/about/index.html");
        assert_eq!(path("about/"), "../../handbook/about/index.html");
        assert_eq!(
            path("../notes/My%20Page%200123456789abcdef0123456789abcdef.md"),
            "../../notes/My%20Page%200123456789abcdef0123456789abcdef/index.html"
        );
        // Notion renamed the page; its id still finds it.
        assert_eq!(
            path("../notes/Old%20Name%200123456789abcdef0123456789abcdef.md"),
            "../../notes/My%20Page%200123456789abcdef0123456789abcdef/index.html"
        );
        assert_eq!(
            path("../guides/onboarding.MD"),
            "../../guides/Onboarding/index.html"
        );
        assert!(matches!(
            links.resolve_as(from.0, from.1, "Nowhere", LinkStyle::Wiki),
            Resolution::Broken { .. }
        ));
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
