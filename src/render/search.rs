//! The search index: plain JavaScript files the theme's `search.js` loads
//! with `<script>` tags, so search works from `file://` (where `fetch` of a
//! local file is refused) as well as over HTTP, with no server.
//!
//! The index is sharded by page: `search/index.js` is a small manifest that
//! names the shards, and `search/shard-N.js` holds the pages whose source
//! path hashes to N. A page's shard never depends on other pages, so an edit
//! rewrites one shard, not the whole index (see `shard_of`). The shard count
//! grows with the site in powers of two, so it only moves when files are
//! added or removed, which rebuild everything anyway.
//!
//! Only published pages are indexed, and no `private:` data ever is, even in
//! a `--private` build: the index is one file anyone with the site can read.

use std::fmt::Write;

use serde::Serialize;

use crate::content::{Kind, Role};
use crate::output::{Contents, OutputFile};
use crate::site::Site;

use crate::links::url;

/// The manifest's path in the output.
pub(crate) const MANIFEST: &str = "search/index.js";

/// Most pages per shard: with the count rounded up to a power of two a
/// shard holds 128 to 256 pages, 200 to 450 KB at about 1.7 KB a page, quick
/// to parse on a phone; a wiki of up to 256 pages stays one file.
const PAGES_PER_SHARD: usize = 256;

/// Body text kept per page. Long pages are searchable by their first few
/// thousand characters, which holds the situation, actions and results of
/// any story; the index stays near 2 KB per page.
const TEXT_LIMIT: usize = 2_000;

/// `search/index.js`: the shard count and file names, loaded first.
/// Depends only on the number of source pages (and nothing else).
pub fn manifest(site: &Site) -> OutputFile {
    let count = shard_count(site);
    let files: Vec<String> = (0..count).map(shard_file).collect();
    let manifest = serde_json::json!({
        "version": 1,
        "shards": files,
    });
    let text = format!(
        "/* huddle search manifest: the shards search.js loads. Generated; do not edit. */\n\
         (window.huddleSearch = window.huddleSearch || []).push([\"manifest\", {manifest}]);\n"
    );
    OutputFile {
        path: MANIFEST.into(),
        contents: Contents::Bytes(text.into_bytes().into()),
    }
}

/// The shard a page's record lives in: a stable hash of its source path
/// (`stories/big-win.md`), so it moves only when the shard count does.
pub fn shard_of(site: &Site, page: usize) -> usize {
    (fnv1a(site.pages[page].file.relative.as_bytes()) % shard_count(site) as u64) as usize
}

/// `search/shard-N.js`: the records of the published pages in shard N, in
/// page order. Depends, for each page whose `shard_of` is N, on whether it is
/// published and on its summary and body text.
pub fn shard(site: &Site, shard: usize) -> OutputFile {
    let count = shard_count(site);
    let pages: Vec<usize> = (0..site.pages.len())
        .filter(|&page| {
            fnv1a(site.pages[page].file.relative.as_bytes()) % count as u64 == shard as u64
        })
        .collect();
    shard_file_for(site, shard, &pages)
}

/// Every shard, for a full build (each page hashed once).
pub fn shards(site: &Site) -> Vec<OutputFile> {
    let count = shard_count(site);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (page, source) in site.pages.iter().enumerate() {
        members[(fnv1a(source.file.relative.as_bytes()) % count as u64) as usize].push(page);
    }
    use rayon::prelude::*;
    members
        .par_iter()
        .enumerate()
        .map(|(shard, pages)| shard_file_for(site, shard, pages))
        .collect()
}

/// How many shards the index has: one per [`PAGES_PER_SHARD`] source files,
/// rounded up to a power of two. Counts every source file (drafts too), so
/// publishing a draft never reshuffles the index.
pub fn shard_count(site: &Site) -> usize {
    site.pages
        .len()
        .div_ceil(PAGES_PER_SHARD)
        .max(1)
        .next_power_of_two()
}

/// One page as the index holds it (serialised as a JSON array to save
/// bytes; `search.js` reads the positions).
#[derive(Serialize, Debug, PartialEq)]
pub(crate) struct Record {
    pub kind: &'static str,
    pub title: String,
    /// From the site root, like every URL in the context.
    pub url: String,
    /// The front-matter summary when it is not the start of the body (a
    /// summary taken from the first paragraph would repeat it).
    pub summary: String,
    /// What a reader filters and scans by: outcome, reps, customer, skills…
    pub meta: String,
    /// The visible body text, whitespace collapsed, cut at [`TEXT_LIMIT`].
    pub text: String,
}

