//! The story browser's data (`stories/facets.js`): every published story
//! with what the filters choose by — outcome, skills, teams, reps,
//! industry, playbooks, reasons, competitor — and what a row of results shows, so `filters.js`
//! filters the whole set in the browser while the index itself stays
//! paginated. A script, not JSON, so that it loads from `file://` as the
//! search index does.
//!
//! Compact by construction: each facet's values are listed once (name and
//! the value a URL names: a term's slug, a page's id) and stories refer to
//! them by position; URLs are stored without the prefix and suffix they all
//! share, and not at all when they are the title's slug. About 125 bytes a
//! story.

use std::collections::HashMap;

use serde_json::Value;

use crate::kinds::Taxonomy;
use crate::links::url;
use crate::output::{Contents, OutputFile};
use crate::site::{Site, slugify};

use super::search::script_json;

/// The facets in the order of their columns in a story's row, each the
/// name of a `<select data-facet>` in `stories.html` and of a URL parameter.
const FACETS: [&str; 8] = [
    "outcome",
    "skill",
    "team",
    "rep",
    "industry",
    "playbook",
    "reason",
    "competitor",
];

/// `stories/facets.js`. Depends on every published story's title, URL,
/// date, customer, draft flag and facets, and on the names of the reps and
/// playbooks they name: what a change to the `site` lists covers.
pub(crate) fn file(site: &Site) -> OutputFile {
    let mut values: Vec<Dictionary> = FACETS.iter().map(|_| Dictionary::default()).collect();
    let mut customers = Dictionary::default();
    let term_names = term_names(site);
    let hrefs: Vec<String> = site
        .stories
        .iter()
        .map(|&story| {
            url::href(
                &site.pages[story].file.output_path,
                site.config.pretty_links,
            )
        })
        .collect();
    let (prefix, suffix) = shared_ends(&hrefs);
    let mut rows = Vec::with_capacity(site.stories.len());
    for (&story, href) in site.stories.iter().zip(&hrefs) {
        let page = &site.pages[story];
        let front_matter = &page.front_matter;
        let relations = &site.relations[story];
        let term = |taxonomy: Taxonomy, name: &str| {
            let slug = slugify(name);
            let shown = term_names
                .get(&(taxonomy, slug.clone()))
                .cloned()
                .unwrap_or_else(|| name.trim().to_string());
            (shown, slug)
        };
        let mut teams = Vec::new();
        for &rep in &relations.reps {
            if let Some(team) = &site.pages[rep].front_matter.team {
                teams.push(term(Taxonomy::Teams, team));
            }
        }
        let pages = |indexes: &[usize]| -> Vec<(String, String)> {
            indexes
                .iter()
                .map(|&other| {
                    let other = &site.pages[other];
                    (other.title.clone(), other.id().to_string())
                })
                .collect()
        };
        let columns: [Vec<(String, String)>; 8] = [
            front_matter
                .outcome
                .map(|outcome| term(Taxonomy::Outcomes, outcome.name()))
                .into_iter()
                .collect(),
            front_matter
                .skills
                .iter()
                .map(|skill| term(Taxonomy::Skills, skill))
                .collect(),
            teams,
            pages(&relations.reps),
            front_matter
                .industry
                .iter()
                .filter(|industry| !industry.trim().is_empty())
                .map(|industry| (industry.trim().to_string(), slugify(industry)))
                .collect(),
            pages(&relations.playbooks),
            front_matter
                .reasons
                .iter()
                .map(|reason| term(Taxonomy::Reasons, reason))
                .collect(),
            front_matter
                .competitor
                .iter()
                .filter(|competitor| !competitor.trim().is_empty())
                .map(|competitor| term(Taxonomy::Competitors, competitor))
                .collect(),
        ];
        let own_part = &href[prefix.len()..href.len() - suffix.len()];
        let mut row = vec![
            Value::from(page.title.as_str()),
            // Most stories are named after their title: `filters.js` makes
            // the same slug, so the part is not stored twice.
            if ascii_slug(&page.title).is_some_and(|slug| slug == own_part) {
                Value::from(0)
            } else {
                Value::from(own_part)
            },
            Value::from(page.date().map(|date| date.to_string()).unwrap_or_default()),
            match front_matter.customer.as_deref().map(str::trim) {
                Some(customer) if !customer.is_empty() => {
                    Value::from(customers.position(customer, customer))
                }
                _ => Value::from(-1),
            },
            Value::from(u8::from(page.is_draft())),
        ];
        for (column, dictionary) in columns.iter().zip(&mut values) {
            let mut positions: Vec<usize> = column
                .iter()
                .map(|(name, value)| dictionary.position(name, value))
                .collect();
            positions.sort_unstable();
            positions.dedup();
            row.push(Value::from(positions));
        }
        rows.push(Value::Array(row));
    }
    let facets: Vec<&Vec<(String, String)>> = values
        .iter()
        .map(|dictionary| &dictionary.entries)
        .collect();
    let data = serde_json::json!({
        "version": 1,
        "url": [prefix, suffix],
        "facets": FACETS,
        "values": facets,
        "customers": customers.entries.iter().map(|(name, _)| name).collect::<Vec<_>>(),
        "stories": rows,
    });
    let text = format!(
        "/* huddle story facets: what filters.js filters. Generated; do not edit. */\n\
         (window.huddleStoryFacets = window.huddleStoryFacets || []).push({});\n",
        script_json(&data)
    );
    OutputFile {
        path: url::STORY_FACETS.into(),
        contents: Contents::Bytes(text.into_bytes().into()),
    }
}

