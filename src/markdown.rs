//! Markdown bodies to HTML: GitHub-style heading ids, every link target
//! handed to the caller to check and rewrite, raw HTML sanitised, allowed or
//! escaped, and the plain text a page needs for titles, summaries and search.
//!
//! The module knows nothing of front matter, templates or the site: the body
//! arrives as a string with the line it starts on, links leave through a
//! closure, and everything else comes back in `Rendered`.

mod alerts;
mod heading_id;
mod images;
mod raw_html;
mod regions;
mod shortcodes;

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

pub use crate::html::{RawHtml, has_unsafe_scheme};
use heading_id::HeadingIds;
use images::PendingImage;
use raw_html::Piece;
use regions::Regions;
pub use shortcodes::REF_SCHEME;

/// The id GitHub gives a heading with this text (before repeats are numbered).
pub fn heading_slug(text: &str) -> String {
    heading_id::github_slug(text)
}

/// Rendering choices that come from the site config.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub raw_html: RawHtml,
}

/// A link target found in the body: Markdown links and images, and
/// `href`/`src` attributes in raw HTML.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkRef<'a> {
    /// As the browser would read it: Markdown escapes and HTML entities decoded.
    pub destination: &'a str,
    /// 1-based line in the file, so errors point where the author looks.
    pub line: usize,
    /// 1-based column in characters: the `[` or `<` of a Markdown link, the
    /// attribute name in raw HTML.
    pub column: usize,
    pub is_image: bool,
    /// Written `[[Page]]` (Obsidian, GitHub wikis): names a page by file
    /// name or title rather than by path.
    pub is_wikilink: bool,
}

/// What the caller wants done with a link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkAction {
    /// Leave the destination as written.
    Keep,
    /// Write this destination instead.
    Rewrite(String),
    /// Write this destination: an image of this size in pixels, written
    /// as `width` and `height` so the page keeps its layout as it loads.
    Image {
        href: String,
        width: u32,
        height: u32,
    },
    /// Leads nowhere: the text stays, the address goes, and a reader sees
    /// why (`<span class="broken-link" title="…">`).
    Unlink { reason: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// Every fragment a link may target: heading ids, footnote ids, and
    /// `id=""` / `name=""` found in raw HTML.
    pub anchors: Vec<String>,
    /// Text of the first level-1 heading: titles pages without front matter.
    pub first_heading: Option<String>,
    /// Plain text of the first top-level paragraph with any text, whitespace
    /// collapsed: the summary of a page that has none.
    pub first_paragraph: Option<String>,
    /// All visible text, whitespace collapsed, for the search index.
    pub text: String,
    /// The page held raw HTML nested too deeply to clean in reasonable time,
    /// so every tag was dropped and only its text kept.
    pub tags_dropped: bool,
}

/// Deeper than this, cleaning a page slows down quadratically (html5ever
/// checks the open elements at every tag): 40,000 nested `<div>`s take
/// seconds, ten times as many hours. No real page nests this deep.
const MAX_SANITIZED_DEPTH: usize = 1000;

/// Renders `body`, which starts on line `first_line` (1-based) of its file.
///
/// `resolve_link` sees every link destination in document order and says
/// whether to keep, rewrite or unlink it.
///
/// Hugo's `ref`/`relref` shortcodes in link destinations and its paired
/// `details` shortcode are rewritten first (see `shortcodes`); positions
/// are still reported in the body as written.
pub fn render(
    body: &str,
    first_line: usize,
    options: &Options,
    resolve_link: &mut dyn FnMut(&LinkRef) -> LinkAction,
) -> Rendered {
    let rewritten = shortcodes::rewrite(body);
    let (text, shifts, trusted_html) = match &rewritten {
        Some(rewritten) => (
            rewritten.text.as_str(),
            rewritten.shifts.as_slice(),
            rewritten.trusted_html.as_slice(),
        ),
        None => (body, &[][..], &[][..]),
    };
    let parser = Parser::new_ext(text, parser_options()).into_offset_iter();
    let mut transform = Transform::new(text, first_line, options.raw_html, resolve_link, parser);
    transform.source = body;
    transform.shifts = shifts;
    transform.trusted_html = trusted_html;
    let mut html = String::with_capacity(body.len() + body.len() / 2);
    pulldown_cmark::html::push_html(&mut html, &mut transform);
    // Cleaning re-parses the whole page with html5ever, which costs more
    // than rendering it; a page of plain Markdown has nothing to clean.
    let mut tags_dropped = false;
    if options.raw_html == RawHtml::Sanitize && transform.saw_raw_html {
        if raw_html::nesting_depth(&html) > MAX_SANITIZED_DEPTH {
            html = raw_html::text_only(&html);
            tags_dropped = true;
        } else {
            html = raw_html::sanitize(&html);
        }
    }
    let mut rendered = transform.finish(html);
    rendered.tags_dropped = tags_dropped;
    rendered
}

