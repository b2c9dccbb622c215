//! Parsing one page: front matter, then the Markdown body with its links
//! rewritten. Pages parse independently of each other, so the build runs
//! this over every file in parallel.

use crate::config::LinkPolicy;
use crate::content::{FrontMatter, Kind, Role, SourceFile, parse_front_matter};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Severity};
use crate::links::{LinkIndex, LinkRecord, LinkStyle, Resolution};
use crate::markdown::{self, Heading, LinkAction, LinkRef};

/// A parsed page: what its file says, rendered to HTML, with its links.
pub struct Page {
    pub file: SourceFile,
    pub front_matter: FrontMatter,
    /// From front matter, else the first `#` heading, else the file name.
    pub title: String,
    /// The title in lower case, computed once: pages sort by it.
    pub sort_title: String,
    /// From front matter, else the first paragraph, shortened.
    pub summary: Option<String>,
    /// The body as HTML.
    pub content: String,
    pub headings: Vec<Heading>,
    /// Every `#fragment` a link may target on this page, sorted for binary search.
    pub anchors: Vec<String>,
    /// Visible text of the body, for search.
    pub text: String,
    /// Links to other pages, checked once every page is parsed.
    pub links: Vec<LinkRecord>,
    /// Links to the page itself (`#agenda`).
    pub own_fragments: Vec<LinkRecord>,
}

impl Page {
    pub fn kind(&self) -> Kind {
        self.file.kind
    }

    pub fn id(&self) -> &str {
        &self.file.id
    }

    pub(crate) fn is_draft(&self) -> bool {
        self.front_matter.draft
    }

    /// Intros are shown on the home and kind index pages, not on their own.
    pub(crate) fn is_intro(&self) -> bool {
        self.file.role != Role::Page
    }

    /// The day the page sorts by: a story's date, a playbook's last review.
    pub fn date(&self) -> Option<Date> {
        self.front_matter.date.or(self.front_matter.updated)
    }
}

/// Settings the parse stage needs, taken from the config.
pub struct ParseOptions {
    pub markdown: markdown::Options,
    pub links: LinkPolicy,
}

/// Parses one file. Link problems are errors or warnings per `links:` in huddle.yaml.
pub fn parse_page(
    file: SourceFile,
    link_index: &LinkIndex,
    options: &ParseOptions,
) -> (Page, Vec<Diagnostic>) {
    let (front_matter, body_start, mut diagnostics) = parse_front_matter(&file);
    let body = &file.text[body_start.offset..];
    let mut links = Vec::new();
    let mut own_fragments = Vec::new();
    let mut broken_links = 0;
    let mut resolve = |link: &LinkRef| -> LinkAction {
        let style = if link.is_wikilink {
            LinkStyle::Wiki
        } else {
            LinkStyle::Path
        };
        let record = |fragment: Option<String>, target: usize, href: &str| LinkRecord {
            target,
            fragment,
            destination: link.destination.to_string(),
            href: href.to_string(),
            line: link.line,
            column: link.column,
        };
        match link_index.resolve_as(&file.relative, &file.output_path, link.destination, style) {
            Resolution::Keep => LinkAction::Keep,
            Resolution::SamePage { fragment } => {
                // A wikilink's fragment is a heading's text, written as its id.
                if link.is_wikilink {
                    let href = format!("#{}", crate::links::encode(&fragment));
                    own_fragments.push(record(Some(fragment), usize::MAX, &href));
                    LinkAction::Rewrite(href)
                } else {
                    own_fragments.push(record(Some(fragment), usize::MAX, link.destination));
                    LinkAction::Keep
                }
            }
            Resolution::Asset {
                href,
                image: Some(size),
            } if link.is_image => LinkAction::Image {
                href,
                width: size.width,
                height: size.height,
            },
            Resolution::Asset { href, .. } => LinkAction::Rewrite(href),
            Resolution::Rewrite {
                href,
                page,
                fragment,
            } => {
                if let Some(target) = page {
                    links.push(record(fragment, target, &href));
                }
                LinkAction::Rewrite(href)
            }
            Resolution::Broken {
                reason, missing, ..
            } => {
                broken_links += 1;
                if broken_links <= MAX_LINK_PROBLEMS {
                    diagnostics.push(
                        link_problem(
                            &file,
                            options.links,
                            format!("broken link: {reason}"),
                            link.line,
                            link.column,
                            link.destination.chars().count(),
                        )
                        .kind(crate::diagnostic::Kind::BrokenLink)
                        .to_target(missing.as_deref().unwrap_or_else(|| {
                            link.destination.split('#').next().unwrap_or_default()
                        })),
                    );
                }
                LinkAction::Unlink {
                    reason: format!("broken link: {reason}"),
                }
            }
        }
    };
    let rendered = markdown::render(body, body_start.line, &options.markdown, &mut resolve);
    if let Some(more) = broken_links
        .checked_sub(MAX_LINK_PROBLEMS)
        .filter(|&more| more > 0)
    {
        diagnostics.push(more_link_problems(&file, options.links, more));
    }
    if rendered.tags_dropped {
        diagnostics.push(
            Diagnostic::warning("raw HTML nests too deeply to be cleaned; only its text is shown")
                .in_file(&file.display)
                .with_help("close the HTML tags you open, or set `markdown.raw_html: deny`"),
        );
    }
    let title = front_matter
        .title
        .clone()
        .or_else(|| rendered.first_heading.clone())
        .unwrap_or_else(|| title_from_file_name(&file));
    let mut anchors = rendered.anchors;
    anchors.sort_unstable();
    anchors.dedup();
    let summary = front_matter
        .summary
        .clone()
        .or_else(|| rendered.first_paragraph.as_deref().map(shorten));
    let page = Page {
        file,
        front_matter,
        sort_title: title.to_lowercase(),
        title,
        summary,
        content: rendered.html,
        headings: rendered.headings,
        anchors,
        text: rendered.text,
        links,
        own_fragments,
    };
    (page, diagnostics)
}

