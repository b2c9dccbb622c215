//! Themes: Tera templates and static files. The default theme is embedded in
//! the binary, so a site without a theme folder builds; a site's
//! `templates/` overrides the theme's template of the same name, per file.
//!
//! Templates are compiled once per build and shared by every render thread.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use tera::{ErrorKind, Kwargs, State, Tera};

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::kinds::{Kind, templates};
use crate::site::slugify;

/// The templates every theme must provide (a site may override any of them).
pub const REQUIRED_TEMPLATES: [&str; 12] = [
    templates::BASE,
    templates::HOME,
    Kind::Playbook.template(),
    Kind::Story.template(),
    Kind::Rep.template(),
    Kind::Page.template(),
    index_template(Kind::Playbook),
    index_template(Kind::Story),
    index_template(Kind::Rep),
    templates::TAXONOMY,
    templates::TERM,
    templates::NOT_FOUND,
];

const fn index_template(kind: Kind) -> &'static str {
    match kind.index() {
        Some(index) => index.template,
        None => "",
    }
}

/// The default theme, embedded file by file (`themes/default/`).
/// A unit test keeps this list equal to the folder.
pub(crate) const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    (
        "404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "home.html",
        include_str!("../themes/default/templates/home.html"),
    ),
    (
        "insight.html",
        include_str!("../themes/default/templates/insight.html"),
    ),
    (
        "page.html",
        include_str!("../themes/default/templates/page.html"),
    ),
    (
        "partials/chart.html",
        include_str!("../themes/default/templates/partials/chart.html"),
    ),
    (
        "partials/meeting_list.html",
        include_str!("../themes/default/templates/partials/meeting_list.html"),
    ),
    (
        "partials/page_list.html",
        include_str!("../themes/default/templates/partials/page_list.html"),
    ),
    (
        "partials/page_meta.html",
        include_str!("../themes/default/templates/partials/page_meta.html"),
    ),
    (
        "partials/page_number.html",
        include_str!("../themes/default/templates/partials/page_number.html"),
    ),
    (
        "partials/pagination.html",
        include_str!("../themes/default/templates/partials/pagination.html"),
    ),
    (
        "partials/private.html",
        include_str!("../themes/default/templates/partials/private.html"),
    ),
    (
        "partials/role_list.html",
        include_str!("../themes/default/templates/partials/role_list.html"),
    ),
    (
        "partials/story_cards.html",
        include_str!("../themes/default/templates/partials/story_cards.html"),
    ),
    (
        "partials/story_list.html",
        include_str!("../themes/default/templates/partials/story_list.html"),
    ),
    (
        "partials/story_reasons.html",
        include_str!("../themes/default/templates/partials/story_reasons.html"),
    ),
    (
        "partials/term_range.html",
        include_str!("../themes/default/templates/partials/term_range.html"),
    ),
    (
        "partials/terms.html",
        include_str!("../themes/default/templates/partials/terms.html"),
    ),
    (
        "playbook.html",
        include_str!("../themes/default/templates/playbook.html"),
    ),
    (
        "playbooks.html",
        include_str!("../themes/default/templates/playbooks.html"),
    ),
    (
        "rep.html",
        include_str!("../themes/default/templates/rep.html"),
    ),
    (
        "reps.html",
        include_str!("../themes/default/templates/reps.html"),
    ),
    (
        "search.html",
        include_str!("../themes/default/templates/search.html"),
    ),
    (
        "stories.html",
        include_str!("../themes/default/templates/stories.html"),
    ),
    (
        "story.html",
        include_str!("../themes/default/templates/story.html"),
    ),
    (
        "taxonomy.html",
        include_str!("../themes/default/templates/taxonomy.html"),
    ),
    (
        "term.html",
        include_str!("../themes/default/templates/term.html"),
    ),
    (
        "meeting.html",
        include_str!("../themes/default/templates/meeting.html"),
    ),
    (
        "meetings.html",
        include_str!("../themes/default/templates/meetings.html"),
    ),
    (
        "role.html",
        include_str!("../themes/default/templates/role.html"),
    ),
    (
        "roles.html",
        include_str!("../themes/default/templates/roles.html"),
    ),
    (
        "observation.html",
        include_str!("../themes/default/templates/observation.html"),
    ),
    (
        "observations.html",
        include_str!("../themes/default/templates/observations.html"),
    ),
    (
        "plan.html",
        include_str!("../themes/default/templates/plan.html"),
    ),
    (
        "plans.html",
        include_str!("../themes/default/templates/plans.html"),
    ),
    (
        "coaching.html",
        include_str!("../themes/default/templates/coaching.html"),
    ),
];

