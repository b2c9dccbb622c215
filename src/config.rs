//! `huddle.yaml`, the site's configuration, and the options of one build.
//!
//! Command-line flags become a [`BuildOptions`] in `main.rs`; no clap type
//! crosses into the library.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::fields::{Fields, YamlSource, yaml_help};
use crate::html::{RawHtml, has_unsafe_scheme};
use crate::kinds::Kind;

pub const CONFIG_FILE: &str = "huddle.yaml";

/// What `huddle.yaml` says.
#[derive(Clone, Debug, Serialize)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Always ends with `/`. Used only where an absolute URL is required.
    pub base_url: String,
    pub language: String,
    /// `default` is the theme embedded in the binary unless `themes/default/` exists.
    pub theme: String,
    /// Drop `index.html` from links, for sites that only live on a web server.
    pub pretty_links: bool,
    #[serde(skip)]
    pub links: LinkPolicy,
    #[serde(skip)]
    pub raw_html: RawHtml,
    /// How many entries `atom.xml` keeps.
    #[serde(skip)]
    pub feed_limit: usize,
    /// How many entries a page of a kind index or a term page holds.
    #[serde(skip)]
    pub pagination: Pagination,
    /// A team's own settings, for its templates.
    pub extra: Value,
    /// "Edit this page" link template: `{path}` becomes the page's source
    /// path from the site root (`content/stories/big-win.md`).
    #[serde(skip)]
    pub edit_url: Option<String>,
    /// `coaching.observe_every`: days a manager may go without observing
    /// each direct report (the coaching page and `check --private`).
    #[serde(skip)]
    pub observe_every: i64,
}

/// `pagination:` — how many entries one page of a long list holds, so that
/// no page grows with the wiki: `pagination: 50`, or per list
/// (`default`, which taxonomy indexes use too, a kind's folder such as
/// `stories`, and `terms` for the pages of taxonomy terms).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pagination {
    pub default: usize,
    /// Kind indexes with a size of their own.
    pub kinds: Vec<(Kind, usize)>,
    /// Term pages (`skills/discovery/`), when set apart from `default`.
    pub terms: Option<usize>,
}

impl Pagination {
    /// Entries per page when `huddle.yaml` says nothing: a list a phone
    /// scrolls through in a few seconds, far under the 100 kB a first page
    /// may weigh.
    pub const DEFAULT: usize = 50;
    /// A larger page would be one page for any team and defeat the point.
    const MAX: usize = 10_000;

    /// Entries per page of a kind's index.
    pub fn index(&self, kind: Kind) -> usize {
        self.kinds
            .iter()
            .find(|(listed, _)| *listed == kind)
            .map_or(self.default, |(_, size)| *size)
    }

    /// Entries per page, per list, of a taxonomy term's page.
    pub fn terms(&self) -> usize {
        self.terms.unwrap_or(self.default)
    }
}

impl Default for Pagination {
    fn default() -> Pagination {
        Pagination {
            default: Pagination::DEFAULT,
            kinds: Vec::new(),
            terms: None,
        }
    }
}

/// How often a manager observes each rep when huddle.yaml does not say.
pub const DEFAULT_OBSERVE_EVERY: i64 = 30;

/// What a broken body link does to the build.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LinkPolicy {
    #[default]
    Error,
    Warn,
}

/// The choices of one build, from the command line.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// The folder that holds `huddle.yaml`.
    pub root: PathBuf,
    /// Where to write; `public/` under the root when not given, `private/`
    /// for a private build.
    pub output: Option<PathBuf>,
    /// Write over a build for the other audience (published or private).
    pub force: bool,
    pub drafts: bool,
    /// Include `private:` data (a manager's own copy behind access control).
    pub private: bool,
    pub base_url: Option<String>,
    /// The day that decides which playbooks are past review; today when None.
    pub today: Option<crate::date::Date>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            ..BuildOptions::default()
        }
    }

    pub fn output_folder(&self) -> PathBuf {
        match &self.output {
            Some(output) if output.is_absolute() => output.clone(),
            Some(output) => std::env::current_dir()
                .map(|dir| dir.join(output))
                .unwrap_or_else(|_| output.clone()),
            None if self.private => self.root.join("private"),
            None => self.root.join("public"),
        }
    }

    pub fn today(&self) -> crate::date::Date {
        self.today.unwrap_or_else(crate::date::Date::today)
    }

    pub fn content_folder(&self) -> PathBuf {
        self.root.join("content")
    }
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "pretty_links",
    "links",
    "markdown",
    "feed_limit",
    "pagination",
    "extra",
    "edit_url",
    "coaching",
];

