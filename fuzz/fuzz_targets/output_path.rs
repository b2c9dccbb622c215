//! Output-path construction: where a content file is placed
//! (`content::place`) and where a body link leads (`LinkIndex::resolve`)
//! always stay inside the output folder, whatever the file's name and the
//! link's text.
#![no_main]

use std::ffi::OsStr;

use huddle::content::{SourceFile, is_ignored_name, place};
use huddle::links::{LinkIndex, Resolution};
use libfuzzer_sys::fuzz_target;

/// Pages besides the fuzzed one, so links have somewhere to go.
const NEIGHBOURS: [&str; 4] = [
    "index.md",
    "reps/ana.md",
    "guides/index.md",
    "guides/crm.md",
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (relative, destination) = text.split_once('\n').unwrap_or((text, ""));
    // Only names a walk of content/ can produce: no empty, `.` or `..`
    // component, and none of the names discovery ignores.
    if relative.is_empty()
        || relative
            .split('/')
            .any(|part| part.is_empty() || is_ignored_name(OsStr::new(part)) || part == "..")
    {
        return;
    }
    for folder_has_index in [false, true] {
        let (_, _, _, output_path) = place(relative, folder_has_index);
        assert_inside(&output_path, relative);
        assert!(output_path.ends_with(".html"), "{output_path}");
    }
    let files: Vec<SourceFile> = NEIGHBOURS
        .iter()
        .copied()
        .chain([relative])
        .map(|relative| SourceFile::new(relative, relative.into(), String::new(), false))
        .collect();
    for pretty_links in [false, true] {
        let index = LinkIndex::new(&files, &[], pretty_links);
        for file in &files {
            // A broken root-absolute link is still written, relative: its
            // fallback must stay inside too.
            let href = match index.resolve(&file.relative, &file.output_path, destination) {
                Resolution::Rewrite { href, .. } => Some(href),
                Resolution::Broken { fallback, .. } => fallback,
                _ => None,
            };
            if let Some(href) = href {
                let folder = file
                    .output_path
                    .rsplit_once('/')
                    .map_or("", |(folder, _)| folder);
                let path = href.split(['?', '#']).next().unwrap_or_default();
                let joined = format!("{folder}/{}", percent_decode(path));
                assert!(
                    stays_inside(&joined),
                    "{destination:?} from {} became {href:?}",
                    file.relative
                );
            }
        }
    }
});

/// An output path is relative, and has no empty, `.` or `..` component.
fn assert_inside(output_path: &str, relative: &str) {
    assert!(
        output_path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".."),
        "{relative:?} placed at {output_path:?}"
    );
}

/// Whether a `/`-separated path below the output root never climbs above it.
fn stays_inside(path: &str) -> bool {
    let mut depth: usize = 0;
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match depth.checked_sub(1) {
                Some(up) => depth = up,
                None => return false,
            },
            _ => depth += 1,
        }
    }
    true
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && let Some(hex) = text.get(index + 1..index + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            index += 3;
            continue;
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
