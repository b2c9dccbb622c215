//! Typed reading of a hand-written YAML mapping (front matter, huddle.yaml),
//! with every problem placed at the line and column of the key or value.
//!
//! The YAML parser gives values without positions, so positions come from the
//! text: top-level keys start a line at column 1, and a value is searched for
//! in the lines that belong to its key. That is exact for the block style
//! people write, and falls back to the key for anything cleverer.

use serde_json::{Map, Value};

use crate::date::Date;
use crate::diagnostic::{Diagnostic, did_you_mean};

/// A value and where it was written, for errors found in later stages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
    pub column: usize,
}

/// The YAML block of a file, for placing problems in that file.
#[derive(Clone, Copy)]
pub struct YamlSource<'a> {
    /// The file's path as shown to the user.
    pub file: &'a str,
    /// The whole file, for quoting the offending line.
    pub text: &'a str,
    /// The YAML block alone.
    pub yaml: &'a str,
    /// The file line on which the YAML block starts (1-based).
    pub first_line: usize,
    /// For one item of a list of mappings (`goals:`, `agenda:`): where its
    /// `-` stands, and the column (0-based) at which its keys start. Keys of
    /// the top-level block start at column 0.
    pub item: Option<ListItem>,
}

/// Where an item of a list of mappings sits in the block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListItem {
    /// File line and column of the item's `-`.
    pub line: usize,
    pub column: usize,
    /// Byte column at which the item's keys start.
    pub indent: usize,
}

impl<'a> YamlSource<'a> {
    pub fn error(&self, message: impl Into<String>, line: usize, column: usize) -> Diagnostic {
        self.diagnostic(Diagnostic::error(message), line, column, 1)
    }

    pub fn diagnostic(
        &self,
        diagnostic: Diagnostic,
        line: usize,
        column: usize,
        width: usize,
    ) -> Diagnostic {
        diagnostic
            .in_file(self.file)
            .at(self.text, line, column, width)
    }

    /// File position of a top-level key (or an item's key), or of the
    /// block's first line (the item's `-`).
    pub fn key_position(&self, key: &str) -> (usize, usize) {
        let indent = self.item.map_or(0, |item| item.indent);
        match (self.key_line_index(key), self.item) {
            (Some(index), _) => (self.first_line + index, indent + 1),
            (None, Some(item)) => (item.line, item.column),
            (None, None) => (self.first_line.saturating_sub(1).max(1), 1),
        }
    }

    /// File position of `needle` within the lines of `key`'s value.
    pub fn value_position(&self, key: &str, needle: &str) -> (usize, usize) {
        let Some(start) = self.key_line_index(key) else {
            return self.key_position(key);
        };
        for (offset, line) in self.yaml.lines().enumerate().skip(start) {
            if offset > start && self.starts_key(line) {
                break;
            }
            // Skip the key itself on its own line.
            let searchable_from = if offset == start {
                line.find(':').map_or(0, |colon| colon + 1)
            } else {
                0
            };
            if let Some(byte) = find_token(&line[searchable_from..], needle) {
                let byte = searchable_from + byte;
                return (self.first_line + offset, line[..byte].chars().count() + 1);
            }
        }
        self.key_position(key)
    }

    /// [`YamlSource::value_position`] of each of `needles` in turn, each
    /// search going on from where the previous one was found: a list's items
    /// come in order, and a long list then costs one pass, not one per item.
    pub fn value_positions(&self, key: &str, needles: &[&str]) -> Vec<(usize, usize)> {
        let Some(start) = self.key_line_index(key) else {
            return vec![self.key_position(key); needles.len()];
        };
        let lines: Vec<&str> = self
            .yaml
            .lines()
            .skip(start)
            .enumerate()
            .take_while(|(offset, line)| *offset == 0 || !self.starts_key(line))
            .map(|(_, line)| line)
            .collect();
        // Where the search goes on: a line of the value, and a byte in it.
        let first = lines[0].find(':').map_or(0, |colon| colon + 1);
        let mut cursor = (0, first);
        needles
            .iter()
            .map(|needle| {
                for (offset, line) in lines.iter().enumerate().skip(cursor.0) {
                    let from = if offset == cursor.0 { cursor.1 } else { 0 };
                    let Some(rest) = line.get(from..) else {
                        continue;
                    };
                    if let Some(byte) = find_token(rest, needle) {
                        let byte = from + byte;
                        cursor = (offset, byte + needle.len());
                        return (
                            self.first_line + start + offset,
                            line[..byte].chars().count() + 1,
                        );
                    }
                }
                // Out of order (a flow list over several lines, an alias).
                self.value_position(key, needle)
            })
            .collect()
    }

