//! TEMPORARY stub; replaced by the markdown branch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RawHtml {
    #[default]
    Sanitize,
    Allow,
    Deny,
}
pub struct Options {
    pub raw_html: RawHtml,
}
pub struct LinkRef<'a> {
    pub destination: &'a str,
    pub line: usize,
    pub column: usize,
    pub is_image: bool,
}
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub anchors: Vec<String>,
    pub first_heading: Option<String>,
    pub first_paragraph: Option<String>,
    pub text: String,
}
pub fn render(
    body: &str,
    first_line: usize,
    _options: &Options,
    resolve_link: &mut dyn FnMut(&LinkRef) -> Option<String>,
) -> Rendered {
    use pulldown_cmark::{Event, Options as O, Parser, Tag};
    let parser = Parser::new_ext(body, O::all()).map(|e| match e {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let new = resolve_link(&LinkRef {
                destination: &dest_url,
                line: first_line,
                column: 1,
                is_image: false,
            });
            Event::Start(Tag::Link {
                link_type,
                dest_url: new.map(Into::into).unwrap_or(dest_url),
                title,
                id,
            })
        }
        e => e,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    Rendered {
        html,
        headings: vec![],
        anchors: vec![],
        first_heading: None,
        first_paragraph: None,
        text: String::new(),
    }
}
