//! The one module that touches serde_yaml. It is deprecated upstream, so
//! everything else sees plain `serde_json::Value`s and positions relative to
//! the YAML text; swapping the parser means rewriting this file only.

use serde_json::{Map, Number, Value};

/// A YAML syntax problem, positioned within the YAML text (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

/// Parses one YAML document into a JSON-like value.
///
/// Stricter than YAML itself, because front matter is hand-written and a
/// surprise is worse than an error: duplicate keys, custom tags (`!foo`) and
/// keys that are not scalars are rejected.
pub fn parse(text: &str) -> Result<Value, YamlError> {
    if let Some((line, column)) = too_deep(text) {
        return Err(YamlError {
            message: "recursion limit exceeded".into(),
            line,
            column,
        });
    }
    let parsed: serde_yaml::Value = serde_yaml::from_str(text).map_err(|error| {
        let (line, column) = error
            .location()
            .map(|location| (location.line(), location.column()))
            .unwrap_or((1, 1));
        let message = strip_position(&error.to_string());
        // serde_yaml places a duplicate top-level key at 1:1; point at the repeat instead.
        let (line, column) = match duplicate_key(&message) {
            Some(key) => find_repeated_key(text, key).unwrap_or((line, column)),
            None => (line, column),
        };
        // The scanner gives up on a plain key past 1024 characters with a
        // message about a missing `:` that is right there.
        let long_key = text.lines().nth(line.saturating_sub(1)).and_then(|quoted| {
            let (key, _) = quoted.split_once(':')?;
            let indent = key.len() - key.trim_start().len();
            (key.trim().chars().count() > 1024).then_some(indent + 1)
        });
        let (message, column) = match long_key {
            Some(start) => ("a key longer than 1024 characters".to_string(), start),
            None => (message, column),
        };
        YamlError {
            message,
            line,
            column,
        }
    })?;
    let value = convert(parsed, text)?;
    match resolved_tag(text) {
        Some(error) => Err(error),
        None => Ok(value),
    }
}

/// Far past serde_yaml's own nesting limit (128). The YAML scanner reads
/// the whole text before that limit is checked, and its work grows with the
/// square of the nesting of `[` and `{`: 50,000 of them took twenty seconds,
/// 200,000 minutes.
const MAX_FLOW_DEPTH: usize = 1000;

/// Where the brackets of `text` first nest deeper than [`MAX_FLOW_DEPTH`].
/// Brackets in quotes and comments count too: no front matter has a
/// thousand of them open at once.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth: usize = 0;
    let (mut line, mut line_start) = (1, 0);
    for (at, byte) in text.bytes().enumerate() {
        match byte {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some((line, text[line_start..at].chars().count() + 1));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => {
                line += 1;
                line_start = at + 1;
            }
            _ => {}
        }
    }
    None
}

/// Stands in for a tag while checking whether a `!` starts one; each
/// candidate gets its own number after it.
const PROBE_TAG: &str = "!huddle-probe-";

/// How many `!` words are checked; past that, front matter is not a
/// hand-written page.
const MAX_PROBES: usize = 4096;

/// Finds a tag that serde_yaml resolved silently, as if it were not there:
/// `!!binary`, `!!python/object:…`, `!<tag:yaml.org,2002:str>`. (Custom tags
/// such as `!secret` reach `convert` as tagged values.) A `!` may also be
/// plain text (`summary: Won! !!`), so every word that starts with one is
/// replaced by a numbered custom tag and the text parsed once more: only a
/// real tag comes back tagged. (One parse for all of them: a parse per word
/// made a large block with many `!` take minutes.)
fn resolved_tag(text: &str) -> Option<YamlError> {
    if !text.contains('!') {
        return None;
    }
    let candidates: Vec<(usize, usize)> = text
        .match_indices('!')
        .filter(|&(at, _)| {
            at == 0
                || matches!(
                    text.as_bytes()[at - 1],
                    b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b','
                )
        })
        .take(MAX_PROBES)
        .map(|(at, _)| {
            let rest = &text[at..];
            let length = if rest.starts_with("!<") {
                rest.find('>').map_or(rest.len(), |end| end + 1)
            } else {
                rest.find(|c: char| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}'))
                    .unwrap_or(rest.len())
            };
            (at, length)
        })
        .collect();
    let mut probe = String::with_capacity(text.len() + candidates.len() * 20);
    let mut copied = 0;
    for (number, &(at, length)) in candidates.iter().enumerate() {
        probe.push_str(&text[copied..at]);
        probe.push_str(&format!("{PROBE_TAG}{number}"));
        copied = at + length;
    }
    probe.push_str(&text[copied..]);
    let value = serde_yaml::from_str::<serde_yaml::Value>(&probe).ok()?;
    let mut found = None;
    first_probe(&value, &mut found);
    let (at, length) = candidates[found?];
    let line = text[..at].matches('\n').count() + 1;
    let line_start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
    Some(YamlError {
        message: format!(
            "YAML tags like `{}` are not supported",
            &text[at..at + length]
        ),
        line,
        column: text[line_start..at].chars().count() + 1,
    })
}

