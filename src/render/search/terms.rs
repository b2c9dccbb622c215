//! The term side of the index: which words a page has and where, the
//! postings of a word (the records it is in) written compactly, and how the
//! words are split into term files by their first letters.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::fold::{fold_into, words};
use super::record::{Record, TERMS_TEXT_LIMIT};

/// Where in a page a word counts most; the script weighs them in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Field {
    Text = 0,
    Summary = 1,
    Meta = 2,
    Title = 3,
}

/// Most words a title's word count is written as: ranking only needs to
/// know a short title from a long one.
const TITLE_WORDS_MAX: usize = 63;

/// A page's words (folded, each once, in the order first met going from
/// the title down to the text) with the field each counts most in, kept so
/// an edit can tell which words' postings changed.
/// Compact on purpose: one string and one byte a word.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct PageTerms {
    /// Joined by `\n`.
    words: Box<str>,
    /// Per word: the [`Field`] in the low two bits; for a title word, the
    /// title's word count above them.
    codes: Box<[u8]>,
}

impl PageTerms {
    /// The words of a record, and of the page's body up to
    /// [`TERMS_TEXT_LIMIT`] (more than the record keeps for snippets).
    pub(crate) fn of(record: &Record, body: &str) -> PageTerms {
        let mut title = String::new();
        fold_into(&record.title, &mut title);
        let title_words = words(&title).count().min(TITLE_WORDS_MAX) as u8;
        let mut folded = [String::new(), String::new(), String::new()];
        fold_into(&record.meta, &mut folded[0]);
        fold_into(&record.summary, &mut folded[1]);
        fold_into(cut_at_word(body, TERMS_TEXT_LIMIT), &mut folded[2]);
        // The fields from the one that counts most down: a word's first
        // field is its best, so a word seen before is skipped.
        let mut seen: WordMap<&str, ()> =
            WordMap::with_capacity_and_hasher(512, Default::default());
        let mut joined = String::with_capacity(folded[2].len() / 2);
        let mut codes = Vec::with_capacity(256);
        for (field, text) in [
            (Field::Title, &title),
            (Field::Meta, &folded[0]),
            (Field::Summary, &folded[1]),
            (Field::Text, &folded[2]),
        ] {
            let code = match field {
                Field::Title => Field::Title as u8 | title_words << 2,
                other => other as u8,
            };
            for word in words(text) {
                if seen.insert(word, ()).is_none() {
                    if !codes.is_empty() {
                        joined.push('\n');
                    }
                    joined.push_str(word);
                    codes.push(code);
                }
            }
        }
        PageTerms {
            words: joined.into(),
            codes: codes.into(),
        }
    }

    /// Each word with its code, in the order first met (title first).
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, u8)> {
        self.words
            .split('\n')
            .filter(|word| !word.is_empty())
            .zip(self.codes.iter().copied())
    }
}

/// A map keyed by words: FNV-1a hashes a short word faster than std's
/// SipHash, and nothing here needs resistance to chosen keys.
pub(crate) type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &byte in bytes {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The start of `text` up to about `limit` bytes, ending between words.
fn cut_at_word(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(char::is_whitespace) {
        Some(space) => &text[..space],
        None => &text[..end],
    }
}

/// Digits of the postings' base-32 numbers, least significant first: a
/// digit from `LAST` ends a number, one from `MORE` is followed by more.
/// Plain letters, digits, `-` and `_`, so a postings string needs no
/// escaping in JSON or JavaScript.
const LAST: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
const MORE: &[u8; 32] = b"wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// One record a word is in: its id and the word's code there.
pub(crate) type Posting = (u32, u8);

fn push_number(out: &mut String, mut number: u32) {
    while number >= 32 {
        out.push(MORE[(number % 32) as usize] as char);
        number /= 32;
    }
    out.push(LAST[number as usize] as char);
}

/// A word's postings (sorted by id) as the term files hold them: per
/// record, `(id − previous id − 1) × 4 + field` (the previous id of the
/// first is −1), and after a title match the title's word count.
pub(crate) fn encode(postings: &[Posting]) -> String {
    let mut out = String::with_capacity(postings.len() * 2);
    let mut next = 0u32;
    for &(id, code) in postings {
        push_number(&mut out, (id - next) * 4 + u32::from(code & 3));
        if code & 3 == Field::Title as u8 {
            push_number(&mut out, u32::from(code >> 2));
        }
        next = id + 1;
    }
    out
}

/// The inverse of [`encode`].
pub(crate) fn decode(encoded: &str) -> Vec<Posting> {
    let mut digits = encoded.bytes();
    let mut number = || -> Option<u32> {
        let (mut value, mut scale) = (0u32, 1u32);
        loop {
            let digit = digits.next()?;
            if let Some(at) = LAST.iter().position(|&c| c == digit) {
                return Some(value + at as u32 * scale);
            }
            let at = MORE.iter().position(|&c| c == digit)?;
            value += at as u32 * scale;
            scale = scale.saturating_mul(32);
        }
    };
    let mut postings = Vec::new();
    let mut next = 0u32;
    while let Some(value) = number() {
        let id = next + value / 4;
        let field = (value % 4) as u8;
        let code = if field == Field::Title as u8 {
            field | (number().unwrap_or(0) as u8) << 2
        } else {
            field
        };
        postings.push((id, code));
        next = id + 1;
    }
    postings
}

/// A term file's size at most, before its words are split by one more
/// letter: a query for a whole word loads one such file. Measured on the
/// generated 10,000-page wiki (1.6 MB of postings): 16 KB makes about 350
/// files, the largest holding one word (`the`, in every page).
pub const SPLIT_BYTES: usize = 16 * 1024;

/// One term file: the words whose longest prefix among the keys is `key`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Bucket {
    pub key: String,
    /// The range of the sorted word list it holds.
    pub start: usize,
    pub end: usize,
}

