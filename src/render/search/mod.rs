//! The search index: plain JavaScript files the theme's `search.js` loads
//! with `<script>` tags, so search works from `file://` (where `fetch` of a
//! local file is refused) as well as over HTTP, with no server. A query
//! loads only what it needs:
//!
//! - `search/index.js`, the manifest: how many records there are, which
//!   ids each kind has, the term files' keys and sizes, and the folding
//!   table (`fold`), so the script folds a query exactly as the index was;
//! - `search/t/KEY.js`, the term files: every folded word of the pages,
//!   with its postings (the records it is in, and whether in the title,
//!   the fields a reader scans, the summary or the text), filed by the
//!   word's first letters ([`terms::layout`]); a query loads the file of
//!   each of its words;
//! - `search/r/N.js`, the record files: what a result shows (kind, title,
//!   URL, summary, fields, text for the snippet), [`RECORDS_PER_FILE`]
//!   records a file, loaded only for the results on screen.
//!
//! Records are numbered in the order of equal-scoring results: by kind
//! (playbooks, stories, people, pages), then folded title, then URL; so the
//! script ranks by postings alone and loads records for the first results
//! only. An edit rewrites the term files of the words whose postings
//! changed and the record file of the page ([`Index::updated`]); a change
//! of that order (a new title, a page published) numbers them again.
//!
//! Only published pages are indexed, and no `private:` data ever is, even in
//! a `--private` build: the index is files anyone with the site can read.
//! The terms come from the record's own fields and the page's visible text,
//! nothing else.

mod fold;
mod record;

mod terms;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::Kind;
use crate::output::{Contents, OutputFile};
use crate::site::Site;

pub(crate) use record::script_json;
use record::{Record, is_indexed};
use terms::{Bucket, PageTerms, Posting, WordMap};

pub use terms::SPLIT_BYTES;

/// The manifest's path in the output.
pub const MANIFEST: &str = "search/index.js";

/// Records a record file holds. The first results of a query are often
/// neighbours in record order (equal scores sort by title), so a few share
/// a file; more would load records nobody sees. Measured on the generated
/// 10,000-page wiki (1.8 KB a record): 4 keeps the first screen of results
/// of a one-word query under 80 KB of records.
pub const RECORDS_PER_FILE: usize = 4;

/// One file of the index.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum File {
    Manifest,
    /// The term file of the words filed under a key (a folded prefix).
    Terms(String),
    /// Record file N: records N × [`RECORDS_PER_FILE`] onwards.
    Records(usize),
}

/// The output path of a file of the index.
pub fn path(file: &File) -> String {
    match file {
        File::Manifest => MANIFEST.into(),
        File::Terms(key) => format!("search/t/{}.js", terms::file_name(key)),
        File::Records(number) => format!("search/r/{number}.js"),
    }
}

/// Where the index's files go, for the script and for tests.
const PUSH: &str = "(window.huddleSearch = window.huddleSearch || []).push(";

/// The whole index, kept between rebuilds so an edit re-encodes only what
/// it changes. Cloning shares every file and postings list.
#[derive(Clone)]
pub struct Index {
    /// Record id → page index.
    order: Vec<usize>,
    /// Page index → record id and the key that placed it in `order`.
    ids: Vec<Option<(u32, Arc<OrderKey>)>>,
    /// Page index → its words, for telling which postings an edit changes.
    terms: Vec<Option<Arc<PageTerms>>>,
    /// Every word with its encoded postings.
    words: BTreeMap<Arc<str>, Arc<str>>,
    /// Term files by key, with how many words each holds.
    term_files: BTreeMap<String, (usize, Arc<[u8]>)>,
    record_files: Vec<Arc<[u8]>>,
    manifest: Arc<[u8]>,
}

/// What numbers the records: kind, folded title, URL.
type OrderKey = (u8, String, String);

/// The script's order of kinds for results that score alike.
fn kind_rank(kind: Kind) -> u8 {
    match kind {
        Kind::Playbook => 0,
        Kind::Story => 1,
        Kind::Rep => 2,
        Kind::Meeting => 3,
        Kind::Role => 4,
        Kind::Observation => 5,
        Kind::Plan => 6,
        Kind::Page => 7,
    }
}

fn order_key(record: &Record, kind: Kind) -> OrderKey {
    (
        kind_rank(kind),
        fold::fold(&record.title),
        record.url.clone(),
    )
}