fn parser_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    O::ENABLE_TABLES
        | O::ENABLE_FOOTNOTES
        | O::ENABLE_STRIKETHROUGH
        | O::ENABLE_TASKLISTS
        | O::ENABLE_HEADING_ATTRIBUTES
        | O::ENABLE_GFM
        | O::ENABLE_WIKILINKS
}

/// The event stream between parser and HTML writer. It is an iterator so the
/// page is rendered in one pass; headings and HTML blocks are held back
/// until they end, because a heading's id depends on its whole text and a
/// comment or tag may span several lines of an HTML block.
struct Transform<'a, 'r, I> {
    events: I,
    /// The text parsed: the body with shortcodes rewritten.
    body: &'a str,
    /// The body as written, which positions are reported in.
    source: &'a str,
    /// (offset in `body` where a rewrite ends, the same place in `source`).
    shifts: &'a [(usize, usize)],
    /// Offsets in `body` of HTML blocks the rewrite made (`<details>`),
    /// which stay HTML even with `raw_html: deny`.
    trusted_html: &'a [usize],
    /// Per open link or image: whether it was unlinked (its end becomes `</span>`).
    open_links: Vec<bool>,
    first_line: usize,
    mode: RawHtml,
    resolve_link: &'r mut dyn FnMut(&LinkRef) -> LinkAction,
    /// Built on the first link: most pages have few, some none.
    lines: Option<LineIndex>,
    queue: VecDeque<Event<'a>>,
    heading: Option<PendingHeading<'a>>,
    html_block: Option<PendingHtmlBlock>,
    heading_ids: HeadingIds,
    headings: Vec<Heading>,
    anchors: Vec<String>,
    first_heading: Option<String>,
    paragraph: Option<PlainText>,
    first_paragraph: Option<String>,
    text: PlainText,
    depth: usize,
    image_depth: usize,
    /// A Markdown image being gathered into one `<img>` tag (see `images`).
    image: Option<PendingImage>,
    /// Images written so far: all but the first load lazily.
    images_seen: usize,
    /// The names of the page's scrolling regions (tables, code).
    regions: Regions,
    /// Inside raw `<script>`/`<style>`: their content is not visible text.
    in_raw_script: bool,
    in_code_block: bool,
    /// Inside a comment opened in text and never closed: how many inline
    /// tags were opened (and hidden) since.
    in_unclosed_comment: Option<usize>,
    saw_raw_html: bool,
}

struct PendingHeading<'a> {
    explicit_id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    text: String,
    events: Vec<Event<'a>>,
}

/// The lines of an HTML block joined, with where each starts in the body:
/// inside a block quote the `>` markers are not part of the lines.
#[derive(Default)]
struct PendingHtmlBlock {
    html: String,
    /// (offset in `html`, offset in the body), ascending.
    segments: Vec<(usize, usize)>,
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Transform<'a, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.queue.pop_front() {
                return Some(event);
            }
            let (event, range) = self.events.next()?;
            if let Some(event) = self.transform(event, range) {
                return Some(event);
            }
        }
    }
}

impl<'a, 'r, I> Transform<'a, 'r, I> {
    fn new(
        body: &'a str,
        first_line: usize,
        mode: RawHtml,
        resolve_link: &'r mut dyn FnMut(&LinkRef) -> LinkAction,
        events: I,
    ) -> Self {
        Transform {
            events,
            body,
            source: body,
            shifts: &[],
            trusted_html: &[],
            open_links: Vec::new(),
            first_line,
            mode,
            resolve_link,
            lines: None,
            queue: VecDeque::new(),
            heading: None,
            html_block: None,
            heading_ids: HeadingIds::default(),
            headings: Vec::new(),
            anchors: Vec::new(),
            first_heading: None,
            paragraph: None,
            first_paragraph: None,
            text: PlainText::default(),
            depth: 0,
            image_depth: 0,
            image: None,
            images_seen: 0,
            regions: Regions::default(),
            in_raw_script: false,
            in_code_block: false,
            in_unclosed_comment: None,
            saw_raw_html: false,
        }
    }