    /// The file line of the closing `---` of the block (of an item: its `-` line).
    pub fn closing_line(&self) -> usize {
        match self.item {
            Some(item) => item.line,
            None => self.first_line + self.yaml.lines().count(),
        }
    }

    fn key_line_index(&self, key: &str) -> Option<usize> {
        self.yaml
            .lines()
            .position(|line| self.key_of(line) == Some(key))
    }

    /// The key a line starts at this block's level.
    fn key_of<'l>(&self, line: &'l str) -> Option<&'l str> {
        match self.item {
            None => top_level_key(line),
            Some(item) => {
                let (prefix, rest) = (line.get(..item.indent)?, &line[item.indent..]);
                let prefix_ok = prefix
                    .trim_start()
                    .trim_start_matches('-')
                    .trim()
                    .is_empty();
                prefix_ok.then(|| top_level_key(rest)).flatten()
            }
        }
    }

    fn starts_key(&self, line: &str) -> bool {
        self.key_of(line).is_some()
    }

    /// One source per item of the list under `key` (block style, `- name:`
    /// lines), or None when the list is written another way (flow style).
    fn list_items(&self, key: &str, count: usize) -> Option<Vec<YamlSource<'a>>> {
        let start = self.key_line_index(key)?;
        // Byte offset of each line of the block.
        let mut offsets = Vec::new();
        let mut at = 0;
        for line in self.yaml.split_inclusive('\n') {
            offsets.push(at);
            at += line.len();
        }
        offsets.push(at);
        let lines: Vec<&str> = self.yaml.lines().collect();
        let mut items: Vec<(usize, usize)> = Vec::new(); // (line index, dash column)
        let mut end = lines.len();
        for (index, line) in lines.iter().enumerate().skip(start + 1) {
            if self.starts_key(line) {
                end = index;
                break;
            }
            let spaces = line.len() - line.trim_start_matches(' ').len();
            let rest = &line[spaces..];
            let is_item = rest == "-" || rest.starts_with("- ");
            if is_item && items.first().is_none_or(|&(_, column)| column == spaces) {
                items.push((index, spaces));
            }
        }
        if items.len() != count {
            return None;
        }
        let sources = items
            .iter()
            .enumerate()
            .map(|(position, &(index, dash))| {
                let stop = items.get(position + 1).map_or(end, |&(next, _)| next);
                let first = lines[index];
                let after_dash = &first[dash + 1..];
                let indent = dash + 1 + (after_dash.len() - after_dash.trim_start().len());
                YamlSource {
                    yaml: &self.yaml[offsets[index]..offsets[stop.min(lines.len())]],
                    first_line: self.first_line + index,
                    item: Some(ListItem {
                        line: self.first_line + index,
                        column: dash + 1,
                        indent,
                    }),
                    ..*self
                }
            })
            .collect();
        Some(sources)
    }
}

/// Unknown keys warned about one by one in a block; the rest are counted.
const MAX_UNKNOWN_KEYS: usize = 50;