impl Config {
    /// Reads `huddle.yaml` from the site root. Returns the config with its
    /// warnings, or every error found. A `base_url` given (`--base-url`)
    /// wins over the file's, and the file then need not have one.
    pub fn load(
        root: &Path,
        base_url: Option<&str>,
    ) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        // A named pipe would block the read for ever.
        if std::fs::metadata(&path).is_ok_and(|metadata| !metadata.is_file()) {
            return Err(vec![
                Diagnostic::error(format!("{CONFIG_FILE} is not a regular file"))
                    .in_file(CONFIG_FILE)
                    .with_help("huddle.yaml must be a text file of settings"),
            ]);
        }
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(vec![
                    Diagnostic::error(format!("no {CONFIG_FILE} in {}", root.display()))
                        .with_help("run `huddle init` to start a site, or pass --root DIR"),
                ]);
            }
            Err(error) if error.kind() == std::io::ErrorKind::InvalidData => {
                return Err(vec![
                    Diagnostic::error(format!("{CONFIG_FILE} is not UTF-8 text"))
                        .in_file(CONFIG_FILE)
                        .with_help("save huddle.yaml as UTF-8 (not UTF-16)"),
                ]);
            }
            Err(error) => {
                return Err(vec![
                    Diagnostic::error(format!("cannot read {CONFIG_FILE}: {error}"))
                        .in_file(CONFIG_FILE),
                ]);
            }
        };
        Config::parse_with(&text, base_url)
    }

    pub fn parse(text: &str) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        Config::parse_with(text, None)
    }

    fn parse_with(
        text: &str,
        base_url_given: Option<&str>,
    ) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let source = YamlSource {
            file: CONFIG_FILE,
            text,
            yaml: text,
            first_line: 1,
            item: None,
        };
        let map = match crate::yaml::parse(text) {
            Ok(Value::Object(map)) => map,
            Ok(Value::Null) => Default::default(),
            Ok(_) => {
                return Err(vec![source.error(
                    "huddle.yaml must be a mapping of `key: value` lines",
                    1,
                    1,
                )]);
            }
            Err(error) => {
                return Err(vec![
                    source
                        .error(
                            format!("invalid YAML: {}", error.message),
                            error.line,
                            error.column,
                        )
                        .with_help(
                            yaml_help(&error.message).unwrap_or(
                                "huddle.yaml is YAML: `key: value` lines, nested by indenting with spaces",
                            ),
                        ),
                ]);
            }
        };
        let mut fields = Fields::new(map, source);
        let title = fields.string("title").unwrap_or_else(|| "Team wiki".into());
        let description = fields.string("description").unwrap_or_default();
        let base_url = fields.located_string("base_url").and_then(|located| {
            if !has_unsafe_scheme(&located.value) {
                return Some(located.value);
            }
            let diagnostic = source
                .error(
                    "`base_url` must be the site's address, not a script or data URL",
                    located.line,
                    located.column,
                )
                .with_help("write it like base_url: https://wiki.example.com/");
            fields.diagnostics.push(diagnostic);
            None
        });
        let language = fields.string("language").unwrap_or_else(|| "en".into());
        let theme = match fields.located_string("theme") {
            None => "default".into(),
            // A name, not a path: `../x` would load templates from outside the site.
            Some(located)
                if located.value.contains(['/', '\\']) || located.value.starts_with('.') =>
            {
                let diagnostic = source
                    .error(
                        format!(
                            "`theme` must be a folder name, not the path `{}`",
                            located.value
                        ),
                        located.line,
                        located.column,
                    )
                    .with_help("put the theme in themes/<name>/ and write theme: <name>");
                fields.diagnostics.push(diagnostic);
                "default".into()
            }
            Some(located) => located.value,
        };
        let pretty_links = fields.bool("pretty_links").unwrap_or(false);
        let links = match fields.located_string("links") {
            None => LinkPolicy::Error,
            Some(located) => match located.value.as_str() {
                "error" => LinkPolicy::Error,
                "warn" => LinkPolicy::Warn,
                other => {
                    let diagnostic = source
                        .error(
                            format!("`links` must be `error` or `warn`, not `{other}`"),
                            located.line,
                            located.column,
                        )
                        .with_help("`links: warn` lets a migrated handbook build before its links are clean");
                    fields.diagnostics.push(diagnostic);
                    LinkPolicy::Error
                }
            },
        };
        let raw_html = read_markdown_section(&mut fields);
        let observe_every = read_coaching_section(&mut fields);
        let feed_limit = fields.integer("feed_limit").unwrap_or(50).max(1) as usize;
        let pagination = read_pagination(&mut fields);
        let extra = fields
            .mapping("extra")
            .unwrap_or(Value::Object(Default::default()));
        let edit_url = fields.located_string("edit_url");
        if let Some(located) = &edit_url
            && !located.value.contains("{path}")
        {
            let diagnostic = source
                .diagnostic(
                    Diagnostic::warning("`edit_url` has no `{path}`"),
                    located.line,
                    located.column,
                    located.value.len(),
                )
                .with_help("every page would link to the same address; write it like `https://github.com/org/wiki/edit/main/{path}`");
            fields.diagnostics.push(diagnostic);
        }
        let edit_url = edit_url.map(|located| located.value);
        let mut diagnostics = fields.finish(KNOWN_KEYS, "huddle.yaml setting");
        let base_url = match base_url_given.map(str::to_string).or(base_url) {
            Some(url) if url.ends_with('/') => url,
            Some(url) => format!("{url}/"),
            None => {
                diagnostics.push(
                    Diagnostic::warning("huddle.yaml has no `base_url`, so atom.xml, sitemap.xml and canonical links are not written")
                        .in_file(CONFIG_FILE)
                        .with_help("they need the site's address: add `base_url: https://wiki.example.com/` (your own) once the site has one")
                        .as_advisory(),
                );
                String::new()
            }
        };
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(diagnostics);
        }
        Ok((
            Config {
                title,
                description,
                base_url,
                language,
                theme,
                pretty_links,
                links,
                raw_html,
                feed_limit,
                pagination,
                extra,
                edit_url,
                observe_every,
            },
            diagnostics,
        ))
    }
}