    fn finish(self, html: String) -> Rendered {
        Rendered {
            html,
            headings: self.headings,
            anchors: self.anchors,
            first_heading: self.first_heading,
            first_paragraph: self.first_paragraph,
            text: self.text.text,
            tags_dropped: false,
        }
    }

    /// Returns the event to write now, if any; events that come out as
    /// several wait in the queue.
    fn transform(&mut self, event: Event<'a>, range: Range<usize>) -> Option<Event<'a>> {
        let event = self.hide_unclosed_comment(event, &range)?;
        let offset = range.start;
        let top_level = self.depth == 0;
        match &event {
            Event::Start(_) => self.depth += 1,
            Event::End(tag) => {
                self.depth = self.depth.saturating_sub(1);
                // A raw `<script>` left open does not hide the next block.
                if !is_inline(*tag) {
                    self.in_raw_script = false;
                }
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading {
                id, classes, attrs, ..
            }) => {
                self.text.break_word();
                self.heading = Some(PendingHeading {
                    explicit_id: id,
                    classes,
                    // `{onclick=…}` would be raw HTML by another name.
                    attrs: if self.mode == RawHtml::Allow {
                        attrs
                    } else {
                        Vec::new()
                    },
                    text: String::new(),
                    events: Vec::new(),
                });
                None
            }
            Event::End(TagEnd::Heading(level)) => {
                self.finish_heading(level);
                None
            }
            Event::Start(Tag::HtmlBlock) => {
                self.html_block = Some(PendingHtmlBlock::default());
                None
            }
            Event::End(TagEnd::HtmlBlock) => {
                self.finish_html_block();
                None
            }
            Event::Html(html) => {
                // pulldown-cmark puts every line in a block; be safe if not.
                let standalone = self.html_block.is_none();
                let block = self
                    .html_block
                    .get_or_insert_with(PendingHtmlBlock::default);
                block.segments.push((block.html.len(), offset));
                block.html.push_str(&html);
                if standalone {
                    self.finish_html_block();
                }
                None
            }
            Event::InlineHtml(html) => self.inline_html(html, range),
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.link(event, offset),
            Event::End(TagEnd::Link | TagEnd::Image) => {
                let is_image = matches!(event, Event::End(TagEnd::Image));
                if self.open_links.pop() == Some(true) {
                    return self.emit(Event::InlineHtml("</span>".into()));
                }
                if is_image {
                    self.image_depth = self.image_depth.saturating_sub(1);
                }
                self.emit(event)
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                self.emit_later(event);
                self.emit_later(alerts::title(kind));
                None
            }
            Event::Start(Tag::Table(_)) => {
                let label = self.region_label("Table");
                self.emit_later(Event::Html(regions::table_start(&label).into()));
                self.emit_later(event);
                None
            }
            Event::End(TagEnd::Table) => {
                self.emit_later(event);
                self.emit_later(Event::Html(regions::TABLE_END.into()));
                None
            }
            Event::Start(Tag::CodeBlock(ref kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => Some(info.as_ref()),
                    CodeBlockKind::Indented => None,
                };
                let label = self.region_label("Code");
                let start = regions::code_start(&label, info);
                self.text.break_word();
                self.emit(Event::Html(start.into()))
            }
            Event::End(TagEnd::CodeBlock) => {
                self.text.break_word();
                self.emit(Event::Html(regions::CODE_END.into()))
            }
            Event::TaskListMarker(checked) => {
                self.emit(Event::InlineHtml(regions::task_marker(checked).into()))
            }
            Event::Start(Tag::FootnoteDefinition(ref name)) => {
                self.anchors.push(name.to_string());
                self.emit(event)
            }
            Event::Start(Tag::Paragraph) => {
                if top_level && self.first_paragraph.is_none() {
                    self.paragraph = Some(PlainText::default());
                }
                self.emit(event)
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(paragraph) = self.paragraph.take()
                    && !paragraph.text.is_empty()
                {
                    self.first_paragraph = Some(paragraph.text);
                }
                self.emit(event)
            }
            _ => self.emit(event),
        }
    }

    /// A unique name for a table or code block, from the heading it is under.
    fn region_label(&mut self, what: &str) -> String {
        let section = self.headings.last().map(|heading| heading.text.as_str());
        self.regions.label(what, section)
    }

    /// A comment opened in text and never closed (`Done. <!-- ask Bo`) is
    /// not raw HTML to CommonMark, so it would be shown as text; the author
    /// meant to hide it, and a browser would hide the rest of the page. The
    /// text from `<!--` to the end of its block is dropped (code excepted).
    fn hide_unclosed_comment(
        &mut self,
        event: Event<'a>,
        range: &Range<usize>,
    ) -> Option<Event<'a>> {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => self.in_code_block = true,
            Event::End(TagEnd::CodeBlock) => self.in_code_block = false,
            _ => {}
        }
        if let Some(hidden_tags) = &mut self.in_unclosed_comment {
            match &event {
                Event::Start(tag) if is_inline(tag.to_end()) => *hidden_tags += 1,
                Event::End(tag) if is_inline(*tag) && *hidden_tags > 0 => *hidden_tags -= 1,
                // An inline tag opened before the comment still closes.
                Event::End(tag) if is_inline(*tag) => return Some(event),
                Event::Start(_) | Event::End(_) => {
                    self.in_unclosed_comment = None;
                    return Some(event);
                }
                _ => {}
            }
            return None;
        }
        let Event::Text(text) = &event else {
            return Some(event);
        };
        if self.in_code_block {
            return Some(event);
        }
        // The parser hands `<` over as text of its own when no tag follows;
        // `\<!--` is an escaped, shown one.
        let escaped = self
            .body
            .get(..range.start)
            .is_some_and(|before| before.ends_with('\\'))
            || self
                .body
                .get(range.clone())
                .is_some_and(|source| source.starts_with('\\'));
        let opens_here = text
            .find("<!--")
            .filter(|&at| at > 0 || !escaped)
            .or_else(|| {
                (text.ends_with('<')
                    && !escaped
                    && self
                        .body
                        .get(range.end.saturating_sub(1)..)
                        .is_some_and(|rest| rest.starts_with("<!--")))
                .then(|| text.len() - 1)
            });
        match opens_here {
            Some(at) if !text[at..].contains("-->") => {
                self.in_unclosed_comment = Some(0);
                (at > 0).then(|| Event::Text(text[..at].to_string().into()))
            }
            _ => Some(event),
        }
    }

    /// Resolves the destination of a link or image start.
    fn link(&mut self, mut event: Event<'a>, offset: usize) -> Option<Event<'a>> {
        let is_image = matches!(event, Event::Start(Tag::Image { .. }));
        let (Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        })
        | Event::Start(Tag::Image {
            link_type,
            dest_url,
            ..
        })) = &mut event
        else {
            return self.emit(event);
        };
        // The writer adds `mailto:` itself; the resolver must see it too, or
        // an address would look like a relative path.
        if *link_type == LinkType::Email {
            *link_type = LinkType::Autolink;
            *dest_url = format!("mailto:{dest_url}").into();
        }
        let is_wikilink = matches!(link_type, LinkType::WikiLink { .. });
        let destination = std::mem::replace(dest_url, CowStr::Borrowed(""));
        let size = match self.resolve(destination, offset, is_image, is_wikilink) {
            Ok((resolved, size)) => {
                *dest_url = resolved;
                size
            }
            Err(reason) => {
                self.open_links.push(true);
                let mut span = String::from("<span class=\"broken-link\" title=\"");
                raw_html::escape_attribute(&mut span, &reason);
                span.push_str("\">");
                return self.emit(Event::InlineHtml(span.into()));
            }
        };
        self.open_links.push(false);
        if is_image {
            self.image_depth += 1;
            // An image inside another's alt text is only text there.
            if self.image.is_none()
                && let Event::Start(Tag::Image {
                    dest_url, title, ..
                }) = &event
            {
                self.image = Some(PendingImage::new(
                    dest_url,
                    title,
                    size,
                    self.images_seen > 0,
                ));
                self.images_seen += 1;
                return None;
            }
        }
        self.emit(event)
    }

    /// Collects an event's visible text and passes it on, unless a heading
    /// is holding events back.
    fn emit(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        match &event {
            Event::Text(text) | Event::Code(text)
                if self.image_depth == 0 && !self.in_raw_script =>
            {
                self.collect_text(text);
            }
            Event::SoftBreak | Event::HardBreak => self.collect_text(" "),
            // Cells stay apart in the text (a search snippet of a table
            // reads `Ask · Give · Lower price`, not `Ask Give Lower price`).
            Event::End(TagEnd::TableCell) => self.text.break_cell(),
            Event::End(TagEnd::Table) => self.text.end_table(),
            Event::Start(tag) if !is_inline(tag.to_end()) => self.text.break_word(),
            Event::End(tag) if !is_inline(*tag) => self.text.break_word(),
            _ => {}
        }
        let event = match &mut self.image {
            Some(image) => {
                if !image.take(&event) {
                    return None;
                }
                let image = self.image.take()?;
                Event::InlineHtml(image.into_html().into())
            }
            None => event,
        };
        match &mut self.heading {
            Some(heading) => {
                heading.events.push(event);
                None
            }
            None => Some(event),
        }
    }

    fn emit_later(&mut self, event: Event<'a>) {
        if let Some(event) = self.emit(event) {
            self.queue.push_back(event);
        }
    }

    fn collect_text(&mut self, text: &str) {
        self.text.push(text);
        if let Some(heading) = &mut self.heading {
            heading.text.push_str(text);
        }
        if let Some(paragraph) = &mut self.paragraph {
            paragraph.push(text);
        }
    }

    fn finish_heading(&mut self, level: HeadingLevel) {
        let Some(heading) = self.heading.take() else {
            self.queue.push_back(Event::End(TagEnd::Heading(level)));
            return;
        };
        let id = match heading.explicit_id {
            Some(id) => self.heading_ids.reserve(id.into_string()),
            None => self.heading_ids.slug(&heading.text),
        };
        let mut text = PlainText::default();
        text.push(&heading.text);
        if level == HeadingLevel::H1 && self.first_heading.is_none() {
            self.first_heading = Some(text.text.clone());
        }
        self.anchors.push(id.clone());
        self.headings.push(Heading {
            level: level as u8,
            id: id.clone(),
            text: text.text,
        });
        self.queue.push_back(Event::Start(Tag::Heading {
            level,
            id: Some(id.into()),
            classes: heading.classes,
            attrs: heading.attrs,
        }));
        self.queue.extend(heading.events);
        self.queue.push_back(Event::End(TagEnd::Heading(level)));
        self.text.break_word();
    }

    fn finish_html_block(&mut self) {
        let Some(block) = self.html_block.take() else {
            return;
        };
        let trusted = block
            .segments
            .first()
            .is_some_and(|&(_, start)| self.trusted_html.binary_search(&start).is_ok());
        if trusted {
            self.saw_raw_html = true;
            self.emit_later(Event::Html(block.html.into()));
            return;
        }
        if self.mode == RawHtml::Deny {
            let text = raw_html::strip_comments(&block.html);
            let text = text.trim_end();
            if !text.trim_start().is_empty() {
                self.emit_later(Event::Start(Tag::Paragraph));
                self.emit_later(Event::Text(text.to_string().into()));
                self.emit_later(Event::End(TagEnd::Paragraph));
            }
            return;
        }
        let html = self.scan_raw_html(&block.html, &block.segments, true);
        // An unclosed `<script>` must not hide the Markdown after the block.
        self.in_raw_script = false;
        if !html.trim().is_empty() {
            self.saw_raw_html = true;
            self.emit_later(Event::Html(html.into()));
        }
    }

    fn inline_html(&mut self, html: CowStr<'a>, range: Range<usize>) -> Option<Event<'a>> {
        // An inline comment is always a whole event (CommonMark's raw HTML).
        if html.starts_with("<!--") {
            return None;
        }
        if self.mode == RawHtml::Deny {
            return self.emit(Event::Text(html));
        }
        let source = self.body.get(range.clone()).unwrap_or_default();
        let segments = inline_segments(&html, source, range.start);
        let rewritten = self.scan_raw_html(&html, &segments, false);
        self.saw_raw_html = true;
        self.emit(Event::InlineHtml(rewritten.into()))
    }

    /// Drops comments, hands `href`/`src` values to the resolver and collects
    /// `id`/`name` values and visible text. `segments` maps offsets in `html`
    /// back to the body.
    fn scan_raw_html(&mut self, html: &str, segments: &[(usize, usize)], block: bool) -> String {
        let mut out = String::with_capacity(html.len());
        let mut copied = 0;
        for piece in raw_html::pieces(html) {
            let tag = match piece {
                Piece::Text(text) => {
                    self.raw_text(&html[text]);
                    continue;
                }
                Piece::Comment(comment) => {
                    out.push_str(&html[copied..comment.start]);
                    copied = comment.end;
                    continue;
                }
                Piece::Tag(tag) => tag,
            };
            let name = &html[tag.name.clone()];
            let is_script =
                name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style");
            if tag.closing || self.in_raw_script {
                // Markup inside a script is the script's text, not a link.
                if tag.closing && is_script {
                    self.in_raw_script = false;
                }
                continue;
            }
            self.in_raw_script = is_script;
            if block {
                self.text.break_word();
            }
            let is_img = name.eq_ignore_ascii_case("img");
            let mut image_size = None;
            let (mut has_size, mut has_loading) = (false, false);
            let tag_end = tag.attributes.last().map_or(tag.name.end, |attribute| {
                attribute.name.end.max(attribute.quoted_value.end)
            });
            for attribute in tag.attributes {
                let Some(value) = attribute.value else {
                    continue;
                };
                let name = &html[attribute.name.clone()];
                has_size |=
                    name.eq_ignore_ascii_case("width") || name.eq_ignore_ascii_case("height");
                has_loading |= name.eq_ignore_ascii_case("loading");
                let value = raw_html::decode_entities(&html[value]);
                let is_image = name.eq_ignore_ascii_case("src");
                if is_image || name.eq_ignore_ascii_case("href") {
                    let position = source_offset(segments, attribute.name.start);
                    let action = match self.resolve_link_at(&value, position, is_image, false) {
                        LinkAction::Image {
                            href,
                            width,
                            height,
                        } => {
                            image_size = Some((width, height));
                            LinkAction::Rewrite(href)
                        }
                        action => action,
                    };
                    match action {
                        LinkAction::Keep | LinkAction::Image { .. } => {}
                        LinkAction::Rewrite(new) => {
                            out.push_str(&html[copied..attribute.quoted_value.start]);
                            out.push('"');
                            raw_html::escape_attribute(&mut out, &new);
                            out.push('"');
                            copied = attribute.quoted_value.end;
                        }
                        // The element stays, its address goes.
                        LinkAction::Unlink { reason } => {
                            out.push_str(&html[copied..attribute.name.start]);
                            out.push_str("title=\"");
                            raw_html::escape_attribute(&mut out, &reason);
                            out.push('"');
                            copied = attribute.quoted_value.end;
                        }
                    }
                } else if (name.eq_ignore_ascii_case("id") || name.eq_ignore_ascii_case("name"))
                    && !value.is_empty()
                {
                    self.anchors.push(value.into_owned());
                }
            }
            if is_img {
                let lazy = self.images_seen > 0;
                self.images_seen += 1;
                let extra = images::raw_img_additions(image_size, lazy, has_size, has_loading);
                if !extra.is_empty() && copied <= tag_end {
                    out.push_str(&html[copied..tag_end]);
                    out.push_str(&extra);
                    copied = tag_end;
                }
            }
        }
        out.push_str(&html[copied..]);
        out
    }

    fn raw_text(&mut self, text: &str) {
        if !self.in_raw_script && !text.is_empty() {
            self.text.push(&raw_html::decode_entities(text));
        }
    }

    /// Resolves a Markdown link, never letting an unsafe scheme through;
    /// `Err(reason)` when it is to be unlinked.
    fn resolve(
        &mut self,
        destination: CowStr<'a>,
        offset: usize,
        is_image: bool,
        is_wikilink: bool,
    ) -> Result<(CowStr<'a>, Option<images::Size>), String> {
        let (destination, size) =
            match self.resolve_link_at(&destination, offset, is_image, is_wikilink) {
                LinkAction::Keep => (destination, None),
                LinkAction::Rewrite(new) => (new.into(), None),
                LinkAction::Image {
                    href,
                    width,
                    height,
                } => (href.into(), Some((width, height))),
                LinkAction::Unlink { reason } => return Err(reason),
            };
        Ok(if has_unsafe_scheme(&destination) {
            ("#".into(), None)
        } else {
            (destination, size)
        })
    }

    fn resolve_link_at(
        &mut self,
        destination: &str,
        offset: usize,
        is_image: bool,
        is_wikilink: bool,
    ) -> LinkAction {
        let (line, column) = self.locate(offset);
        (self.resolve_link)(&LinkRef {
            destination,
            line,
            column,
            is_image,
            is_wikilink,
        })
    }

    /// Line and column (1-based, in characters) of a byte offset in the body.
    fn locate(&mut self, offset: usize) -> (usize, usize) {
        let offset = shortcodes::original_offset(self.shifts, offset);
        let body = self.source;
        let mut offset = offset.min(body.len());
        while !body.is_char_boundary(offset) {
            offset -= 1;
        }
        let lines = self.lines.get_or_insert_with(|| LineIndex::new(body));
        let (line, column) = lines.locate(body, offset);
        (self.first_line.saturating_add(line), column)
    }
}