/// The lowest probe number among the tags in `value`.
fn first_probe(value: &serde_yaml::Value, found: &mut Option<usize>) {
    match value {
        serde_yaml::Value::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            if let Some(number) = tag
                .strip_prefix(PROBE_TAG)
                .and_then(|number| number.parse::<usize>().ok())
            {
                *found = Some(found.map_or(number, |lowest| lowest.min(number)));
            }
            first_probe(&tagged.value, found);
        }
        serde_yaml::Value::Sequence(items) => {
            for item in items {
                first_probe(item, found);
            }
        }
        serde_yaml::Value::Mapping(mapping) => {
            for (key, value) in mapping {
                first_probe(key, found);
                first_probe(value, found);
            }
        }
        _ => {}
    }
}

fn convert(value: serde_yaml::Value, text: &str) -> Result<Value, YamlError> {
    Ok(match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(flag) => Value::Bool(flag),
        serde_yaml::Value::Number(number) => {
            if let Some(integer) = number.as_i64() {
                Value::Number(integer.into())
            } else if let Some(integer) = number.as_u64() {
                Value::Number(integer.into())
            } else {
                number
                    .as_f64()
                    .and_then(Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or(Value::Null)
            }
        }
        serde_yaml::Value::String(string) => Value::String(string),
        serde_yaml::Value::Sequence(items) => Value::Array(
            items
                .into_iter()
                .map(|item| convert(item, text))
                .collect::<Result<_, _>>()?,
        ),
        serde_yaml::Value::Mapping(mapping) => {
            let mut map = Map::new();
            for (key, value) in mapping {
                let key = match key {
                    serde_yaml::Value::String(key) => key,
                    serde_yaml::Value::Number(number) => number.to_string(),
                    serde_yaml::Value::Bool(flag) => flag.to_string(),
                    other => {
                        // serde_yaml keeps no positions: point at the first
                        // complex key (`? …`) or key that opens a list or mapping.
                        let (line, column) = text
                            .lines()
                            .enumerate()
                            .find_map(|(index, line)| {
                                let trimmed = line.trim_start_matches([' ', '-']);
                                let complex = trimmed.starts_with("? ")
                                    || trimmed.starts_with('[')
                                    || trimmed.starts_with('{');
                                complex.then(|| (index + 1, line.len() - trimmed.len() + 1))
                            })
                            .unwrap_or((1, 1));
                        return Err(YamlError {
                            message: format!(
                                "a key must be a plain word, not {}",
                                describe(&other)
                            ),
                            line,
                            column,
                        });
                    }
                };
                // `1:` and `"1":`, or `true:` and `"true":`, are two keys
                // to YAML but one here: a duplicate all the same.
                let value = convert(value, text)?;
                if map.contains_key(&key) {
                    let (line, column) = find_repeated_key(text, &key).unwrap_or((1, 1));
                    return Err(YamlError {
                        message: format!("duplicate entry with key \"{key}\""),
                        line,
                        column,
                    });
                }
                map.insert(key, value);
            }
            Value::Object(map)
        }
        serde_yaml::Value::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let (line, column) = find_text(text, &tag).unwrap_or((1, 1));
            return Err(YamlError {
                message: format!("YAML tags like `{tag}` are not supported"),
                line,
                column,
            });
        }
    })
}

fn describe(value: &serde_yaml::Value) -> &'static str {
    match value {
        serde_yaml::Value::Null => "an empty value",
        serde_yaml::Value::Sequence(_) => "a list",
        serde_yaml::Value::Mapping(_) => "a mapping",
        _ => "a tagged value",
    }
}

/// serde_yaml appends " at line L column C" (and sometimes more context);
/// the caller prints the position itself.
fn strip_position(message: &str) -> String {
    let cut = message.find(" at line ").unwrap_or(message.len());
    let message = &message[..cut];
    // Nested errors are prefixed with a key path ("b: duplicate entry..."): keep it, it helps.
    message.to_string()
}

