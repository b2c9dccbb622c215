//! Images written for a phone: `width` and `height` when the build knows
//! the image's size (the caller's resolver says, as `LinkAction::Image`),
//! so the text below does not jump when the image arrives; and
//! `loading="lazy"` on every image but a page's first, which is likely on
//! the first screen, so a long page fetches only what a reader scrolls to.
//!
//! pulldown-cmark's writer has no place for either attribute, so a Markdown
//! image's events are gathered here and written as one `<img>` tag, with
//! the alt text the writer would have made.

use pulldown_cmark::Event;
use pulldown_cmark_escape::{escape_href, escape_html};

/// An image's size in pixels, as the resolver gave it.
pub(super) type Size = (u32, u32);

/// A Markdown image whose events are being gathered until it ends.
pub(super) struct PendingImage {
    src: String,
    title: String,
    size: Option<Size>,
    lazy: bool,
    alt: String,
    /// Tags opened inside the alt text and not yet closed.
    open: usize,
}

impl PendingImage {
    /// `src` is the destination as resolved; `lazy` is false for a page's first image.
    pub(super) fn new(src: &str, title: &str, size: Option<Size>, lazy: bool) -> Self {
        PendingImage {
            src: src.to_string(),
            title: title.to_string(),
            size,
            lazy,
            alt: String::new(),
            open: 0,
        }
    }

    /// Takes one event from inside the image; true when it is the image's end.
    pub(super) fn take(&mut self, event: &Event) -> bool {
        match event {
            // As pulldown-cmark writes alt text: the text of everything inside.
            Event::Text(text) | Event::Code(text) | Event::InlineMath(text) => {
                self.alt.push_str(text);
            }
            Event::SoftBreak | Event::HardBreak => self.alt.push(' '),
            Event::FootnoteReference(name) => {
                self.alt.push_str("[^");
                self.alt.push_str(name);
                self.alt.push(']');
            }
            Event::Start(_) => self.open += 1,
            Event::End(_) if self.open == 0 => return true,
            Event::End(_) => self.open -= 1,
            // Raw HTML inside alt text is no text (and a broken link's
            // `<span>` is the transform's own).
            _ => {}
        }
        false
    }

    /// The whole `<img>` tag.
    pub(super) fn into_html(self) -> String {
        let mut html = String::with_capacity(self.src.len() + self.alt.len() + 64);
        html.push_str("<img src=\"");
        let _ = escape_href(&mut html, &self.src);
        html.push_str("\" alt=\"");
        let _ = escape_html(&mut html, &self.alt);
        html.push('"');
        if !self.title.is_empty() {
            html.push_str(" title=\"");
            let _ = escape_html(&mut html, &self.title);
            html.push('"');
        }
        push_size_and_loading(&mut html, self.size, self.lazy);
        html.push_str(" />");
        html
    }
}

/// ` width="…" height="…"` and ` loading="lazy"`, as they apply.
pub(super) fn push_size_and_loading(html: &mut String, size: Option<Size>, lazy: bool) {
    use std::fmt::Write;
    if let Some((width, height)) = size {
        let _ = write!(html, " width=\"{width}\" height=\"{height}\"");
    }
    if lazy {
        html.push_str(" loading=\"lazy\"");
    }
}

/// What a raw `<img>` tag lacks of the same attributes: a size only when
/// it has neither `width` nor `height` (an author's own size wins, and one
/// of the two scales the other), lazy loading unless it says how to load.
pub(super) fn raw_img_additions(
    size: Option<Size>,
    lazy: bool,
    has_size: bool,
    has_loading: bool,
) -> String {
    let mut extra = String::new();
    push_size_and_loading(&mut extra, size.filter(|_| !has_size), lazy && !has_loading);
    extra
}

#[cfg(test)]
mod tests {
    use crate::markdown::{LinkAction, Options, RawHtml, render};