/// Byte offsets to lines and columns. Links arrive in document order, so a
/// column is counted on from the previous link on the same line: a minified
/// page with thousands of links on one line stays linear.
struct LineIndex {
    starts: Vec<usize>,
    /// The offset located last, and its column.
    last: (usize, usize),
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts: starts.collect(),
            last: (0, 1),
        }
    }

    /// 0-based line and 1-based column of `offset`, a char boundary in `text`.
    fn locate(&mut self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let line_start = self.starts[line];
        let (last_offset, last_column) = self.last;
        let column = if (line_start..=offset).contains(&last_offset) {
            last_column + text[last_offset..offset].chars().count()
        } else {
            text[line_start..offset].chars().count() + 1
        };
        self.last = (offset, column);
        (line, column)
    }
}

/// Whitespace-collapsed text, built a piece at a time.
#[derive(Default)]
struct PlainText {
    text: String,
    pending_space: bool,
    /// After a table cell: the next word, if any, starts a new cell.
    pending_cell: bool,
}

impl PlainText {
    fn push(&mut self, text: &str) {
        if text.starts_with(char::is_whitespace) {
            self.pending_space = true;
        }
        // Most text is ASCII, whose whitespace is found a byte at a time.
        if text.is_ascii() {
            self.push_words(text.split_ascii_whitespace());
        } else {
            self.push_words(text.split_whitespace());
        }
        if text.ends_with(char::is_whitespace) {
            self.pending_space = true;
        }
    }