/// Reads typed values out of a mapping, collecting problems as it goes.
pub struct Fields<'a> {
    map: Map<String, Value>,
    pub source: YamlSource<'a>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    pub fn new(map: Map<String, Value>, source: YamlSource<'a>) -> Fields<'a> {
        Fields {
            map,
            source,
            diagnostics: Vec::new(),
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// A scalar as text; numbers and booleans are accepted as written.
    pub fn string(&mut self, key: &str) -> Option<String> {
        self.located_string(key).map(|located| located.value)
    }

    pub fn located_string(&mut self, key: &str) -> Option<Located<String>> {
        let value = self.map.remove(key)?;
        match scalar_text(&value) {
            Some(text) if text.trim().is_empty() => None,
            Some(text) => {
                let (line, column) = self.source.value_position(key, &text);
                Some(Located {
                    value: text,
                    line,
                    column,
                })
            }
            None if value.is_null() => None,
            None => {
                self.wrong_type(key, "a single value", &value);
                None
            }
        }
    }

    pub fn required_string(&mut self, key: &str, what: &str) -> Option<String> {
        let value = self.string(key);
        if value.is_none() {
            self.missing(key, what);
        }
        value
    }

    /// A required key is missing: pointed at the closing `---`, where it is
    /// added, not at the top of the file.
    pub fn missing(&mut self, key: &str, what: &str) {
        let line = self.source.closing_line();
        let (column, width, help) = match self.source.item {
            Some(item) => (
                item.column,
                1,
                format!("add `{key}: ...` ({what}) to this item"),
            ),
            None => (
                1,
                3,
                format!("add `{key}: ...` ({what}) above the closing `---`"),
            ),
        };
        let diagnostic = self
            .source
            .diagnostic(
                Diagnostic::error(format!("missing `{key}`")),
                line,
                column,
                width,
            )
            .with_help(help);
        self.diagnostics.push(diagnostic);
    }

    pub fn date(&mut self, key: &str) -> Option<Date> {
        self.located_date(key).map(|located| located.value)
    }

    /// A date with the place of its value, for later problems about it.
    pub fn located_date(&mut self, key: &str) -> Option<Located<Date>> {
        let located = self.located_string(key)?;
        let date = Date::parse(&located.value);
        if date.is_none() {
            let diagnostic = self
                .source
                .diagnostic(
                    Diagnostic::error(format!(
                        "`{key}` must be a date like 2026-03-14, not `{}`",
                        located.value
                    )),
                    located.line,
                    located.column,
                    located.value.chars().count(),
                )
                .with_help("write dates as YYYY-MM-DD");
            self.diagnostics.push(diagnostic);
        }
        Some(Located {
            value: date?,
            line: located.line,
            column: located.column,
        })
    }

    pub fn bool(&mut self, key: &str) -> Option<bool> {
        let value = self.map.remove(key)?;
        match value {
            Value::Bool(flag) => Some(flag),
            Value::Null => None,
            other => {
                self.wrong_type(key, "true or false", &other);
                None
            }
        }
    }

    pub fn integer(&mut self, key: &str) -> Option<i64> {
        let value = self.map.remove(key)?;
        match &value {
            Value::Number(number) if number.is_i64() => number.as_i64(),
            Value::String(text) if text.trim().parse::<i64>().is_ok() => text.trim().parse().ok(),
            Value::Null => None,
            other => {
                self.wrong_type(key, "a whole number", other);
                None
            }
        }
    }

    /// A list of scalars; a single value counts as a list of one.
    pub fn list(&mut self, key: &str) -> Vec<Located<String>> {
        let Some(value) = self.map.remove(key) else {
            return Vec::new();
        };
        let (items, listed) = match value {
            Value::Array(items) => (items, true),
            Value::Null => return Vec::new(),
            single => (vec![single], false),
        };
        // Each item's text, or (as `Err`) the text of an item with a colon
        // that YAML read as a `name: value` pair; both are placed in order.
        let mut texts: Vec<Result<String, String>> = Vec::with_capacity(items.len());
        for item in items {
            match scalar_text(&item) {
                Some(text) if !text.trim().is_empty() => texts.push(Ok(text)),
                // An empty item (`- ` alone, or `~`) is no item: skipped like "".
                Some(_) => {}
                None if item.is_null() => {}
                // `key: {a: 1}` is a mapping written as one; only a list's
                // item can be text that YAML split at a colon.
                None => match colon_item(&item).filter(|_| listed) {
                    Some(text) => texts.push(Err(text)),
                    None => self.wrong_type(key, "a list of single values", &item),
                },
            }
        }
        let needles: Vec<&str> = texts
            .iter()
            .map(|text| match text {
                Ok(text) => text.as_str(),
                // Its name, as the search finds it on the item's line.
                Err(text) => text.split(':').next().unwrap_or_default(),
            })
            .collect();
        let positions = self.source.value_positions(key, &needles);
        let mut located = Vec::with_capacity(texts.len());
        for (text, (line, column)) in texts.into_iter().zip(positions) {
            match text {
                Ok(value) => located.push(Located {
                    value,
                    line,
                    column,
                }),
                Err(text) => self.colon_in_item(key, &text, line, column),
            }
        }
        located
    }

    /// `- Finance: met the CFO` is a `name: value` pair to YAML, not text.
    fn colon_in_item(&mut self, key: &str, text: &str, line: usize, column: usize) {
        let quoted = format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""));
        let diagnostic = self
            .source
            .diagnostic(
                Diagnostic::error(format!(
                    "the `{key}` item `{text}` has a colon, so YAML reads it as a `name: value` pair"
                )),
                line,
                column,
                text.chars().count(),
            )
            .with_help(format!("put the item in quotes: `- {quoted}`"));
        self.diagnostics.push(diagnostic);
    }

    /// A list of mappings (`goals:` with `- goal: ...` items), each read
    /// by the caller with its own [`Fields`], whose problems point into the
    /// item. Call [`Fields::finish`] on each and add its diagnostics.
    pub fn records(&mut self, key: &str) -> Vec<Fields<'a>> {
        let Some(value) = self.map.remove(key) else {
            return Vec::new();
        };
        let items = match value {
            Value::Array(items) => items,
            Value::Null => return Vec::new(),
            other => {
                self.wrong_type(key, "a list of `- name: value` items", &other);
                return Vec::new();
            }
        };
        let sources = self.source.list_items(key, items.len());
        let mut records = Vec::with_capacity(items.len());
        for (position, item) in items.into_iter().enumerate() {
            let source = match &sources {
                Some(sources) => sources[position],
                // Flow style: every problem points at the key.
                None => {
                    let (line, column) = self.source.key_position(key);
                    YamlSource {
                        yaml: "",
                        item: Some(ListItem {
                            line,
                            column,
                            indent: usize::MAX,
                        }),
                        ..self.source
                    }
                }
            };
            match item {
                Value::Object(map) => records.push(Fields::new(map, source)),
                Value::Null => {}
                other => {
                    let (line, column) = (source.closing_line(), source.key_position("").1);
                    let diagnostic = self
                        .source
                        .diagnostic(
                            Diagnostic::error(format!(
                                "each `{key}` item must be `name: value` lines, not {}",
                                describe(&other)
                            )),
                            line,
                            column,
                            1,
                        )
                        .with_help(format!(
                            "write the item as `- {}: ...` with its other fields indented below it",
                            record_example_key(key)
                        ));
                    self.diagnostics.push(diagnostic);
                }
            }
        }
        records
    }

    pub fn plain_list(&mut self, key: &str) -> Vec<String> {
        self.list(key).into_iter().map(|item| item.value).collect()
    }

    /// A list of taxonomy terms: like [`Fields::plain_list`], and a single
    /// value with commas (`skills: discovery, demo`, as Jekyll and many
    /// people write tags) is that many terms, not one named with a comma.
    pub fn term_list(&mut self, key: &str) -> Vec<String> {
        if let Some(Value::String(text)) = self.map.get(key)
            && text.contains(',')
        {
            let text = text.clone();
            self.map.remove(key);
            return text
                .split(',')
                .map(str::trim)
                .filter(|term| !term.is_empty())
                .map(str::to_owned)
                .collect();
        }
        self.plain_list(key)
    }

    /// A mapping (`extra:`, `private:`), kept as data for the templates.
    pub fn mapping(&mut self, key: &str) -> Option<Value> {
        let value = self.map.remove(key)?;
        match value {
            Value::Object(_) => Some(value),
            Value::Null => None,
            other => {
                self.wrong_type(key, "a mapping of `name: value` lines", &other);
                None
            }
        }
    }

    /// Removes a key without reading it.
    pub fn take(&mut self, key: &str) -> Option<Value> {
        self.map.remove(key)
    }

    /// Every key not read yet, in the order written.
    pub fn take_remaining(&mut self) -> Vec<(String, Value)> {
        std::mem::take(&mut self.map).into_iter().collect()
    }

    /// Keys to be reported by [`Fields::finish`] after all.
    pub fn put_back(&mut self, entries: Vec<(String, Value)>) {
        self.map.extend(entries);
    }

    /// Warns about every key nobody asked for, with a "did you mean".
    /// Unknown keys are dropped, so a typo never reaches the published site.
    pub fn finish(mut self, known: &[&str], kind: &str) -> Vec<Diagnostic> {
        // A known key still here was left unread on purpose (its item was
        // already reported): it is not unknown.
        let mut unknown: Vec<String> = self
            .map
            .keys()
            .filter(|key| !known.contains(&key.as_str()))
            .cloned()
            .collect();
        unknown.sort();
        // Each warning costs a pass over the block to place it: a block of
        // thousands of unknown keys (a pasted export) is counted instead.
        if unknown.len() > MAX_UNKNOWN_KEYS {
            let more = unknown.len() - MAX_UNKNOWN_KEYS;
            unknown.truncate(MAX_UNKNOWN_KEYS);
            let diagnostic = Diagnostic::warning(format!("{more} more unknown keys"))
                .in_file(self.source.file)
                .with_help(
                    "put a team's own fields under `extra:`; unknown keys are not published",
                );
            self.diagnostics.push(diagnostic);
        }
        for key in unknown {
            let (line, column) = self.source.key_position(&key);
            let mut diagnostic = self.source.diagnostic(
                Diagnostic::warning(format!("unknown key `{key}` for a {kind}")),
                line,
                column,
                key.chars().count(),
            );
            diagnostic = match did_you_mean(&key, known.iter().copied()) {
                Some(suggestion) => {
                    let value = self.map.get(&key).and_then(scalar_text);
                    let lost = lost_by_misspelling(kind, suggestion, value.as_deref())
                        .map(|lost| format!("; {lost}"))
                        .unwrap_or_default();
                    diagnostic.with_help(format!(
                        "did you mean `{suggestion}`? (unknown keys are not published){lost}"
                    ))
                }
                None => diagnostic.with_help(
                    "put a team's own fields under `extra:`; unknown keys are not published",
                ),
            };
            self.diagnostics.push(diagnostic);
        }
        self.diagnostics
    }

    fn wrong_type(&mut self, key: &str, expected: &str, found: &Value) {
        let (line, column) = self.source.key_position(key);
        let diagnostic = self.source.diagnostic(
            Diagnostic::error(format!(
                "`{key}` must be {expected}, not {}",
                describe(found)
            )),
            line,
            column,
            key.chars().count(),
        );
        let example = match expected {
            "true or false" => format!("`{key}: true` or `{key}: false`"),
            "a whole number" => format!("digits only, like `{key}: 90`"),
            "a single value" => format!("one value, like `{key}: text`"),
            "a list of single values" => format!("a list of words, like `{key}: [a, b]`"),
            _ => format!("`{key}:` and, on indented lines below it, `name: value`"),
        };
        self.diagnostics
            .push(diagnostic.with_help(format!("write {example}")));
    }
}

