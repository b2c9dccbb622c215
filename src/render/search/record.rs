//! What a result shows: one page's record (title, URL, kind, the fields a
//! reader scans, the text snippets come from), and the JSON that carries it
//! into a script file.

use serde::Serialize;

use crate::content::{Kind, Role};
use crate::links::url;
use crate::site::Site;

/// Body text kept per record, for snippets. The index holds every word up
/// to [`TERMS_TEXT_LIMIT`]; a snippet comes from the first few thousand
/// characters (the situation, actions and results of any story), or from
/// the summary, so a record stays near 2 KB.
pub(crate) const TEXT_LIMIT: usize = 2_000;

/// Body text whose words are indexed: about 3,000 words, the longest
/// playbook a team keeps, without letting a pasted log grow the index.
pub(crate) const TERMS_TEXT_LIMIT: usize = 20_000;

/// One page as a result shows it (serialised as a JSON array to save
/// bytes; `search.js` reads the positions).
#[derive(Serialize, Clone, Debug, PartialEq)]
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

impl Record {
    /// As the record files hold it: `[kind, title, url, summary, meta, text]`.
    pub(crate) fn to_json(&self) -> String {
        script_json(&(
            self.kind,
            &self.title,
            &self.url,
            &self.summary,
            &self.meta,
            &self.text,
        ))
    }
}

/// Whether a page is in the index at all: published pages of their own
/// (not intros). Drafts never are; `private:` data is in no record.
pub(crate) fn is_indexed(site: &Site, index: usize) -> bool {
    site.published[index] && site.pages[index].file.role == Role::Page
}

/// The record of a published page, None for anything the index must not hold.
pub(crate) fn record(site: &Site, index: usize) -> Option<Record> {
    if !is_indexed(site, index) {
        return None;
    }
    let page = &site.pages[index];
    let text = collapse(&page.text, TEXT_LIMIT);
    let summary = match &page.front_matter.summary {
        Some(summary) if !text.starts_with(summary.trim()) => summary.trim().to_string(),
        _ => String::new(),
    };
    Some(Record {
        kind: page.kind().name(),
        title: page.title.clone(),
        url: url::href(&page.file.output_path, site.config.pretty_links),
        summary,
        meta: meta(site, index),
        text,
    })
}

/// The fields a reader scans a result by, each once: `won · Ana Lead · Acme`.
fn meta(site: &Site, index: usize) -> String {
    let page = &site.pages[index];
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
    seen.join(" · ")
}

/// JSON for a script file, with `<`, `>` and `&` written as `\u003c` and the
/// like (still the same JSON): the text of a page titled `<script>` never
/// appears as markup in any output file, even one no browser parses as HTML.
pub(crate) fn script_json(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    if !json.contains(['<', '>', '&']) {
        return json;
    }
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
pub(crate) fn collapse(text: &str, limit: usize) -> String {
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
}