/// `pagination: 50`, or a mapping of `default`, kind folders and `terms`;
/// every size a whole number from 1 to [`Pagination::MAX`], each problem
/// placed at the value (or key) that has it.
fn read_pagination(fields: &mut Fields) -> Pagination {
    const KEY: &str = "pagination";
    let mut pagination = Pagination::default();
    let Some(value) = fields.take(KEY) else {
        return pagination;
    };
    let source = fields.source;
    let kinds: Vec<Kind> = Kind::WITH_FOLDERS
        .into_iter()
        .filter(|kind| kind.index().is_some())
        .collect();
    let mut known = vec!["default"];
    known.extend(kinds.iter().map(|kind| kind.folder()));
    known.push("terms");
    let help = format!(
        "write `{KEY}: 50`, or a size per list under `{KEY}:` ({})",
        known
            .iter()
            .map(|key| format!("`{key}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (key, value) in map {
                let text = size_text(&value);
                let positions = source.value_positions(KEY, &[key.as_str(), text.as_str()]);
                let (key_at, value_at) = (positions[0], positions[1]);
                let Some(&name) = known.iter().find(|name| **name == key) else {
                    let mut diagnostic = source.diagnostic(
                        Diagnostic::error(format!("unknown key `{KEY}.{key}`")),
                        key_at.0,
                        key_at.1,
                        key.chars().count(),
                    );
                    diagnostic = match did_you_mean(&key, known.iter().copied()) {
                        Some(suggestion) => diagnostic.with_help(format!(
                            "did you mean `{suggestion}`? {KEY} knows {}",
                            known.join(", ")
                        )),
                        None => diagnostic.with_help(help.clone()),
                    };
                    fields.diagnostics.push(diagnostic);
                    continue;
                };
                let value_at = if value_at == source.key_position(KEY) {
                    key_at
                } else {
                    value_at
                };
                let Some(size) = page_size(&value, &format!("{KEY}.{name}"), value_at, fields)
                else {
                    continue;
                };
                match name {
                    "default" => pagination.default = size,
                    "terms" => pagination.terms = Some(size),
                    folder => {
                        if let Some(kind) = kinds.iter().find(|kind| kind.folder() == folder) {
                            pagination.kinds.push((*kind, size));
                        }
                    }
                }
            }
        }
        Value::Array(_) => {
            let (line, column) = source.key_position(KEY);
            let diagnostic = source
                .error(
                    format!("`{KEY}` must be a number or a mapping, not a list"),
                    line,
                    column,
                )
                .with_help(help);
            fields.diagnostics.push(diagnostic);
        }
        scalar => {
            let at = source.value_position(KEY, &size_text(&scalar));
            if let Some(size) = page_size(&scalar, KEY, at, fields) {
                pagination.default = size;
            }
        }
    }
    pagination
}