/// The first key of an item of `key`'s list, for the hint of a wrong item.
fn record_example_key(key: &str) -> &'static str {
    match key {
        "goals" => "goal",
        "agenda" => "item",
        "skills" => "skill",
        _ => "name",
    }
}

/// The text of a list item that YAML read as a one-pair mapping because it
/// holds `: ` (`- Finance: met the CFO`), as the author wrote it.
fn colon_item(item: &Value) -> Option<String> {
    let Value::Object(map) = item else {
        return None;
    };
    let (name, value) = map.iter().next().filter(|_| map.len() == 1)?;
    match value {
        Value::Null => Some(format!("{name}:")),
        value => scalar_text(value).map(|value| format!("{name}: {value}")),
    }
}

/// For a line YAML refused because a plain value holds `: `
/// (`summary: Q3: closed`, `- Finance: met: the CFO`): the column where the
/// value starts, the value, and the line with the value quoted; None when
/// the line has no such value.
pub fn quoted_fix(line: &str) -> Option<(usize, &str, String)> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let (prefix, value) = if let Some(item) = rest.strip_prefix("- ") {
        (format!("{}- ", &line[..indent]), item)
    } else {
        let colon = rest.find(": ")?;
        (format!("{}: ", &line[..indent + colon]), &rest[colon + 2..])
    };
    let value = value.trim();
    if value.is_empty() || value.starts_with(['"', '\'', '[', '{']) || !value.contains(": ") {
        return None;
    }
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    let column = prefix.chars().count() + 1;
    Some((column, value, format!("{prefix}\"{escaped}\"")))
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "empty".to_string(),
        Value::Bool(flag) => format!("`{flag}`"),
        Value::Number(number) => format!("`{number}`"),
        Value::String(text) => format!("`{text}`"),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "a mapping".to_string(),
    }
}