/// The record of a published page, None for anything the index must not hold.
pub(crate) fn record(site: &Site, index: usize) -> Option<Record> {
    let page = &site.pages[index];
    if !site.published[index] || page.file.role != Role::Page {
        return None;
    }
    let front_matter = &page.front_matter;
    let relations = &site.relations[index];
    let mut meta: Vec<&str> = Vec::new();
    let titles = |indexes: &[usize]| -> Vec<&str> {
        indexes
            .iter()
            .map(|&other| site.pages[other].title.as_str())
            .collect()
    };
    match page.kind() {
        Kind::Story => {
            if let Some(outcome) = front_matter.outcome {
                meta.push(outcome.name());
            }
            meta.extend(titles(&relations.reps));
            meta.extend(front_matter.customer.as_deref());
            meta.extend(front_matter.industry.as_deref());
            meta.extend(front_matter.competitor.as_deref());
        }
        Kind::Playbook => {
            meta.extend(front_matter.stage.as_deref());
            if let Some(owner) = relations.owner {
                meta.push(&site.pages[owner].title);
            }
        }
        Kind::Rep => {
            meta.extend(front_matter.role.as_deref());
            meta.extend(front_matter.team.as_deref());
            meta.extend(front_matter.region.as_deref());
            meta.extend(front_matter.strengths.iter().map(String::as_str));
        }
        Kind::Meeting | Kind::Role => {
            meta.extend(front_matter.team.as_deref());
            meta.extend(titles(&relations.reps));
        }
        // In the index of a private build only (`record` skips what is
        // not published).
        Kind::Observation | Kind::Plan => {
            meta.extend(relations.rep.map(|rep| site.pages[rep].title.as_str()));
        }
        Kind::Page => {}
    }
    meta.extend(front_matter.skills.iter().map(String::as_str));
    meta.extend(front_matter.tags.iter().map(String::as_str));
    let mut seen = Vec::with_capacity(meta.len());
    for item in meta {
        let item = item.trim();
        if !item.is_empty()
            && !seen
                .iter()
                .any(|other: &&str| other.eq_ignore_ascii_case(item))
        {
            seen.push(item);
        }
    }
    let text = collapse(&page.text, TEXT_LIMIT);
    let summary = match &front_matter.summary {
        Some(summary) if !text.starts_with(summary.trim()) => summary.trim().to_string(),
        _ => String::new(),
    };
    Some(Record {
        kind: page.kind().name(),
        title: page.title.clone(),
        url: url::href(&page.file.output_path, site.config.pretty_links),
        summary,
        meta: seen.join(" · "),
        text,
    })
}

fn shard_file(shard: usize) -> String {
    format!("shard-{shard}.js")
}

/// The output path of shard N.
pub(crate) fn shard_path(shard: usize) -> String {
    format!("search/{}", shard_file(shard))
}

fn shard_file_for(site: &Site, shard: usize, pages: &[usize]) -> OutputFile {
    let mut text = String::with_capacity(256 + pages.len() * 2048);
    let _ = write!(
        text,
        "/* huddle search shard {shard}. Generated; do not edit. */\n\
         (window.huddleSearch = window.huddleSearch || []).push([\"shard\", {shard}, ["
    );
    let mut first = true;
    for &page in pages {
        let Some(record) = record(site, page) else {
            continue;
        };
        text.push_str(if first { "\n" } else { ",\n" });
        first = false;
        let row = (
            record.kind,
            record.title,
            record.url,
            record.summary,
            record.meta,
            record.text,
        );
        text.push_str(&script_json(&row));
    }
    text.push_str("\n]]);\n");
    OutputFile {
        path: shard_path(shard),
        contents: Contents::Bytes(text.into_bytes().into()),
    }
}

/// JSON for a script file, with `<`, `>` and `&` written as `\u003c` and the
/// like (still the same JSON): the text of a page titled `<script>` never
/// appears as markup in any output file, even one no browser parses as HTML.
fn script_json(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

/// Whitespace runs to one space, cut at a word boundary near `limit` bytes.
fn collapse(text: &str, limit: usize) -> String {
    let mut out = String::with_capacity(text.len().min(limit + 8));
    for word in text.split_whitespace() {
        if out.len() + word.len() + 1 > limit {
            if out.is_empty() {
                out.extend(word.chars().take(limit / 4));
            }
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// 64-bit FNV-1a: tiny, stable across Rust versions and platforms (unlike
/// `std`'s hasher), which shard assignment needs.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_whitespace_and_cuts_at_a_word() {
        assert_eq!(collapse("a  b\n\nc", 100), "a b c");
        assert_eq!(collapse("alpha beta gamma", 11), "alpha beta…");
    }

    #[test]
    fn markup_characters_are_escaped_in_the_json() {
        let json = script_json(&("<script>", "Tom & Jerry"));
        assert_eq!(json, r#"["\u003cscript\u003e","Tom \u0026 Jerry"]"#);
        let back: (String, String) = serde_json::from_str(&json).unwrap();
        assert_eq!(back.0, "<script>");
    }

    #[test]
    fn the_hash_is_stable() {
        // Shard assignment must not change between huddle versions or platforms.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
