//! Front matter as other tools write it, read onto ours: TOML between
//! `+++` fences (Hugo), and the keys Hugo, Jekyll, MkDocs and Docusaurus
//! use for what huddle calls `summary`, `updated`, `weight` and `draft`.
//! A handbook moved from one of them builds without an edit or a warning.

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Kind as ProblemKind, did_you_mean};
use crate::fields::YamlSource;

/// Other tools' names for our keys: (theirs, ours).
const RENAMED: &[(&str, &str)] = &[
    ("description", "summary"),
    ("lastmod", "updated"),
    ("last_modified_at", "updated"),
    ("updated_at", "updated"),
    ("last_modified", "updated"),
    ("sidebar_position", "weight"),
    ("nav_order", "weight"),
];

/// Keys every kind accepts, mapped or not: read by us, or harmless.
pub(super) const COMMON: &[&str] = &["aliases", "redirect_from", "slug", "date", "tags"];

/// Renames other tools' keys to ours where ours is not also given, and
/// reads Jekyll's `published: false` as `draft: true`.
pub(super) fn map_keys(map: &mut Map<String, Value>) {
    for (theirs, ours) in RENAMED {
        if map.contains_key(*ours) {
            continue;
        }
        if let Some(value) = map.remove(*theirs) {
            map.insert((*ours).to_string(), value);
        }
    }
    if !map.contains_key("draft")
        && let Some(Value::Bool(published)) = map.get("published")
    {
        let draft = !published;
        map.remove("published");
        map.insert("draft".into(), Value::Bool(draft));
    }
}

/// The keys left over after every known one was read: a near miss of a
/// known key (`titel`) stays to be warned about; the rest (Hugo's
/// `toc_hide`, a team's own) are kept for templates under `page.extra`,
/// with one warning for the file naming them all.
pub(super) fn keep_unknown(
    left: Vec<(String, Value)>,
    known: &[&str],
    extra: &mut Option<Value>,
    source: &YamlSource,
) -> (Vec<(String, Value)>, Option<Diagnostic>) {
    let (typos, kept): (Vec<_>, Vec<_>) = left
        .into_iter()
        .partition(|(key, _)| did_you_mean(key, known.iter().copied()).is_some());
    if kept.is_empty() {
        return (typos, None);
    }
    let names: Vec<String> = kept.iter().map(|(key, _)| format!("`{key}`")).collect();
    let (line, column) = source.key_position(&kept[0].0);
    let shown = if names.len() > 5 {
        format!("{} and {} more", names[..5].join(", "), names.len() - 5)
    } else {
        names.join(", ")
    };
    let note = source
        .diagnostic(
            Diagnostic::warning(format!(
                "front-matter keys huddle does not know, kept under page.extra: {shown}"
            )),
            line,
            column,
            kept[0].0.chars().count(),
        )
        .with_help(
            "templates read them as page.extra.<key>; nothing to do if that is what you want",
        )
        .kind(ProblemKind::KeptKeys);
    let map = match extra {
        Some(Value::Object(map)) => map,
        _ => {
            *extra = Some(Value::Object(Map::new()));
            match extra {
                Some(Value::Object(map)) => map,
                _ => unreachable!("just set"),
            }
        }
    };
    for (key, value) in kept {
        map.entry(key).or_insert(value);
    }
    (typos, Some(note))
}

/// A TOML front-matter block as the same JSON value YAML gives. Errors
/// carry their 1-based line and column in the block.
pub(super) fn parse_toml(text: &str) -> Result<Map<String, Value>, (String, usize, usize)> {
    let table: toml::Table = toml::from_str(text).map_err(|error| {
        let at = error.span().map_or(0, |span| span.start).min(text.len());
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (error.message().to_string(), line, column)
    })?;
    Ok(table
        .into_iter()
        .map(|(key, value)| (key, toml_to_json(value)))
        .collect())
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(text) => Value::String(text),
        toml::Value::Integer(number) => Value::from(number),
        toml::Value::Float(number) => Value::from(number),
        toml::Value::Boolean(flag) => Value::Bool(flag),
        // Dates as YAML gives them: text, read by the date fields.
        toml::Value::Datetime(date) => Value::String(date.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(key, value)| (key, toml_to_json(value)))
                .collect(),
        ),
    }
}