/// Splits the sorted words (with each one's size in a term file) into
/// term files: first by their first letter; a file over [`SPLIT_BYTES`]
/// keeps only the word equal to its key and hands the others to files
/// keyed one letter longer. A pure function of the words, so an
/// incremental rebuild lays them out as a full build does.
pub(crate) fn layout(words: &[(&str, usize)]) -> Vec<Bucket> {
    let mut buckets = Vec::new();
    split(words, 0, 0, &mut buckets);
    buckets
}

/// Lays out `words[..]` (which share their first `depth` letters, and
/// start at `offset` in the whole list) into files.
fn split(words: &[(&str, usize)], depth: usize, offset: usize, out: &mut Vec<Bucket>) {
    let mut start = 0;
    // The word that is the shared prefix itself sorts first and stays.
    if depth > 0 && words[0].0.chars().count() == depth {
        start = 1;
    }
    let mut from = start;
    while from < words.len() {
        let letter = words[from].0.chars().nth(depth);
        let mut to = from + 1;
        while to < words.len() && words[to].0.chars().nth(depth) == letter {
            to += 1;
        }
        let group = &words[from..to];
        let key: String = group[0].0.chars().take(depth + 1).collect();
        let size: usize = group.iter().map(|(_, size)| size).sum();
        if size <= SPLIT_BYTES || group.len() == 1 {
            out.push(Bucket {
                key,
                start: offset + from,
                end: offset + to,
            });
        } else {
            if group[0].0.chars().count() == depth + 1 {
                out.push(Bucket {
                    key,
                    start: offset + from,
                    end: offset + from + 1,
                });
            }
            split(group, depth + 1, offset + from, out);
        }
        from = to;
    }
}

/// A key as a file name: letters a–z and digits as they are, any other
/// letter as `_` and its code point in hex and `_` (`д` → `_434_`).
pub(crate) fn file_name(key: &str) -> String {
    let mut name = String::with_capacity(key.len());
    for c in key.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            name.push(c);
        } else {
            name.push_str(&format!("_{:x}_", c as u32));
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(title: &str, meta: &str, text: &str) -> Record {
        Record {
            kind: "story",
            title: title.into(),
            url: "x.html".into(),
            summary: String::new(),
            meta: meta.into(),
            text: text.into(),
        }
    }

    #[test]
    fn a_word_counts_in_its_best_field() {
        let terms = PageTerms::of(
            &record(
                "Discovery call",
                "won · Østfold",
                "The call went well. Discovery!",
            ),
            "The call went well. Discovery!",
        );
        let found: Vec<(&str, u8)> = terms.iter().collect();
        assert_eq!(
            found,
            [
                ("discovery", 3 | 2 << 2),
                ("call", 3 | 2 << 2),
                ("won", 2),
                ("ostfold", 2),
                ("the", 0),
                ("went", 0),
                ("well", 0),
            ]
        );
    }

    #[test]
    fn postings_round_trip() {
        let postings = vec![(0, 0), (1, 3 | 2 << 2), (7, 1), (40, 2), (100_000, 0)];
        let encoded = encode(&postings);
        // Ids 0 and 1 are one apart: `0`, then `3` (title) and its two words.
        assert_eq!(&encoded[..3], "032");
        assert_eq!(decode(&encoded), postings);
        assert!(
            encoded
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
    }

    #[test]
    fn large_files_split_by_one_more_letter() {
        let big = SPLIT_BYTES / 2 + 1;
        let words = [
            ("ca", 10),
            ("can", big),
            ("cat", big),
            ("co", 10),
            ("d", 10),
            ("do", 10),
        ];
        let keys: Vec<(String, usize, usize)> = layout(&words)
            .into_iter()
            .map(|bucket| (bucket.key, bucket.start, bucket.end))
            .collect();
        // `c` is too large: split into `ca` (itself too large: `ca` keeps
        // the word `ca`, `can` and `cat` get files) and `co`.
        assert_eq!(
            keys,
            [
                ("ca".into(), 0, 1),
                ("can".into(), 1, 2),
                ("cat".into(), 2, 3),
                ("co".into(), 3, 4),
                ("d".into(), 4, 6),
            ]
        );
    }

    #[test]
    fn file_names_are_plain() {
        assert_eq!(file_name("di"), "di");
        assert_eq!(file_name("дa"), "_434_a");
        assert_eq!(file_name("東"), "_6771_");
    }
}
