//! The `.huddle-output` marker: proof that huddle wrote a folder, and the list
//! of everything it wrote there; and the `.huddle-incomplete` marker of a
//! generation huddle is still writing.
//!
//! Plain text so a person can read it when a refusal points at it: a version
//! header, then one line per file, sorted by path:
//!
//! ```text
//! huddle-output 1
//! 5d1a0c3e9b7f2a10 2048 stories/big-win/index.html
//! ```
//!
//! The hash (xxh3, 64 bits) and size let the next build hard-link a file
//! instead of writing it again. The path comes last so it may hold spaces;
//! output paths never hold a newline.
//!
//! `.huddle-incomplete` lists, after its own header, every path the folder may
//! hold while huddle works on it, so that what a killed build left can still
//! be told apart from files someone else put there.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use xxhash_rust::xxh3::xxh3_64;

use super::Audience;

/// The marker's name at the top of an output folder.
pub(super) const MARKER: &str = ".huddle-output";

/// The marker of a generation being written or updated; it wins over
/// `MARKER` when a folder holds both.
pub(super) const INCOMPLETE: &str = ".huddle-incomplete";

/// Where a new `INCOMPLETE` is written before it replaces the old one, so the
/// folder is never without a marker.
pub(super) const INCOMPLETE_NEXT: &str = ".huddle-incomplete.next";

/// Every name huddle keeps for itself at the top of a generation.
pub(super) const MARKERS: [&str; 3] = [MARKER, INCOMPLETE, INCOMPLETE_NEXT];

const HEADER: &str = "huddle-output 1";

/// The header of a private build's marker (see `audience.rs`).
const PRIVATE_HEADER: &str = "huddle-output 1 private";

const INCOMPLETE_HEADER: &str = "huddle-incomplete 1";

/// What a file's bytes were: equal stamps mean the previous generation's file
/// can be reused as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Stamp {
    pub(super) hash: u64,
    pub(super) size: u64,
}

impl Stamp {
    pub(super) fn of(bytes: &[u8]) -> Stamp {
        Stamp {
            hash: xxh3_64(bytes),
            size: bytes.len() as u64,
        }
    }
}

/// Sorts the entries so that two builds of the same site write the same marker.
pub(super) fn render(mut entries: Vec<(&str, Stamp)>, audience: Audience) -> String {
    entries.sort_unstable_by(|left, right| left.0.cmp(right.0));
    let mut text = String::with_capacity(HEADER.len() + 9 + entries.len() * 64);
    text.push_str(HEADER);
    if let Some(word) = audience.marker_word() {
        text.push(' ');
        text.push_str(word);
    }
    text.push('\n');
    for (path, stamp) in entries {
        writeln!(text, "{:016x} {} {path}", stamp.hash, stamp.size)
            .expect("formatting into a String does not fail");
    }
    text
}

/// Returns the stamp of every file the marker lists, or what is wrong with it
/// and on which line.
pub(super) fn parse(text: &str) -> Result<HashMap<String, Stamp>, String> {
    let mut lines = text.lines();
    match lines.next() {
        Some(HEADER) => {}
        Some(header) if header == PRIVATE_HEADER => {}
        Some(other) if other.starts_with("huddle-output ") => {
            return Err(format!(
                "line 1: unknown version `{other}` (written by a newer huddle?)"
            ));
        }
        _ => return Err(format!("line 1: expected the header `{HEADER}`")),
    }
    let mut stamps = HashMap::new();
    for (index, line) in lines.enumerate() {
        let number = index + 2;
        let mut fields = line.splitn(3, ' ');
        let (Some(hash), Some(size), Some(path)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(format!("line {number}: expected `hash size path`"));
        };
        let (Ok(hash), Ok(size)) = (u64::from_str_radix(hash, 16), size.parse()) else {
            return Err(format!("line {number}: expected a hex hash and a size"));
        };
        if path.is_empty()
            || stamps
                .insert(path.to_owned(), Stamp { hash, size })
                .is_some()
        {
            return Err(format!("line {number}: empty or repeated path"));
        }
    }
    Ok(stamps)
}

/// The in-progress marker listing `paths`, sorted.
pub(super) fn render_incomplete(mut paths: Vec<&str>) -> String {
    paths.sort_unstable();
    let length = paths.iter().map(|path| path.len() + 1).sum::<usize>();
    let mut text = String::with_capacity(INCOMPLETE_HEADER.len() + 1 + length);
    text.push_str(INCOMPLETE_HEADER);
    text.push('\n');
    for path in paths {
        text.push_str(path);
        text.push('\n');
    }
    text
}

/// Returns the paths an in-progress marker lists, or what is wrong with it.
pub(super) fn parse_incomplete(text: &str) -> Result<HashSet<String>, String> {
    let mut lines = text.lines();
    if lines.next() != Some(INCOMPLETE_HEADER) {
        return Err(format!("line 1: expected the header `{INCOMPLETE_HEADER}`"));
    }
    Ok(lines.map(str::to_owned).collect())
}