/// A facet's values in the order first met, each once by its URL value.
#[derive(Default)]
struct Dictionary {
    entries: Vec<(String, String)>,
    positions: HashMap<String, usize>,
}

impl Dictionary {
    fn position(&mut self, name: &str, value: &str) -> usize {
        if let Some(&position) = self.positions.get(value) {
            return position;
        }
        self.entries.push((name.to_string(), value.to_string()));
        self.positions
            .insert(value.to_string(), self.entries.len() - 1);
        self.entries.len() - 1
    }
}

/// Terms by taxonomy and slug, named as their term pages name them.
fn term_names(site: &Site) -> HashMap<(Taxonomy, String), String> {
    site.taxonomies
        .iter()
        .flat_map(|terms| {
            terms
                .terms
                .iter()
                .map(|term| ((terms.taxonomy, term.slug.clone()), term.name.clone()))
        })
        .collect()
}

/// The slug `filters.js` makes of a title (`asciiSlug`) when it is ASCII:
/// lower case, each run of anything but `a`–`z` and `0`–`9` one `-`, none
/// at either end. (Other titles keep their URL part: the two languages'
/// notions of a letter differ outside ASCII.)
fn ascii_slug(title: &str) -> Option<String> {
    if !title.is_ascii() {
        return None;
    }
    let mut slug = String::with_capacity(title.len());
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    Some(slug)
}

/// The longest prefix and suffix every href shares, each cut at a `/` so
/// that no character is split and what is left of each href is its own
/// (`stories/`, `/index.html`).
fn shared_ends(hrefs: &[String]) -> (String, String) {
    let Some(first) = hrefs.first() else {
        return (String::new(), String::new());
    };
    let mut prefix = first.as_str();
    for href in hrefs {
        let common = prefix
            .bytes()
            .zip(href.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        prefix = &prefix[..common.min(prefix.len())];
    }
    let prefix = prefix.rfind('/').map_or("", |slash| &prefix[..=slash]);
    let rests: Vec<&str> = hrefs.iter().map(|href| &href[prefix.len()..]).collect();
    let mut suffix = rests[0];
    for rest in &rests {
        let common = suffix
            .bytes()
            .rev()
            .zip(rest.bytes().rev())
            .take_while(|(a, b)| a == b)
            .count();
        suffix = &suffix[suffix.len() - common.min(suffix.len())..];
    }
    let suffix = suffix.find('/').map_or("", |slash| &suffix[slash..]);
    (prefix.to_string(), suffix.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_slug_is_the_one_filters_js_makes() {
        assert_eq!(
            ascii_slug("A six-month cycle!").as_deref(),
            Some("a-six-month-cycle")
        );
        assert_eq!(ascii_slug("--Q3 / Acme--").as_deref(), Some("q3-acme"));
        assert_eq!(ascii_slug("Østfold"), None);
    }

    #[test]
    fn the_shared_ends_leave_each_href_its_own_part() {
        let hrefs = [
            "stories/a/index.html".to_string(),
            "stories/ab/index.html".to_string(),
            "stories/2024/b/index.html".to_string(),
        ];
        assert_eq!(
            shared_ends(&hrefs),
            ("stories/".to_string(), "/index.html".to_string())
        );
        let one = ["stories/a/index.html".to_string()];
        let (prefix, suffix) = shared_ends(&one);
        assert!(prefix.len() + suffix.len() <= one[0].len());
        assert_eq!(format!("{prefix}x{suffix}").matches('/').count(), 2);
        let pretty = ["stories/a/".to_string(), "stories/b/".to_string()];
        assert_eq!(
            shared_ends(&pretty),
            ("stories/".to_string(), "/".to_string())
        );
        assert_eq!(shared_ends(&[]), (String::new(), String::new()));
    }
}