impl Index {
    /// The index of a whole site.
    pub fn new(site: &Site) -> Index {
        let mut keyed: Vec<(OrderKey, usize, Record)> = (0..site.pages.len())
            .into_par_iter()
            .filter_map(|page| {
                let record = record::record(site, page)?;
                Some((order_key(&record, site.pages[page].kind()), page, record))
            })
            .collect();
        // Keys are unique: no two pages share a URL.
        keyed.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let page_terms: Vec<Arc<PageTerms>> = keyed
            .par_iter()
            .map(|(_, page, record)| Arc::new(PageTerms::of(record, &site.pages[*page].text)))
            .collect();
        // Postings per word, gathered a block of records at a time on every
        // core; blocks are joined in record order, so each list stays
        // sorted by id.
        const BLOCK: usize = 256;
        let postings: WordMap<&str, Vec<Posting>> = page_terms
            .par_chunks(BLOCK)
            .enumerate()
            .map(|(block, pages)| {
                let mut postings: WordMap<&str, Vec<Posting>> = WordMap::default();
                for (offset, terms) in pages.iter().enumerate() {
                    let id = (block * BLOCK + offset) as u32;
                    for (word, code) in terms.iter() {
                        postings.entry(word).or_default().push((id, code));
                    }
                }
                postings
            })
            .reduce(WordMap::default, |mut left, right| {
                for (word, mut later) in right {
                    left.entry(word).or_default().append(&mut later);
                }
                left
            });
        let encoded: Vec<(Arc<str>, Arc<str>)> = postings
            .into_par_iter()
            .map(|(word, postings)| (Arc::from(word), Arc::from(terms::encode(&postings))))
            .collect();
        let record_files = keyed
            .par_chunks(RECORDS_PER_FILE)
            .enumerate()
            .map(|(number, chunk)| record_file(number, chunk.iter().map(|(_, _, record)| record)))
            .collect();
        let mut ids = vec![None; site.pages.len()];
        let mut terms = vec![None; site.pages.len()];
        let mut order = Vec::with_capacity(keyed.len());
        for (id, ((key, page, _), page_terms)) in keyed.into_iter().zip(page_terms).enumerate() {
            ids[page] = Some((id as u32, Arc::new(key)));
            terms[page] = Some(page_terms);
            order.push(page);
        }
        let mut index = Index {
            order,
            ids,
            terms,
            words: encoded.into_iter().collect(),
            term_files: BTreeMap::new(),
            record_files,
            manifest: Arc::from(&[][..]),
        };
        index.lay_out(site, &BTreeSet::new());
        index
    }

    /// The index after the pages `changed` (by index) may have changed in
    /// `site`: the postings of the words whose fields changed, the term
    /// files they are in and the pages' record files are written again, the
    /// rest is shared with `self`. When the order of records would change
    /// (a page published or unpublished, a new title) every record is
    /// numbered again, as [`Index::new`] does.
    pub fn updated(&self, site: &Site, changed: &[usize]) -> Index {
        if site.pages.len() != self.ids.len()
            || (0..site.pages.len()).any(|page| is_indexed(site, page) != self.ids[page].is_some())
        {
            return Index::new(site);
        }
        let mut next = self.clone();
        let mut edited: Vec<(usize, u32, Record)> = Vec::new();
        let mut seen = BTreeSet::new();
        for &page in changed {
            let Some((id, key)) = &self.ids[page] else {
                continue;
            };
            if !seen.insert(page) {
                continue;
            }
            let Some(record) = record::record(site, page) else {
                return Index::new(site);
            };
            let new_key = order_key(&record, site.pages[page].kind());
            if new_key != **key {
                // A new title that keeps the page between its neighbours
                // keeps every id; checked against the neighbours' keys as
                // they are now, each pair of neighbours is checked once
                // with both keys final.
                if !next.fits_at(*id as usize, &new_key) {
                    return Index::new(site);
                }
                next.ids[page] = Some((*id, Arc::new(new_key)));
            }
            edited.push((page, *id, record));
        }
        let mut changes: BTreeMap<String, Vec<(u32, Option<u8>)>> = BTreeMap::new();
        let mut record_files = BTreeSet::new();
        for (page, id, record) in &edited {
            record_files.insert(*id as usize / RECORDS_PER_FILE);
            let new = PageTerms::of(record, &site.pages[*page].text);
            let Some(old) = self.terms[*page].as_deref() else {
                continue;
            };
            if *old == new {
                continue;
            }
            each_difference(old, &new, |word, code| {
                changes
                    .entry(word.to_owned())
                    .or_default()
                    .push((*id, code));
            });
            next.terms[*page] = Some(Arc::new(new));
        }
        for (word, word_changes) in &changes {
            let mut postings = next
                .words
                .get(word.as_str())
                .map(|encoded| terms::decode(encoded))
                .unwrap_or_default();
            for &(id, code) in word_changes {
                match (
                    postings.binary_search_by_key(&id, |posting| posting.0),
                    code,
                ) {
                    (Ok(at), Some(code)) => postings[at].1 = code,
                    (Ok(at), None) => {
                        postings.remove(at);
                    }
                    (Err(at), Some(code)) => postings.insert(at, (id, code)),
                    (Err(_), None) => {}
                }
            }
            if postings.is_empty() {
                next.words.remove(word.as_str());
            } else {
                next.words.insert(
                    Arc::from(word.as_str()),
                    Arc::from(terms::encode(&postings)),
                );
            }
        }
        for number in record_files {
            let ids =
                number * RECORDS_PER_FILE..((number + 1) * RECORDS_PER_FILE).min(next.order.len());
            let records: Vec<Record> = ids
                .map(|id| {
                    let page = next.order[id];
                    edited
                        .iter()
                        .find(|(edited, _, _)| *edited == page)
                        .map(|(_, _, record)| record.clone())
                        .or_else(|| record::record(site, page))
                        .expect("an indexed page has a record")
                })
                .collect();
            next.record_files[number] = record_file(number, records.iter());
        }
        let changed_words: BTreeSet<&str> = changes.keys().map(String::as_str).collect();
        next.lay_out(site, &changed_words);
        next
    }

