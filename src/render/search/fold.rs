//! Letter folding for search: how a word is written in the index, and how
//! `search.js` writes a query before looking it up, so "ostfold" finds
//! Østfold and "strasse" finds Straße.
//!
//! The rule, per character (the script does the same, step for step, with
//! `toLowerCase`, `normalize("NFKD")` and the table this module writes into
//! the manifest, so the two sides cannot drift apart):
//!
//! 1. lower case;
//! 2. a letter in [`TABLE`] becomes its spelling there (`ø` → `o`);
//! 3. otherwise its compatibility decomposition (NFKD: `é` → `e` + accent,
//!    `ﬁ` → `fi`), without the combining accents ([`is_accent`]), each part
//!    lower-cased and looked up in the table again.
//!
//! Words are then the runs of letters and digits (`char::is_alphanumeric`,
//! which is `\p{Alphabetic}` or `\p{N}` in the script), cut at
//! [`MAX_WORD_CHARS`].

use icu_normalizer::DecomposingNormalizerBorrowed;

/// Letters that no decomposition takes to plain Latin, written as a reader
/// who cannot type them would: lower case only (folding lower-cases first).
pub(crate) const TABLE: &[(char, &str)] = &[
    ('ø', "o"),
    ('æ', "ae"),
    ('œ', "oe"),
    ('ß', "ss"),
    ('ł', "l"),
    ('đ', "d"),
    ('ð', "d"),
    ('þ', "th"),
    ('ħ', "h"),
    ('ı', "i"),
    ('ŀ', "l"),
    ('ŧ', "t"),
    ('ƒ', "f"),
    ('ĸ', "k"),
    ('ə', "e"),
    ('ɨ', "i"),
    ('ʉ', "u"),
    // A Greek word's last sigma is the same letter as the others.
    ('ς', "σ"),
];

/// Longer words are cut here, on both sides: no real word is longer, and
/// a pasted hash or URL should not make a term file of its own.
pub(crate) const MAX_WORD_CHARS: usize = 40;

/// The combining accents folding drops: the blocks of combining
/// diacritical marks (not the vowel signs of Indic scripts, which are
/// letters of their own).
pub(crate) const ACCENT_RANGES: &[(char, char)] = &[
    ('\u{0300}', '\u{036f}'),
    ('\u{1ab0}', '\u{1aff}'),
    ('\u{1dc0}', '\u{1dff}'),
    ('\u{20d0}', '\u{20ff}'),
    ('\u{fe20}', '\u{fe2f}'),
];

fn is_accent(c: char) -> bool {
    ACCENT_RANGES
        .iter()
        .any(|&(first, last)| (first..=last).contains(&c))
}

fn table(c: char) -> Option<&'static str> {
    TABLE
        .iter()
        .find(|(letter, _)| *letter == c)
        .map(|(_, spelling)| *spelling)
}

/// Appends the folded form of `text` to `out`.
pub(crate) fn fold_into(text: &str, out: &mut String) {
    const NFKD: DecomposingNormalizerBorrowed<'static> = DecomposingNormalizerBorrowed::new_nfkd();
    let mut rest = text;
    while !rest.is_empty() {
        // Most text is ASCII: a run of it folds to its lower case at once.
        let ascii = rest.bytes().take_while(u8::is_ascii).count();
        if ascii > 0 {
            out.push_str(&rest[..ascii]);
            let start = out.len() - ascii;
            out[start..].make_ascii_lowercase();
            rest = &rest[ascii..];
            continue;
        }
        let c = rest.chars().next().expect("text left");
        rest = &rest[c.len_utf8()..];
        for lower in c.to_lowercase() {
            if let Some(spelling) = table(lower) {
                out.push_str(spelling);
                continue;
            }
            for part in NFKD.normalize_iter(std::iter::once(lower)) {
                if is_accent(part) {
                    continue;
                }
                for letter in part.to_lowercase() {
                    match table(letter) {
                        Some(spelling) => out.push_str(spelling),
                        None => out.push(letter),
                    }
                }
            }
        }
    }
}

/// The folded form of `text`.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// The words of already folded text, each cut at [`MAX_WORD_CHARS`].
pub(crate) fn words(folded: &str) -> Words<'_> {
    Words {
        text: folded,
        at: 0,
    }
}

/// The iterator of [`words`]: a byte at a time through ASCII (most text),
/// a character at a time through the rest — several times faster than
/// `str::split` with a closure over a wiki's millions of words.
pub(crate) struct Words<'a> {
    text: &'a str,
    at: usize,
}

impl Words<'_> {
    /// Whether a word character starts at `at`, and its length in bytes.
    fn word_char(&self, at: usize) -> (bool, usize) {
        let byte = self.text.as_bytes()[at];
        if byte.is_ascii() {
            return (byte.is_ascii_alphanumeric(), 1);
        }
        let c = self.text[at..].chars().next().expect("a character here");
        (c.is_alphanumeric(), c.len_utf8())
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let length = self.text.len();
        loop {
            if self.at >= length {
                return None;
            }
            let (is_word, width) = self.word_char(self.at);
            if is_word {
                break;
            }
            self.at += width;
        }
        let start = self.at;
        let mut end = None;
        let mut chars = 0;
        while self.at < length {
            let (is_word, width) = self.word_char(self.at);
            if !is_word {
                break;
            }
            if chars == MAX_WORD_CHARS {
                end = Some(self.at);
            }
            chars += 1;
            self.at += width;
        }
        Some(&self.text[start..end.unwrap_or(self.at)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded_words(text: &str) -> Vec<String> {
        words(&fold(text)).map(str::to_owned).collect()
    }

    #[test]
    fn accents_go_and_case_folds() {
        assert_eq!(fold("Tomás Kühne, ÉCOLE"), "tomas kuhne, ecole");
        assert_eq!(fold("São João çà ñ"), "sao joao ca n");
        // Decomposed input (e + combining acute) folds the same.
        assert_eq!(fold("Jose\u{301}"), "jose");
    }

    #[test]
    fn letters_without_a_decomposition_follow_the_table() {
        assert_eq!(fold("Østfold"), "ostfold");
        assert_eq!(fold("Ærø"), "aero");
        assert_eq!(fold("Straße STRAẞE"), "strasse strasse");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Đorđe"), "dorde");
        assert_eq!(fold("Œuvre"), "oeuvre");
        assert_eq!(fold("Þór Ðað"), "thor dad");
        // A letter with an accent that folds through the table after it.
        assert_eq!(fold("ǿ"), "o");
        // Every spelling in the table is already folded, lower case.
        for (letter, spelling) in TABLE {
            assert_eq!(letter.to_lowercase().to_string(), letter.to_string());
            assert_eq!(fold(spelling), *spelling, "{letter}");
            assert_eq!(fold(&letter.to_string()), *spelling, "{letter}");
        }
    }

    #[test]
    fn compatibility_forms_fold_to_their_plain_letters() {
        assert_eq!(fold("ﬁnance"), "finance");
        assert_eq!(fold("Ｑ３"), "q3");
        assert_eq!(fold("x²"), "x2");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("ΣΟΦΟΣ σοφός"), "σοφοσ σοφοσ");
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        assert_eq!(
            folded_words("Ride-along: Q3's top 10 (Østfold)!"),
            ["ride", "along", "q3", "s", "top", "10", "ostfold"]
        );
        assert_eq!(folded_words("Москва, 東京"), ["москва", "東京"]);
        let long = "a".repeat(60);
        assert_eq!(folded_words(&long), ["a".repeat(MAX_WORD_CHARS)]);
    }
}