pub(crate) const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    (
        "favicon.svg",
        include_bytes!("../themes/default/static/favicon.svg"),
    ),
    (
        "filters.js",
        include_bytes!("../themes/default/static/filters.js"),
    ),
    (
        "search.js",
        include_bytes!("../themes/default/static/search.js"),
    ),
    (
        "style.css",
        include_bytes!("../themes/default/static/style.css"),
    ),
];

/// Templates a theme may leave out: the built-in theme's are used instead
/// (they extend the theme's own `base.html`), so a theme written before
/// the search and insight pages existed still gets them.
pub(crate) const OPTIONAL_TEMPLATES: [&str; 19] = [
    "insight.html",
    // The coaching loop's kinds came after the first themes: a theme
    // without them gets the built-in ones.
    Kind::Observation.template(),
    Kind::Plan.template(),
    Kind::Meeting.template(),
    Kind::Role.template(),
    index_template(Kind::Observation),
    index_template(Kind::Plan),
    index_template(Kind::Meeting),
    index_template(Kind::Role),
    templates::COACHING,
    "partials/chart.html",
    "partials/page_meta.html",
    // Lists the loop's pages and the insight page share.
    "partials/meeting_list.html",
    "partials/role_list.html",
    "partials/story_reasons.html",
    "partials/page_number.html",
    "partials/pagination.html",
    "partials/term_range.html",
    "search.html",
];

/// A loaded theme: compiled templates and the static files to copy.
pub struct Theme {
    pub tera: Tera,
    /// Output path → where the bytes come from.
    pub static_files: BTreeMap<String, StaticFile>,
    /// Template name → the file it came from and its text, for error messages.
    origins: BTreeMap<String, (String, String)>,
    /// Per context variable (`site`, `taxonomy`), the templates that read it
    /// beyond its fixed fields, directly, through a parent or an include: a
    /// page rendered with one of them depends on every page the variable lists.
    /// None until [`Theme::watching`] names the variables: then every
    /// template counts as dependent.
    dependent: Option<HashMap<&'static str, HashSet<String>>>,
}