/// A page size as written, for finding it in the file.
fn size_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A page size from 1 to [`Pagination::MAX`]; None, with an error at
/// `at`, for anything else.
fn page_size(value: &Value, name: &str, at: (usize, usize), fields: &mut Fields) -> Option<usize> {
    let size = match value {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.trim().parse::<i64>().ok(),
        _ => None,
    };
    match size {
        Some(size) if (1..=Pagination::MAX as i64).contains(&size) => Some(size as usize),
        _ => {
            let written = size_text(value);
            let diagnostic = fields
                .source
                .diagnostic(
                    Diagnostic::error(format!(
                        "`{name}` must be a whole number from 1 to {}, not `{written}`",
                        Pagination::MAX
                    )),
                    at.0,
                    at.1,
                    written.chars().count().max(1),
                )
                .with_help(format!(
                    "the entries one page of a list holds, like `{name}: {}`",
                    Pagination::DEFAULT
                ));
            fields.diagnostics.push(diagnostic);
            None
        }
    }
}

/// `coaching:` with `observe_every: DAYS`.
fn read_coaching_section(fields: &mut Fields) -> i64 {
    let Some(Value::Object(mut coaching)) = fields.mapping("coaching") else {
        return DEFAULT_OBSERVE_EVERY;
    };
    let days = coaching.remove("observe_every");
    for key in coaching.keys() {
        let (line, column) = fields.source.value_position("coaching", key);
        let diagnostic = fields
            .source
            .diagnostic(
                Diagnostic::warning(format!("unknown key `coaching.{key}`")),
                line,
                column,
                key.chars().count(),
            )
            .with_help("the coaching section knows `observe_every` (days)");
        fields.diagnostics.push(diagnostic);
    }
    let Some(days) = days else {
        return DEFAULT_OBSERVE_EVERY;
    };
    match days.as_i64() {
        Some(days @ 1..=3650) => days,
        _ => {
            let written = match &days {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            let (line, column) = fields.source.value_position("coaching", "observe_every");
            let diagnostic = fields
                .source
                .diagnostic(
                    Diagnostic::error(format!(
                        "`coaching.observe_every` must be a number of days from 1 to 3650, not `{written}`"
                    )),
                    line,
                    column,
                    "observe_every".len(),
                )
                .with_help("observe_every: 30 asks each manager to observe every rep once a month");
            fields.diagnostics.push(diagnostic);
            DEFAULT_OBSERVE_EVERY
        }
    }
}

fn read_markdown_section(fields: &mut Fields) -> RawHtml {
    let Some(Value::Object(mut markdown)) = fields.mapping("markdown") else {
        return RawHtml::default();
    };
    let choice = markdown.remove("raw_html");
    let (line, column) = fields.source.key_position("markdown");
    for key in markdown.keys() {
        let diagnostic = fields
            .source
            .diagnostic(
                Diagnostic::warning(format!("unknown key `markdown.{key}`")),
                line,
                column,
                8,
            )
            .with_help("the markdown section knows `raw_html`");
        fields.diagnostics.push(diagnostic);
    }
    match choice.as_ref().and_then(Value::as_str) {
        None | Some("sanitize") => RawHtml::Sanitize,
        Some("allow") => RawHtml::Allow,
        Some("deny") => RawHtml::Deny,
        Some(other) => {
            let (line, column) = fields.source.value_position("markdown", other);
            let diagnostic = fields.source.error(
                format!("`markdown.raw_html` must be `sanitize`, `allow` or `deny`, not `{other}`"),
                line,
                column,
            );
            fields.diagnostics.push(diagnostic);
            RawHtml::Sanitize
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_settings_and_defaults() {
        let (config, warnings) = Config::parse(
            "title: Field wiki\nbase_url: https://wiki.example.com\nlinks: warn\nmarkdown:\n  raw_html: deny\n",
        )
        .unwrap();
        assert!(warnings.is_empty());
        assert_eq!(config.base_url, "https://wiki.example.com/");
        assert_eq!(config.links, LinkPolicy::Warn);
        assert_eq!(config.raw_html, RawHtml::Deny);
        assert_eq!(config.theme, "default");
    }

    #[test]
    fn refuses_a_script_base_url_and_a_theme_path() {
        let errors = Config::parse("base_url: \"javascript:alert(1)//\"\ntheme: ../../elsewhere\n")
            .unwrap_err();
        let found: Vec<(&str, usize, usize)> = errors
            .iter()
            .filter(|error| error.is_error())
            .map(|error| (error.message.as_str(), error.line, error.column))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "`base_url` must be the site's address, not a script or data URL",
                    1,
                    12
                ),
                (
                    "`theme` must be a folder name, not the path `../../elsewhere`",
                    2,
                    8
                ),
            ]
        );
        assert!(Config::parse("base_url: https://w.example/\ntheme: corporate\n").is_ok());
    }

    #[test]
    fn reads_the_edit_url_template() {
        let (config, warnings) =
            Config::parse("base_url: x\nedit_url: https://git.example.com/edit/main/{path}\n")
                .unwrap();
        assert!(warnings.is_empty());
        assert_eq!(
            config.edit_url.as_deref(),
            Some("https://git.example.com/edit/main/{path}")
        );
        let (_, warnings) =
            Config::parse("base_url: x\nedit_url: https://git.example.com/\n").unwrap();
        assert_eq!(warnings[0].message, "`edit_url` has no `{path}`");
    }

    #[test]
    fn reads_the_page_size_whole_or_per_list() {
        let (config, _) = Config::parse("base_url: x\n").unwrap();
        assert_eq!(config.pagination, Pagination::default());
        assert_eq!(config.pagination.index(Kind::Story), 50);
        let (config, warnings) = Config::parse("base_url: x\npagination: 20\n").unwrap();
        assert!(warnings.is_empty());
        assert_eq!(config.pagination.index(Kind::Rep), 20);
        assert_eq!(config.pagination.terms(), 20);
        let (config, warnings) =
            Config::parse("base_url: x\npagination:\n  default: 30\n  stories: 100\n  terms: 10\n")
                .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(config.pagination.index(Kind::Story), 100);
        assert_eq!(config.pagination.index(Kind::Playbook), 30);
        assert_eq!(config.pagination.terms(), 10);
    }

    #[test]
    fn rejects_a_bad_page_size_at_its_value() {
        let errors = Config::parse("base_url: x\npagination: 0\n").unwrap_err();
        assert_eq!(
            errors[0].message,
            "`pagination` must be a whole number from 1 to 10000, not `0`"
        );
        assert_eq!((errors[0].line, errors[0].column), (2, 13));
        let errors = Config::parse(
            "base_url: x\npagination:\n  default: 20\n  stories: many\n  storys: 5\n",
        )
        .unwrap_err();
        let found: Vec<(&str, usize, usize)> = errors
            .iter()
            .map(|error| (error.message.as_str(), error.line, error.column))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "`pagination.stories` must be a whole number from 1 to 10000, not `many`",
                    4,
                    12
                ),
                ("unknown key `pagination.storys`", 5, 3),
            ]
        );
        assert!(
            errors[1]
                .help
                .as_deref()
                .is_some_and(|help| help.contains("did you mean `stories`"))
        );
        assert!(Config::parse("base_url: x\npagination: [1, 2]\n").is_err());
    }

    #[test]
    fn rejects_a_bad_link_policy_with_its_position() {
        let errors = Config::parse("base_url: x\nlinks: loud\n").unwrap_err();
        assert_eq!(
            errors[0].message,
            "`links` must be `error` or `warn`, not `loud`"
        );
        assert_eq!((errors[0].line, errors[0].column), (2, 8));
    }
}
