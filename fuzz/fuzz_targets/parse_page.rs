//! The whole single-page pipeline (front matter, Markdown, links, raw HTML)
//! on any text. Besides not panicking: with `raw_html: sanitize` or `deny`
//! no `<script` and no `javascript:`/`vbscript:`/`data:` URL in an `href`
//! or `src` reaches the page, and every problem names the file.
#![no_main]

use huddle::config::LinkPolicy;
use huddle::content::{Asset, SourceFile};
use huddle::links::LinkIndex;
use huddle::markdown::{self, RawHtml};
use huddle::page::{ParseOptions, parse_page};
use libfuzzer_sys::fuzz_target;

const PLACES: [&str; 4] = [
    "stories/big-win.md",
    "reps/ana-lee.md",
    "playbooks/meetings/weekly.md",
    "about/team.md",
];

/// Pages and an asset the fuzzed page can link to.
const NEIGHBOURS: [&str; 3] = ["reps/bo.md", "playbooks/discovery.md", "about/index.md"];

fn source_file(relative: &str, text: String) -> SourceFile {
    SourceFile::new(relative, relative.into(), text, false)
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let relative = PLACES[usize::from(selector & 3)];
    let raw_html = match (selector >> 2) & 3 {
        0 | 1 => RawHtml::Sanitize,
        2 => RawHtml::Deny,
        _ => RawHtml::Allow,
    };
    let pretty_links = selector & 16 != 0;
    let file = source_file(relative, String::from_utf8_lossy(rest).into_owned());
    let mut files: Vec<SourceFile> = NEIGHBOURS
        .iter()
        .map(|neighbour| source_file(neighbour, String::new()))
        .collect();
    files.push(file.clone());
    let assets = [Asset {
        relative: "about/chart.png".into(),
        absolute: "about/chart.png".into(),
        // A known size, so images take the width/height path too.
        image: Some(huddle::content::ImageSize {
            width: 640,
            height: 480,
        }),
    }];
    let index = LinkIndex::new(&files, &assets, pretty_links);
    let options = ParseOptions {
        markdown: markdown::Options { raw_html },
        links: LinkPolicy::Error,
    };
    let display = file.display.clone();
    let (page, diagnostics) = parse_page(file, &index, &options);
    for diagnostic in &diagnostics {
        assert_eq!(diagnostic.file.as_deref(), Some(display.as_str()));
        let _ = diagnostic.to_string();
    }
    if raw_html != RawHtml::Allow {
        let lower = page.content.to_ascii_lowercase();
        assert!(
            !lower.contains("<script"),
            "a script survived: {}",
            page.content
        );
        for attribute in ["href=\"", "src=\""] {
            for (at, _) in lower.match_indices(attribute) {
                let value = &page.content[at + attribute.len()..];
                let value = &value[..value.find('"').unwrap_or(value.len())];
                assert!(
                    !has_unsafe_scheme(&decode_entities(value)),
                    "an unsafe URL survived: {value:?} in {}",
                    page.content
                );
            }
        }
    }
});

/// Decodes the entities a serialiser may use in an attribute value.
fn decode_entities(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&end| end < 12);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let code = match name.strip_prefix('#') {
                Some(hex) if hex.starts_with(['x', 'X']) => u32::from_str_radix(&hex[1..], 16).ok(),
                Some(decimal) => decimal.parse().ok(),
                None => match name {
                    "amp" => Some(u32::from('&')),
                    "colon" => Some(u32::from(':')),
                    "tab" => Some(u32::from('\t')),
                    "newline" => Some(u32::from('\n')),
                    _ => None,
                },
            };
            code.and_then(char::from_u32).map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, length)) => {
                out.push(c);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// As a browser reads a URL: leading spaces and controls skipped, tabs and
/// newlines anywhere dropped, the scheme compared without case.
fn has_unsafe_scheme(url: &str) -> bool {
    let significant: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let Some((scheme, _)) = significant.split_once(':') else {
        return false;
    };
    matches!(
        scheme.to_ascii_lowercase().as_str(),
        "javascript" | "vbscript" | "data"
    )
}