pub enum StaticFile {
    Embedded(&'static [u8]),
    OnDisk(PathBuf),
}

impl Theme {
    /// Loads the theme named in the config, with the site's overrides.
    pub fn load(root: &Path, theme_name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let mut sources: BTreeMap<String, (String, String)> = BTreeMap::new();
        let mut static_files = BTreeMap::new();
        let theme_dir = root.join("themes").join(theme_name);
        if theme_dir.is_dir() {
            let display = format!("themes/{theme_name}/templates");
            read_templates(&theme_dir.join("templates"), &display, &mut sources)?;
            // The built-in scripts and styles are the layer under every
            // theme: search.js reads an index format huddle owns, so a theme
            // gets it unless it ships its own file of that name.
            for (name, bytes) in DEFAULT_STATIC {
                static_files.insert(name.to_string(), StaticFile::Embedded(bytes));
            }
            list_static(&theme_dir.join("static"), &mut static_files);
        } else if theme_name == "default" {
            for (name, text) in DEFAULT_TEMPLATES {
                sources.insert(
                    name.to_string(),
                    (text.to_string(), format!("{name} (built-in default theme)")),
                );
            }
            for (name, bytes) in DEFAULT_STATIC {
                static_files.insert(name.to_string(), StaticFile::Embedded(bytes));
            }
        } else {
            return Err(vec![
                Diagnostic::error(format!(
                    "no theme `{theme_name}`: themes/{theme_name}/ does not exist"
                ))
                .in_file(crate::config::CONFIG_FILE)
                .with_help("remove `theme:` to use the built-in default theme"),
            ]);
        }
        read_templates(&root.join("templates"), "templates", &mut sources)?;
        // The site's own static files win over the theme's, per file.
        list_static(&root.join("static"), &mut static_files);
        let missing: Vec<&str> = REQUIRED_TEMPLATES
            .iter()
            .copied()
            .filter(|name| !sources.contains_key(*name))
            .collect();
        if !missing.is_empty() {
            return Err(vec![
                Diagnostic::error(format!(
                    "theme `{theme_name}` lacks templates: {}",
                    missing.join(", ")
                ))
                .with_help("copy them from huddle's themes/default/templates/"),
            ]);
        }
        for (name, text) in DEFAULT_TEMPLATES {
            if OPTIONAL_TEMPLATES.contains(name) && !sources.contains_key(*name) {
                sources.insert(
                    name.to_string(),
                    (text.to_string(), format!("{name} (built-in default theme)")),
                );
            }
        }
        let origins = sources
            .iter()
            .map(|(name, (text, origin))| (name.clone(), (origin.clone(), text.clone())))
            .collect();
        let mut tera = Tera::new();
        register_filters(&mut tera);
        let compiled = tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, (text, _))| (name.as_str(), text.as_str())),
        );
        let theme = Theme {
            tera,
            static_files,
            origins,
            dependent: None,
        };
        match compiled {
            Ok(()) => Ok(theme),
            Err(error) => Err(vec![theme.describe_error(&error, None)]),
        }
    }

    /// Turns a Tera error into a diagnostic naming the template file, line
    /// and column, and the page being rendered when there is one.
    pub(crate) fn describe_error(
        &self,
        error: &tera::Error,
        rendering: Option<&str>,
    ) -> Diagnostic {
        let context = rendering
            .map(|page| format!(" while rendering {page}"))
            .unwrap_or_default();
        match error.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let (origin, text) = self.origin(report.filename());
                let span = report.span();
                let kind = if matches!(error.kind(), ErrorKind::SyntaxError(_)) {
                    "template syntax error"
                } else {
                    "template error"
                };
                Diagnostic::error(format!(
                    "{kind}{context}: {}",
                    lower_first(report.message())
                ))
                .in_file(origin)
                .at(text, span.start_line, span.start_col + 1, 1)
            }
            // The errors below come before any page is rendered, without a
            // span: point at the tag that causes them.
            ErrorKind::CircularExtend {
                tpl,
                inheritance_chain,
            } => {
                let chain: Vec<&str> = std::iter::once(tpl.as_str())
                    .chain(inheritance_chain.iter().map(String::as_str))
                    .collect();
                self.at_text(
                    Diagnostic::error(format!(
                        "templates extend each other in a circle: {}",
                        chain.join(" → ")
                    )),
                    tpl,
                    "extends",
                )
                .with_help("one of them must extend a template that does not lead back to it")
            }
            ErrorKind::CircularInclude { tpl, include_chain } => {
                let next = include_chain.get(1).map_or(tpl.as_str(), String::as_str);
                self.at_text(
                    Diagnostic::error(format!(
                        "templates include each other in a circle: {}",
                        include_chain.join(" → ")
                    )),
                    tpl,
                    next,
                )
                .with_help(
                    "remove one of the includes, or move what they share into a third template",
                )
            }
            ErrorKind::MissingParent { current, parent } => self
                .at_text(
                    Diagnostic::error(format!(
                        "`{current}` extends `{parent}`, which does not exist"
                    )),
                    current,
                    parent,
                )
                .with_help("extend a template the theme has, such as base.html"),
            ErrorKind::Msg(reports) => match self.read_report(reports, &context) {
                Some(diagnostic) => diagnostic,
                None => {
                    Diagnostic::error(format!("template error{context}: {}", lower_first(reports)))
                }
            },
            _ => Diagnostic::error(format!(
                "template error{context}: {}",
                lower_first(&error.to_string())
            )),
        }
    }

    /// Finds, per context variable, the templates that read it beyond its
    /// `fixed` fields. The context is render's to describe, so it names the
    /// variables and fields (`render::FIXED_FIELDS`); the theme only scans.
    pub(crate) fn watching(mut self, watched: &[(&'static str, &[&str])]) -> Theme {
        self.dependent = Some(
            watched
                .iter()
                .map(|(variable, fixed)| {
                    (
                        *variable,
                        dependent_templates(&self.origins, variable, fixed),
                    )
                })
                .collect(),
        );
        self
    }

    /// Whether pages rendered with `template` may show any page of the site
    /// (through `site.stories` and the like), not just their own relations.
    pub(crate) fn depends_on_whole_site(&self, template: &str) -> bool {
        self.depends_on_variable(template, "site")
    }

    /// Whether `template` reads `variable` beyond its fixed fields.
    pub(crate) fn depends_on_variable(&self, template: &str, variable: &str) -> bool {
        let Some(dependent) = &self.dependent else {
            return true;
        };
        dependent
            .get(variable)
            .is_none_or(|templates| templates.contains(template))
    }

    /// Points at the first line of `template` that holds `needle`.
    fn at_text(&self, diagnostic: Diagnostic, template: &str, needle: &str) -> Diagnostic {
        let (origin, text) = self.origin(template);
        let diagnostic = diagnostic.in_file(origin);
        let found = text.lines().enumerate().find_map(|(index, line)| {
            line.find(needle)
                .map(|byte| (index + 1, line[..byte].chars().count() + 1))
        });
        match found {
            Some((line, column)) => diagnostic.at(text, line, column, needle.chars().count()),
            None => diagnostic,
        }
    }

    /// Tera reports some errors (an unknown filter, test, function or
    /// included template) as text: `error: …` and ` --> name:line:col`.
    /// Reads the first of them back into a diagnostic on the template's file.
    fn read_report(&self, reports: &str, context: &str) -> Option<Diagnostic> {
        let mut lines = reports.lines();
        let message = lines.next()?.strip_prefix("error: ")?;
        let location = lines.next()?.trim_start().strip_prefix("--> ")?;
        let (rest, column) = location.rsplit_once(':')?;
        let (name, line) = rest.rsplit_once(':')?;
        let (origin, text) = self.origin(name);
        let more = reports.matches("\nerror: ").count();
        let more = match more {
            0 => String::new(),
            more => format!(" (and {more} more)"),
        };
        Some(
            Diagnostic::error(format!(
                "template error{context}: {}{more}",
                lower_first(message)
            ))
            .in_file(origin)
            .at(text, line.parse().ok()?, column.parse().ok()?, 1)
            .with_help("filters, tests and functions are Tera's and huddle's (THEMES.md); included templates must exist"),
        )
    }

    /// The file a template came from, and its text for quoting the line.
    pub(crate) fn origin(&self, name: &str) -> (String, &str) {
        match self.origins.get(name) {
            Some((origin, text)) => (origin.clone(), text),
            None => (name.to_string(), ""),
        }
    }
}

/// Finds the templates whose output may depend on what `variable` lists:
/// those that use it other than through `fixed` fields, and those that
/// extend or include one. Conservative by design: `{% set s = site %}` counts.
fn dependent_templates(
    origins: &BTreeMap<String, (String, String)>,
    variable: &str,
    fixed: &[&str],
) -> HashSet<String> {
    let mut uses: HashMap<&str, (bool, Vec<String>)> = HashMap::new();
    for (name, (_, text)) in origins {
        let mut direct = false;
        let mut references = Vec::new();
        for tag in template_tags(text) {
            direct |= reads_beyond(tag, variable, fixed);
            for keyword in ["extends", "include"] {
                if let Some(rest) = tag.trim_start().strip_prefix(keyword)
                    && let Some(quoted) = rest.trim().split(['"', '\'']).nth(1)
                {
                    references.push(quoted.to_string());
                }
            }
        }
        uses.insert(name, (direct, references));
    }
    let mut dependent = HashSet::new();
    for name in uses.keys() {
        let mut stack = vec![name.to_string()];
        let mut seen = HashSet::new();
        while let Some(current) = stack.pop() {
            if !seen.insert(current.clone()) {
                continue;
            }
            if let Some((direct, references)) = uses.get(current.as_str()) {
                if *direct {
                    dependent.insert(name.to_string());
                    break;
                }
                stack.extend(references.iter().cloned());
            }
        }
    }
    dependent
}

/// The insides of `{{ … }}` and `{% … %}` tags.
fn template_tags(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find(['{'])?;
            let after = &rest[start + 1..];
            let close = match after.chars().next() {
                Some('{') => "}}",
                Some('%') => "%}",
                _ => {
                    rest = after;
                    continue;
                }
            };
            let body = &after[1..];
            let end = body.find(close).unwrap_or(body.len());
            rest = &body[end..];
            return Some(&body[..end]);
        }
    })
}