    /// Whether a record with `key` sorts between the records next to `id`.
    fn fits_at(&self, id: usize, key: &OrderKey) -> bool {
        let key_of = |id: usize| {
            self.ids[self.order[id]]
                .as_ref()
                .map(|(_, key)| Arc::clone(key))
                .expect("a numbered page")
        };
        (id == 0 || *key_of(id - 1) < *key)
            && (id + 1 >= self.order.len() || *key < *key_of(id + 1))
    }

    /// Files the words into term files ([`terms::layout`]) and writes the
    /// manifest. A term file whose key and word count stay and none of whose
    /// words changed is kept as it was.
    fn lay_out(&mut self, site: &Site, changed_words: &BTreeSet<&str>) {
        let sorted: Vec<(&Arc<str>, &Arc<str>)> = self.words.iter().collect();
        let sizes: Vec<(&str, usize)> = sorted
            .iter()
            .map(|(word, postings)| (&***word, entry_size(word, postings)))
            .collect();
        let buckets = terms::layout(&sizes);
        let mut term_files = BTreeMap::new();
        for Bucket { key, start, end } in buckets {
            let count = end - start;
            let untouched = changed_words
                .range(key.as_str()..)
                .next()
                .is_none_or(|word| !word.starts_with(key.as_str()));
            let bytes = match self.term_files.get(&key) {
                Some((words, bytes)) if *words == count && untouched => Arc::clone(bytes),
                _ => term_file(&key, &sorted[start..end]),
            };
            term_files.insert(key, (count, bytes));
        }
        self.term_files = term_files;
        self.manifest = self.manifest_file(site);
    }