    fn push_words<'t>(&mut self, words: impl Iterator<Item = &'t str>) {
        for (index, word) in words.enumerate() {
            if self.pending_cell && !self.text.is_empty() {
                self.text.push_str(" · ");
            } else if (index > 0 || self.pending_space) && !self.text.is_empty() {
                self.text.push(' ');
            }
            self.text.push_str(word);
            self.pending_space = false;
            self.pending_cell = false;
        }
    }

    /// Block boundaries separate words even where the source has no space.
    fn break_word(&mut self) {
        self.pending_space = true;
    }

    /// The end of a table cell: the next cell's text follows a ` · `.
    fn break_cell(&mut self) {
        self.pending_cell = true;
    }

    /// After a table, text follows as after any block.
    fn end_table(&mut self) {
        self.pending_cell = false;
        self.pending_space = true;
    }
}

/// Maps inline HTML back to the body. A tag spanning lines inside a block
/// quote or list comes without the container markers the source has.
fn inline_segments(html: &str, source: &str, source_start: usize) -> Vec<(usize, usize)> {
    let mut segments = vec![(0, source_start)];
    if html.len() == source.len() {
        return segments;
    }
    let (mut html_line_start, mut source_line_start) = (0, 0);
    for (html_line, source_line) in html.split('\n').zip(source.split('\n')) {
        if html_line_start > 0 {
            let markers = if source_line.ends_with(html_line) {
                source_line.len() - html_line.len()
            } else {
                0
            };
            segments.push((html_line_start, source_start + source_line_start + markers));
        }
        html_line_start += html_line.len() + 1;
        source_line_start += source_line.len() + 1;
    }
    segments
}

/// Where a position in joined HTML lines lies in the body.
fn source_offset(segments: &[(usize, usize)], position: usize) -> usize {
    let index = segments.partition_point(|&(start, _)| start <= position);
    match index.checked_sub(1).and_then(|i| segments.get(i)) {
        Some(&(start, source)) => source + (position - start),
        None => position,
    }
}

fn is_inline(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

#[cfg(test)]
mod tests;