fn reads_beyond(tag: &str, variable: &str, fixed: &[&str]) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(found) = tag[from..].find(variable) {
        let start = from + found;
        let end = start + variable.len();
        from = end;
        let before = tag[..start].chars().next_back();
        if before.is_some_and(|c| is_word(c) || c == '.') {
            continue;
        }
        let after = &tag[end..];
        if after.starts_with(is_word) {
            continue;
        }
        let Some(field) = after.strip_prefix('.') else {
            return true;
        };
        let field: String = field.chars().take_while(|c| is_word(*c)).collect();
        if !fixed.contains(&field.as_str()) {
            return true;
        }
    }
    false
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn read_templates(
    dir: &Path,
    display: &str,
    sources: &mut BTreeMap<String, (String, String)>,
) -> Result<(), Vec<Diagnostic>> {
    if !dir.is_dir() {
        return Ok(());
    }
    let mut errors = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() || crate::content::is_ignored_name(entry.file_name()) {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let name = relative.to_string_lossy().replace('\\', "/");
        let origin = format!("{display}/{name}");
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => {
                sources.insert(name, (text, origin));
            }
            Err(error) => errors
                .push(Diagnostic::error(format!("cannot read template: {error}")).in_file(origin)),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn list_static(dir: &Path, files: &mut BTreeMap<String, StaticFile>) {
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() || crate::content::is_ignored_name(entry.file_name()) {
            continue;
        }
        if let Ok(relative) = entry.path().strip_prefix(dir) {
            let name = relative.to_string_lossy().replace('\\', "/");
            files.insert(name, StaticFile::OnDisk(entry.path().to_path_buf()));
        }
    }
}

/// Filters the templates get besides Tera's own (documented in THEMES.md).
fn register_filters(tera: &mut Tera) {
    // `{{ page.date | date }}` → 14 March 2026; `date(format="short")` → 14 Mar 2026.
    tera.register_filter("date", |value: &str, kwargs: Kwargs, _: &State| {
        let Some(date) = Date::parse(value) else {
            return value.to_string();
        };
        match kwargs.get::<&str>("format").ok().flatten() {
            Some("short") => format!(
                "{} {} {}",
                date.day,
                &crate::date::MONTHS[date.month as usize - 1][..3],
                date.year
            ),
            Some("iso") => date.to_string(),
            Some("month") => format!(
                "{} {}",
                crate::date::MONTHS[date.month as usize - 1],
                date.year
            ),
            _ => date.long(),
        }
    });
    tera.register_filter("slugify", |value: &str, _: Kwargs, _: &State| {
        slugify(value)
    });
    // For query strings: `search/index.html?q={{ term.name | urlencode }}`.
    tera.register_filter("urlencode", |value: &str, _: Kwargs, _: &State| {
        let mut out = String::with_capacity(value.len());
        for byte in value.bytes() {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
                out.push(byte as char);
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
        out
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new file in themes/default/ must be added to the embedded lists.
    #[test]
    fn embedded_default_theme_matches_the_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk = Vec::new();
        for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let relative = entry.path().strip_prefix(&root).unwrap();
                on_disk.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
        let mut embedded: Vec<String> = DEFAULT_TEMPLATES
            .iter()
            .map(|(name, _)| format!("templates/{name}"))
            .chain(
                DEFAULT_STATIC
                    .iter()
                    .map(|(name, _)| format!("static/{name}")),
            )
            .collect();
        embedded.sort();
        on_disk.sort();
        assert_eq!(embedded, on_disk);
    }

    #[test]
    fn knows_which_templates_read_the_whole_site() {
        // The fixed fields base.html reads (render passes all of them in).
        let site_fields: &[&str] = &[
            "title",
            "description",
            "base_url",
            "language",
            "drafts",
            "private",
            "urls",
        ];
        let watched: [(&str, &[&str]); 2] = [
            ("site", site_fields),
            ("taxonomy", &["name", "title", "url"]),
        ];
        let theme = Theme::load(Path::new("/nonexistent-site-root"), "default").unwrap();
        assert!(
            theme.depends_on_whole_site("base.html"),
            "conservative unwatched"
        );
        let theme = theme.watching(&watched);
        assert!(theme.depends_on_whole_site("home.html"));
        assert!(!theme.depends_on_whole_site("story.html"));
        assert!(!theme.depends_on_whole_site("base.html"));
        assert!(!theme.depends_on_variable("term.html", "taxonomy"));
        assert!(reads_beyond(
            "for story in site.stories",
            "site",
            site_fields
        ));
        assert!(reads_beyond("set all = site", "site", site_fields));
        assert!(!reads_beyond(
            "site.title ~ site.urls.home",
            "site",
            site_fields
        ));
        assert!(!reads_beyond("page.website", "site", site_fields));
    }

    #[test]
    fn the_default_theme_compiles() {
        let theme = Theme::load(Path::new("/nonexistent-site-root"), "default");
        assert!(theme.is_ok(), "{:?}", theme.err());
    }
}