fn duplicate_key(message: &str) -> Option<&str> {
    let rest = message.split("duplicate entry with key \"").nth(1)?;
    rest.split('"').next()
}

/// Position of the second line that starts with `key:`.
fn find_repeated_key(text: &str, key: &str) -> Option<(usize, usize)> {
    let mut seen = false;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let is_key = trimmed
            .strip_prefix(key)
            .or_else(|| {
                trimmed
                    .strip_prefix('"')
                    .and_then(|rest| rest.strip_prefix(key))
                    .and_then(|rest| rest.strip_prefix('"'))
            })
            .is_some_and(|rest| rest.trim_start().starts_with(':'));
        if is_key {
            if seen {
                return Some((index + 1, indent + 1));
            }
            seen = true;
        }
    }
    None
}

fn find_text(text: &str, needle: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(index, line)| {
        line.find(needle)
            .map(|byte| (index + 1, line[..byte].chars().count() + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_mapping_with_dates_as_text() {
        let value = parse("title: Win\ndate: 2026-03-14\ntags: [a, b]\n").unwrap();
        assert_eq!(value["date"], "2026-03-14");
        assert_eq!(value["tags"][1], "b");
    }

    #[test]
    fn positions_syntax_errors_without_repeating_them_in_the_message() {
        let error = parse("title: x\n  bad: y\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 6));
        assert_eq!(
            error.message,
            "mapping values are not allowed in this context"
        );
    }

    #[test]
    fn names_a_key_too_long_for_yaml() {
        for text in [
            format!("title: x\n{}: v\n", "k".repeat(2000)),
            format!("extra:\n  {}: v\n", "k".repeat(2000)),
        ] {
            let error = parse(&text).unwrap_err();
            assert_eq!(error.message, "a key longer than 1024 characters");
            assert_eq!(error.line, 2);
        }
    }

    #[test]
    fn points_at_the_repeated_key() {
        let error = parse("title: a\nrep: b\ntitle: c\n").unwrap_err();
        assert_eq!(error.message, "duplicate entry with key \"title\"");
        assert_eq!((error.line, error.column), (3, 1));
    }

    #[test]
    fn rejects_the_tags_serde_yaml_resolves_silently() {
        let error = parse("title: x\nsummary: !!binary aGVsbG8=\n").unwrap_err();
        assert_eq!(error.message, "YAML tags like `!!binary` are not supported");
        assert_eq!((error.line, error.column), (2, 10));
        let error = parse("extra:\n  run: !!python/object/apply:os.system [ls]\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 8));
        assert!(parse("tags: [a, !!str b]\n").is_err());
        assert!(parse("title: !<tag:yaml.org,2002:str> x\n").is_err());
        // A `!` in text is text.
        let value = parse("title: Won! !!\nsummary: |\n  !!binary is text here\n").unwrap();
        assert_eq!(value["title"], "Won! !!");
        assert_eq!(value["summary"], "!!binary is text here\n");
        assert_eq!(parse("title: \"!!str x\"\n").unwrap()["title"], "!!str x");
    }

    #[test]
    fn refuses_brackets_nested_too_deep_for_the_scanner_at_once() {
        let text = format!("title: x\nextra: {}\n", "[".repeat(200_000));
        let started = std::time::Instant::now();
        let error = parse(&text).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert_eq!(error.message, "recursion limit exceeded");
        assert_eq!((error.line, error.column), (2, 1008));
        assert!(parse("tags: [[a], {b: [c]}]\n").is_ok());
    }

    #[test]
    fn points_at_a_key_that_is_a_list() {
        let error = parse("title: x\n? [a, b]\n: c\n").unwrap_err();
        assert_eq!(error.message, "a key must be a plain word, not a list");
        assert_eq!((error.line, error.column), (2, 1));
        let error = parse("title: x\n[a, b]: c\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 1));
    }

    #[test]
    fn keys_that_differ_only_in_type_are_duplicates() {
        let error = parse("title: x\n1: a\n\"1\": b\n").unwrap_err();
        assert_eq!(error.message, "duplicate entry with key \"1\"");
        assert_eq!((error.line, error.column), (3, 1));
        assert!(parse("extra:\n  true: a\n  \"true\": b\n").is_err());
    }

    #[test]
    fn rejects_tags() {
        let error = parse("title: !secret x\n").unwrap_err();
        assert_eq!(error.message, "YAML tags like `!secret` are not supported");
        assert_eq!((error.line, error.column), (1, 8));
    }
}