/// The key a line starts, when it is a top-level `key:` line.
fn top_level_key(line: &str) -> Option<&str> {
    if !starts_top_level_key(line) {
        return None;
    }
    let colon = line.find(':')?;
    let key = line[..colon].trim();
    Some(key.trim_matches(|c| c == '"' || c == '\''))
}

fn starts_top_level_key(line: &str) -> bool {
    line.chars()
        .next()
        .is_some_and(|c| !c.is_whitespace() && c != '#' && c != '-' && c != '[' && c != '{')
        && line.contains(':')
}

/// Byte offset of `needle` where it stands as its own token (not inside a longer word).
fn find_token(haystack: &str, needle: &str) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_' || c == '/';
    let mut from = 0;
    while let Some(found) = haystack[from..].find(needle) {
        let start = from + found;
        let end = start + needle.len();
        let before = haystack[..start].chars().next_back();
        let after = haystack[end..].chars().next();
        if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
            return Some(start);
        }
        from = start + needle.len().max(1);
        if from >= haystack.len() {
            break;
        }
        while !haystack.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

/// A hint for a YAML error from the parser, where one is known; shared by front
/// matter and huddle.yaml.
pub(crate) fn yaml_help(message: &str) -> Option<&'static str> {
    Some(if message.contains("cannot start any token") {
        "YAML does not allow tabs for indentation; use spaces"
    } else if message.contains("mapping values are not allowed") {
        "a value containing `: ` must be quoted, like title: \"Discovery: the first call\""
    } else if message.contains("duplicate entry") {
        "each key may appear once; remove or merge the repeated one"
    } else if message.contains("repetition limit exceeded") {
        "aliases (`*name`) expand here into too many values; write the values out instead"
    } else if message.contains("recursion limit exceeded") {
        "this nests too deeply; keep to a few levels of lists and mappings"
    } else if message.starts_with("a key longer than") {
        "YAML keys are at most 1024 characters; shorten the key, or move the text into a value"
    } else if message.starts_with("YAML tags") {
        "write the plain value, quoted if need be, without a tag"
    } else {
        return None;
    })
}