    /// `search/index.js`.
    fn manifest_file(&self, site: &Site) -> Arc<[u8]> {
        let mut kinds: Vec<(&'static str, usize, usize)> = Vec::new();
        for (id, &page) in self.order.iter().enumerate() {
            let kind = site.pages[page].kind().name();
            match kinds.last_mut() {
                Some((last, _, end)) if *last == kind => *end = id + 1,
                _ => kinds.push((kind, id, id + 1)),
            }
        }
        let keys: Vec<&str> = self.term_files.keys().map(String::as_str).collect();
        let kilobytes: Vec<usize> = self
            .term_files
            .values()
            .map(|(_, bytes)| bytes.len().div_ceil(1024))
            .collect();
        let fold: serde_json::Map<String, serde_json::Value> = fold::TABLE
            .iter()
            .map(|(letter, spelling)| (letter.to_string(), (*spelling).into()))
            .collect();
        let accents: Vec<(u32, u32)> = fold::ACCENT_RANGES
            .iter()
            .map(|&(first, last)| (first as u32, last as u32))
            .collect();
        let manifest = serde_json::json!({
            "version": 2,
            "records": self.order.len(),
            "perFile": RECORDS_PER_FILE,
            "kinds": kinds,
            "keys": keys.join(" "),
            "kb": kilobytes,
            "fold": fold,
            "accents": accents,
            "maxWord": fold::MAX_WORD_CHARS,
        });
        let text = format!(
            "/* huddle search manifest: what search.js loads for a query. Generated; do not edit. */\n\
             {PUSH}[\"manifest\",{}]);\n",
            script_json(&manifest)
        );
        Arc::from(text.into_bytes())
    }

    /// Every file of the index, in a fixed order.
    pub fn files(&self) -> Vec<File> {
        let mut files = vec![File::Manifest];
        files.extend(self.term_files.keys().cloned().map(File::Terms));
        files.extend((0..self.record_files.len()).map(File::Records));
        files
    }

    fn bytes(&self, file: &File) -> Option<&Arc<[u8]>> {
        match file {
            File::Manifest => Some(&self.manifest),
            File::Terms(key) => self.term_files.get(key).map(|(_, bytes)| bytes),
            File::Records(number) => self.record_files.get(*number),
        }
    }

    /// A file of the index, None for one it does not have.
    pub fn output(&self, file: &File) -> Option<OutputFile> {
        Some(OutputFile {
            path: path(file),
            contents: Contents::Bytes(Arc::clone(self.bytes(file)?)),
        })
    }

    /// The files whose bytes differ from `before`'s (or that it lacks), and
    /// the paths of the files `before` had and this index has not.
    pub fn changes(&self, before: &Index) -> (Vec<OutputFile>, Vec<String>) {
        let mut changed = Vec::new();
        for file in self.files() {
            let bytes = self.bytes(&file).expect("a file of the index");
            let same = before
                .bytes(&file)
                .is_some_and(|old| Arc::ptr_eq(old, bytes) || old[..] == bytes[..]);
            if !same {
                changed.extend(self.output(&file));
            }
        }
        let removed = before
            .files()
            .into_iter()
            .filter(|file| self.bytes(file).is_none())
            .map(|file| path(&file))
            .collect();
        (changed, removed)
    }

    /// How many records the index holds (published pages of their own).
    pub fn record_count(&self) -> usize {
        self.order.len()
    }
}

/// Calls `each` for every word whose code differs between two pages'
/// terms: with the new code, or None for a word the page no longer has.
fn each_difference(old: &PageTerms, new: &PageTerms, mut each: impl FnMut(&str, Option<u8>)) {
    let before: WordMap<&str, u8> = old.iter().collect();
    let mut kept = 0;
    for (word, code) in new.iter() {
        match before.get(word) {
            Some(&old_code) => {
                kept += 1;
                if old_code != code {
                    each(word, Some(code));
                }
            }
            None => each(word, Some(code)),
        }
    }
    if kept < before.len() {
        let after: WordMap<&str, ()> = new.iter().map(|(word, _)| (word, ())).collect();
        for (word, _) in old.iter() {
            if !after.contains_key(word) {
                each(word, None);
            }
        }
    }
}

/// A word's bytes in a term file: `"word","postings",`.
fn entry_size(word: &str, postings: &str) -> usize {
    word.len() + postings.len() + 6
}

/// A term file: `["terms", key, [word, postings, word, postings…]]`.
/// Words are letters and digits and postings plain ASCII, so neither
/// needs escaping.
fn term_file(key: &str, words: &[(&Arc<str>, &Arc<str>)]) -> Arc<[u8]> {
    let size: usize = words
        .iter()
        .map(|(word, postings)| entry_size(word, postings))
        .sum();
    let mut text = String::with_capacity(size + 64);
    let _ = write!(text, "{PUSH}[\"terms\",{},[", script_json(&key));
    for (number, (word, postings)) in words.iter().enumerate() {
        debug_assert!(word.chars().all(char::is_alphanumeric));
        if number > 0 {
            text.push(',');
        }
        let _ = write!(text, "\"{word}\",\"{postings}\"");
    }
    text.push_str("]]);\n");
    Arc::from(text.into_bytes())
}

/// Record file `number`: `["records", number, [record…]]`.
fn record_file<'a>(number: usize, records: impl Iterator<Item = &'a Record>) -> Arc<[u8]> {
    let mut text = String::with_capacity(RECORDS_PER_FILE * 2048);
    let _ = write!(text, "{PUSH}[\"records\",{number},[");
    for (at, record) in records.enumerate() {
        if at > 0 {
            text.push_str(",\n");
        }
        text.push_str(&record.to_json());
    }
    text.push_str("]]);\n");
    Arc::from(text.into_bytes())
}