/// Past this many link problems in one file the rest are counted, not
/// reported one by one: quoting a line costs a pass over the file, so a
/// generated page with 50,000 broken links took minutes, and no one reads
/// that many.
pub(crate) const MAX_LINK_PROBLEMS: usize = 200;

/// The problem that stands for a file's link problems past [`MAX_LINK_PROBLEMS`].
pub(crate) fn more_link_problems(file: &SourceFile, policy: LinkPolicy, more: usize) -> Diagnostic {
    let message = format!("{more} more broken links in this file");
    let diagnostic = match policy {
        LinkPolicy::Error => Diagnostic::error(message),
        LinkPolicy::Warn => Diagnostic::warning(message),
    };
    diagnostic
        .in_file(&file.display)
        .with_help("fix the links shown first; the rest are likely the same mistake")
}

/// A link problem as an error or, with `links: warn`, a warning.
pub(crate) fn link_problem(
    file: &SourceFile,
    policy: LinkPolicy,
    message: String,
    line: usize,
    column: usize,
    width: usize,
) -> Diagnostic {
    let diagnostic = match policy {
        LinkPolicy::Error => Diagnostic::error(message),
        LinkPolicy::Warn => Diagnostic::warning(message),
    };
    let diagnostic = diagnostic
        .in_file(&file.display)
        .at(&file.text, line, column, width);
    match diagnostic.severity {
        Severity::Error => diagnostic
            .with_help("fix the path, or set `links: warn` in huddle.yaml while migrating"),
        Severity::Warning => diagnostic,
    }
}

/// `crm-hygiene.md` → `Crm hygiene`; a folder page takes its folder's name.
fn title_from_file_name(file: &SourceFile) -> String {
    let stem = file
        .id
        .rsplit('/')
        .next()
        .filter(|stem| !stem.is_empty())
        .unwrap_or("Home");
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

/// About two lines of text, cut at a word boundary.
fn shorten(text: &str) -> String {
    const LIMIT: usize = 220;
    if text.chars().count() <= LIMIT {
        return text.to_string();
    }
    let cut: String = text.chars().take(LIMIT).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortens_at_a_word_boundary() {
        let long = "word ".repeat(100);
        let short = shorten(&long);
        assert!(short.ends_with("word…"));
        assert!(short.chars().count() <= 221);
    }
}