    /// Renders `body`; images under `sized/` are 640×480, and every link keeps its address.
    fn html(body: &str, raw_html: RawHtml) -> String {
        render(body, 1, &Options { raw_html }, &mut |link| match link
            .destination
            .strip_prefix("sized/")
        {
            Some(name) if link.is_image => LinkAction::Image {
                href: format!("out/{name}"),
                width: 640,
                height: 480,
            },
            _ => LinkAction::Keep,
        })
        .html
    }

    #[test]
    fn a_known_image_gets_its_size_and_every_image_but_the_first_loads_lazily() {
        let out = html(
            "![Pipeline *stages*](sized/a.png \"Q3\")\n\n![b](b.png)\n\n![c](sized/c.png)",
            RawHtml::Sanitize,
        );
        assert!(
            out.contains(
                r#"<img src="out/a.png" alt="Pipeline stages" title="Q3" width="640" height="480" />"#
            ),
            "{out}"
        );
        assert!(
            out.contains(r#"<img src="b.png" alt="b" loading="lazy" />"#),
            "{out}"
        );
        assert!(
            out.contains(
                r#"<img src="out/c.png" alt="c" width="640" height="480" loading="lazy" />"#
            ),
            "{out}"
        );
    }

    #[test]
    fn images_keep_their_attributes_with_raw_html_denied() {
        let out = html("![a](sized/a.png) ![b](b.png) <img src=x>", RawHtml::Deny);
        assert!(
            out.contains(r#"<img src="out/a.png" alt="a" width="640" height="480" />"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<img src="b.png" alt="b" loading="lazy" />"#),
            "{out}"
        );
        assert!(out.contains("&lt;img src=x&gt;"), "{out}");
    }

    #[test]
    fn alt_text_is_escaped_and_an_image_inside_it_is_text() {
        let out = html("![a \"b\" <c> ![d](sized/d.png)](e.png)", RawHtml::Sanitize);
        assert_eq!(out.matches("<img").count(), 1, "{out}");
        assert!(
            out.contains(r#"<img src="e.png" alt="a &quot;b&quot;  d""#),
            "{out}"
        );
    }

    #[test]
    fn an_image_in_a_heading_or_a_link_stays_in_place() {
        let out = html(
            "## Call ![icon](sized/i.png) now\n\n[![x](y.png)](z.md)",
            RawHtml::Sanitize,
        );
        assert!(
            out.contains(r#"<h2 id="call--now">Call <img src="out/i.png" alt="icon" width="640" height="480" /> now</h2>"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<a href="z.md"><img src="y.png" alt="x" loading="lazy" /></a>"#),
            "{out}"
        );
    }

    #[test]
    fn raw_img_tags_get_what_they_lack_and_keep_what_the_author_wrote() {
        for mode in [RawHtml::Sanitize, RawHtml::Allow] {
            let out = html(
                "<img src=\"sized/a.png\" alt=\"A\">\n\n<img src='sized/b.png' width=\"100\" loading=\"eager\" alt=\"B\">\n\n<p>x <img src=\"sized/c.png\" alt=\"C\"/></p>",
                mode,
            );
            assert!(
                out.contains(r#"<img src="out/a.png" alt="A" width="640" height="480">"#),
                "{mode:?}: {out}"
            );
            assert!(out.contains(r#"width="100""#), "{mode:?}: {out}");
            assert!(
                !out.contains(r#"width="100" loading="lazy""#),
                "{mode:?}: {out}"
            );
            assert!(out.contains(r#"loading="eager""#), "{mode:?}: {out}");
            assert!(
                out.contains(r#"alt="C" width="640" height="480" loading="lazy""#),
                "{mode:?}: {out}"
            );
        }
    }

    #[test]
    fn the_sanitizer_keeps_lazy_loading_on_markdown_images() {
        // Raw HTML on the page sends the whole page through the sanitizer.
        let out = html(
            "<b>x</b>\n\n![a](a.png) ![b](sized/b.png)",
            RawHtml::Sanitize,
        );
        assert!(out.contains(r#"loading="lazy""#), "{out}");
        assert!(out.contains(r#"width="640""#), "{out}");
    }
}
