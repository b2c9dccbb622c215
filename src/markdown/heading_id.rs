//! Heading ids by GitHub's rule, so an anchor that works on GitHub works in
//! huddle: lower case, punctuation dropped, spaces to `-`, repeats numbered.
//! It follows github-slugger, the rule's reference port.

use std::collections::HashMap;

/// The ids given out on one page.
#[derive(Default)]
pub(super) struct HeadingIds {
    /// Each id in use → the last suffix tried with it as a base.
    used: HashMap<String, usize>,
}

impl HeadingIds {
    /// An id written by the author (`{#agenda}`) wins as it is, and later
    /// slugs step around it.
    pub fn reserve(&mut self, id: String) -> String {
        self.used.entry(id.clone()).or_insert(0);
        id
    }

    /// The first use of a slug is bare, later ones get `-1`, `-2`… skipping
    /// any id the page already has.
    pub fn slug(&mut self, text: &str) -> String {
        let mut base = github_slug(text);
        // An id must not be empty; GitHub gives "" here, which no link can use.
        if base.is_empty() {
            base.push_str("section");
        }
        let Some(&last) = self.used.get(&base) else {
            return self.reserve(base);
        };
        let mut suffix = last;
        let id = loop {
            suffix += 1;
            let candidate = format!("{base}-{suffix}");
            if !self.used.contains_key(&candidate) {
                break candidate;
            }
        };
        self.used.insert(base, suffix);
        self.reserve(id)
    }
}

/// GitHub's heading slug: lower case, then everything but word characters,
/// `-` and spaces dropped, then each space a `-` (runs are not collapsed).
fn github_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            ' ' => slug.push('-'),
            '-' | '_' | 'a'..='z' | '0'..='9' => slug.push(c),
            'A'..='Z' => slug.push(c.to_ascii_lowercase()),
            _ if !c.is_ascii() && is_word_char(c) => slug.extend(c.to_lowercase()),
            _ => {}
        }
    }
    slug
}

/// Ruby's `\p{Word}` as GitHub uses it: letters, marks, digits and
/// connector punctuation. std has no general categories, so marks are the
/// combining blocks (most other marks are alphabetic already).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c,
            '_' | '\u{203F}' | '\u{2040}' | '\u{2054}' | '\u{FE33}' | '\u{FE34}'
            | '\u{FE4D}'..='\u{FE4F}' | '\u{FF3F}'
            | '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}