/// What is lost when a key of a `kind` page is misspelt as another that
/// `meant` would have been, with `value` written: said beside the "did you
/// mean", since the page then builds but is not counted.
fn lost_by_misspelling(kind: &str, meant: &str, value: Option<&str>) -> Option<String> {
    let value = value.map(|value| value.trim().to_ascii_lowercase());
    Some(match (kind, meant, value.as_deref()) {
        ("story", "outcome", Some("won" | "win")) => "this story is not counted as a win".into(),
        ("story", "outcome", Some("lost" | "loss")) => "this story is not counted as a loss".into(),
        ("story", "outcome", _) => "this story is not counted in any win rate".into(),
        ("story", "rep" | "reps", _) => "this story is not counted for its rep".into(),
        ("story", "playbooks", _) => "this story is not shown on its playbooks".into(),
        ("playbook", "owner", _) => "this playbook is not shown as owned by anyone".into(),
        ("rep", "strengths", _) => "these strengths are not shown".into(),
        ("rep", "manager", _) => "this rep is not shown under a manager".into(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> YamlSource<'_> {
        YamlSource {
            file: "content/stories/x.md",
            text,
            yaml: text,
            first_line: 1,
            item: None,
        }
    }

    #[test]
    fn places_the_items_of_a_long_list_in_one_pass() {
        let mut text = String::from("title: x\nplaybooks:\n  - ana\n  - ana\n  - [bo, cy]\n");
        for index in 0..20_000 {
            text.push_str(&format!("  - p{index}\n"));
        }
        text.push_str("tags: [ana]\n");
        let yaml = source(&text);
        let started = std::time::Instant::now();
        let needles: Vec<String> = (0..20_000).map(|index| format!("p{index}")).collect();
        let mut wanted = vec!["ana", "ana", "bo", "cy"];
        wanted.extend(needles.iter().map(String::as_str));
        let positions = yaml.value_positions("playbooks", &wanted);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert_eq!(&positions[..4], [(3, 5), (4, 5), (5, 6), (5, 10)]);
        assert_eq!(positions[4 + 19_999], (20_005, 5));
        // Not found after the previous one: searched from the start.
        assert_eq!(
            yaml.value_positions("tags", &["ana", "ana"]),
            [(20_006, 8); 2]
        );
    }

    #[test]
    fn places_list_items_on_their_own_lines() {
        let text =
            "title: x\nplaybooks:\n  - discovery\n  - meetings/weekly\nskills: [discovery]\n";
        let yaml = source(text);
        assert_eq!(yaml.value_position("playbooks", "meetings/weekly"), (4, 5));
        assert_eq!(yaml.value_position("skills", "discovery"), (5, 10));
        assert_eq!(yaml.key_position("skills"), (5, 1));
    }

    #[test]
    fn places_the_keys_of_each_item_of_a_list_of_mappings() {
        let text = "title: x\ngoals:\n  - goal: Run discovery\n    due: 2026-13-01\n  - goal: Close\n    status: odd\nperiod: H1\n";
        let map = crate::yaml::parse(text).unwrap();
        let Value::Object(map) = map else { panic!() };
        let mut fields = Fields::new(map, source(text));
        let mut records = fields.records("goals");
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].source.key_position("due"), (4, 5));
        assert_eq!(records[0].date("due"), None);
        assert_eq!(
            (
                records[0].diagnostics[0].line,
                records[0].diagnostics[0].column
            ),
            (4, 10)
        );
        assert_eq!(records[1].source.key_position("goal"), (5, 5));
        assert_eq!(records[1].source.key_position("status"), (6, 5));
        // A missing key points at the item's dash.
        records[1].missing("measure", "how you know");
        assert_eq!(
            (
                records[1].diagnostics[0].line,
                records[1].diagnostics[0].column
            ),
            (5, 3)
        );
        assert_eq!(fields.string("period").as_deref(), Some("H1"));
    }

    #[test]
    fn does_not_match_inside_longer_ids() {
        let yaml = source("reps: [ana-lee, ana]\n");
        assert_eq!(yaml.value_position("reps", "ana"), (1, 17));
    }

    #[test]
    fn warns_about_unknown_keys_with_a_suggestion() {
        let text = "titel: x\n";
        let map = crate::yaml::parse(text).unwrap();
        let Value::Object(map) = map else { panic!() };
        let fields = Fields::new(map, source(text));
        let warnings = fields.finish(&["title", "summary"], "page");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].message, "unknown key `titel` for a page");
        assert_eq!(
            warnings[0].help.as_deref(),
            Some("did you mean `title`? (unknown keys are not published)")
        );
    }
}
