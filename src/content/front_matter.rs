//! Front matter: the YAML between a first line `---` and a closing `---`,
//! read into typed fields per kind (DESIGN.md's table).
//!
//! Problems are collected, not thrown: a page with a bad date still has a
//! title, so later stages can go on and report their own problems too.

mod coaching;
mod other_tools;

pub use coaching::{
    AgendaItem, AgendaType, Goal, GoalStatus, MEETING_KEYS, Meeting, OBSERVATION_KEYS, Observation,
    ObservationType, PLAN_KEYS, PLAN_REVIEW_DAYS, Plan, ROLE_KEYS, Rating, RequiredSkill, RoleSpec,
};

use serde::Serialize;
use serde_json::Value;

use super::{Kind, Role, SourceFile};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::fields::{Fields, Located, YamlSource, yaml_help};

/// How a story ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Won,
    Lost,
    Open,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Won => "won",
            Outcome::Lost => "lost",
            Outcome::Open => "open",
        }
    }
}

/// Every field any kind may carry; each kind fills its own.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrontMatter {
    /// For a rep, the `name`.
    pub title: Option<String>,
    pub summary: Option<String>,
    pub draft: bool,
    pub weight: Option<i64>,
    pub tags: Vec<String>,
    pub skills: Vec<String>,
    pub extra: Option<Value>,
    pub private: Option<Value>,
    /// Old paths of the page (Hugo `aliases`, Jekyll `redirect_from`),
    /// each given a redirect page.
    pub aliases: Vec<Located<String>>,
    // Playbook
    pub owner: Option<Located<String>>,
    pub stage: Option<String>,
    pub updated: Option<Date>,
    /// The line of `updated:`, where a "past its review date" warning points.
    pub updated_line: Option<usize>,
    pub review_every: Option<i64>,
    // Story
    pub reps: Vec<Located<String>>,
    pub date: Option<Date>,
    pub outcome: Option<Outcome>,
    pub customer: Option<String>,
    pub industry: Option<String>,
    pub value: Option<String>,
    pub competitor: Option<String>,
    pub playbooks: Vec<Located<String>>,
    pub actions: Vec<String>,
    pub results: Vec<String>,
    /// Every reason the customer gave (the `reasons` taxonomy).
    pub reasons: Vec<String>,
    pub lesson: Option<String>,
    // Rep
    pub role: Option<String>,
    pub team: Option<String>,
    pub region: Option<String>,
    pub manager: Option<Located<String>>,
    pub email: Option<String>,
    pub photo: Option<String>,
    pub joined: Option<Date>,
    pub strengths: Vec<String>,
    pub focus: Vec<String>,
    // The coaching loop's kinds; `title`, `date`, `team`, `owner` and
    // `skills` above serve them too.
    pub observation: Option<Box<Observation>>,
    pub plan: Option<Box<Plan>>,
    pub meeting: Option<Box<Meeting>>,
    pub role_spec: Option<Box<RoleSpec>>,
}

/// Where the body starts, after any front matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BodyStart {
    /// Byte offset into the file text.
    pub offset: usize,
    /// 1-based line of the file.
    pub line: usize,
}

/// Reads a file's front matter. Returns what could be read, where the body
/// starts, and every problem found.
pub fn parse_front_matter(file: &SourceFile) -> (FrontMatter, BodyStart, Vec<Diagnostic>) {
    let text = file.text.as_str();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let split = match split(&text[bom..]) {
        Ok(split) => split,
        Err(diagnostic) => {
            let diagnostic = diagnostic.in_file(&file.display);
            let diagnostic = Diagnostic {
                source_line: text
                    .lines()
                    .nth(diagnostic.line.saturating_sub(1))
                    .map(|line| {
                        line.trim_start_matches('\u{feff}')
                            .trim_end_matches('\r')
                            .to_string()
                    }),
                ..diagnostic
            };
            // Treat the whole file as body so its links are still checked.
            return (
                FrontMatter::default(),
                BodyStart {
                    offset: bom,
                    line: 1,
                },
                vec![diagnostic],
            );
        }
    };
    let body = BodyStart {
        offset: bom + split.body_offset,
        line: split.body_line,
    };
    let Some(yaml) = split.yaml else {
        let mut diagnostics = Vec::new();
        if file.kind != Kind::Page {
            diagnostics.push(
                Diagnostic::error(format!("a {} needs front matter", file.kind.name()))
                    .in_file(&file.display)
                    .at_position(1, 1)
                    .with_help(required_help(file.kind)),
            );
        }
        return (FrontMatter::default(), body, diagnostics);
    };
    let source = YamlSource {
        file: &file.display,
        text,
        yaml,
        first_line: split.yaml_line,
        item: None,
    };
    let parsed = if split.toml {
        other_tools::parse_toml(yaml)
            .map(Value::Object)
            .map_err(|(message, line, column)| {
                let diagnostic = source
                    .error(
                        format!("invalid TOML in front matter: {message}"),
                        line + split.yaml_line - 1,
                        column,
                    )
                    .with_help("front matter between +++ lines is TOML: `key = \"value\"` lines");
                (FrontMatter::default(), body, vec![diagnostic])
            })
    } else {
        Ok(Value::Null)
    };
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(failed) => return failed,
    };
    let map = match if split.toml {
        Ok(parsed)
    } else {
        crate::yaml::parse(yaml)
    } {
        Ok(Value::Object(mut map)) => {
            other_tools::map_keys(&mut map);
            map
        }
        Ok(Value::Null) => Default::default(),
        Ok(_) => {
            let error = source
                .error("front matter must be `key: value` lines", split.yaml_line, 1)
                .with_help("a list or a lone value is YAML too, but a page needs named fields, like title: Discovery");
            return (FrontMatter::default(), body, vec![error]);
        }
        Err(error) => {
            let line = error.line + split.yaml_line - 1;
            let help = yaml_help(&error.message)
                .unwrap_or("front matter is YAML: `key: value` lines between two lines of ---");
            let diagnostic = match colon_fix(&error.message, text, line) {
                Some((column, value, fixed)) => source
                    .diagnostic(
                        Diagnostic::error(format!(
                            "invalid YAML in front matter: the value `{value}` has a colon"
                        )),
                        line,
                        column,
                        value.chars().count(),
                    )
                    .with_help(format!("put the value in quotes: `{}`", fixed.trim())),
                None => source
                    .error(
                        format!("invalid YAML in front matter: {}", error.message),
                        line,
                        error.column,
                    )
                    .with_help(help),
            };
            return (FrontMatter::default(), body, vec![diagnostic]);
        }
    };
    let fields = Fields::new(map, source);
    let outcome_written = fields.has("outcome");
    let (front_matter, mut diagnostics) = read_fields(fields, file.kind, file.role);
    if file.role == Role::Page {
        diagnostics.extend(super::nudge::nudges(
            &front_matter,
            file.kind,
            &source,
            outcome_written,
        ));
    }
    (front_matter, body, diagnostics)
}

/// Where a "mapping values are not allowed" error comes from a plain value
/// holding `: `, the value's column and the line with it quoted.
fn colon_fix<'a>(message: &str, text: &'a str, line: usize) -> Option<(usize, &'a str, String)> {
    if !message.contains("mapping values are not allowed") {
        return None;
    }
    let written = text.lines().nth(line.checked_sub(1)?)?;
    crate::fields::quoted_fix(written.trim_end_matches('\r'))
}

fn read_fields(mut fields: Fields, kind: Kind, role: Role) -> (FrontMatter, Vec<Diagnostic>) {
    let mut front_matter = FrontMatter {
        draft: fields.bool("draft").unwrap_or(false),
        extra: fields.mapping("extra"),
        private: fields.mapping("private"),
        summary: fields.string("summary"),
        ..FrontMatter::default()
    };
    // Hugo's `aliases` and Jekyll's `redirect_from` are the same list.
    front_matter.aliases = fields.list("aliases");
    front_matter.aliases.extend(fields.list("redirect_from"));
    let intro = role != Role::Page;
    let known: &[&str] = match kind {
        _ if intro => {
            front_matter.title = fields.string("title");
            &["title", "summary", "draft", "extra", "private"]
        }
        Kind::Playbook => {
            front_matter.title = fields.required_string("title", "the playbook's name");
            front_matter.owner = fields.located_string("owner");
            front_matter.stage = fields.string("stage");
            front_matter.tags = fields.term_list("tags");
            front_matter.skills = fields.term_list("skills");
            let updated = fields.located_date("updated");
            front_matter.updated = updated.as_ref().map(|located| located.value);
            front_matter.updated_line = updated.map(|located| located.line);
            front_matter.review_every = read_review_every(&mut fields);
            front_matter.weight = fields.integer("weight");
            front_matter.competitor = fields.string("competitor");
            &[
                "title",
                "summary",
                "owner",
                "stage",
                "competitor",
                "tags",
                "skills",
                "updated",
                "review_every",
                "weight",
                "draft",
                "extra",
                "private",
            ]
        }
        Kind::Story => {
            front_matter.title = fields.required_string("title", "what happened, in a few words");
            let mut reps: Vec<Located<String>> = fields.located_string("rep").into_iter().collect();
            reps.extend(fields.list("reps"));
            if reps.is_empty() {
                fields.missing("rep", "the id of the rep, or `reps:` with a list");
            }
            front_matter.reps = reps;
            if !fields.has("date") {
                fields.missing("date", "when it happened, like 2026-03-14");
            }
            front_matter.date = fields.date("date");
            front_matter.outcome = read_outcome(&mut fields);
            front_matter.customer = fields.string("customer");
            front_matter.industry = fields.string("industry");
            front_matter.value = fields.string("value");
            front_matter.competitor = fields.string("competitor");
            front_matter.playbooks = fields.list("playbooks");
            front_matter.skills = fields.term_list("skills");
            front_matter.tags = fields.term_list("tags");
            front_matter.actions = fields.plain_list("actions");
            front_matter.results = fields.plain_list("results");
            front_matter.reasons = fields.term_list("reasons");
            front_matter.lesson = fields.string("lesson");
            &[
                "title",
                "rep",
                "reps",
                "date",
                "outcome",
                "customer",
                "industry",
                "value",
                "competitor",
                "playbooks",
                "skills",
                "tags",
                "summary",
                "actions",
                "results",
                "reasons",
                "lesson",
                "draft",
                "extra",
                "private",
            ]
        }
        Kind::Rep => {
            front_matter.title = fields.required_string("name", "the rep's full name");
            front_matter.role = fields.string("role");
            front_matter.team = fields.string("team");
            front_matter.region = fields.string("region");
            front_matter.manager = fields.located_string("manager");
            front_matter.email = read_url_field(&mut fields, "email");
            front_matter.photo = read_url_field(&mut fields, "photo");
            front_matter.joined = fields.date("joined");
            front_matter.strengths = fields.term_list("strengths");
            front_matter.focus = fields.term_list("focus");
            &[
                "name",
                "role",
                "team",
                "region",
                "manager",
                "email",
                "photo",
                "joined",
                "strengths",
                "focus",
                "summary",
                "draft",
                "extra",
                "private",
            ]
        }
        Kind::Observation => {
            coaching::read_observation(&mut fields, &mut front_matter);
            coaching::OBSERVATION_KEYS
        }
        Kind::Plan => {
            coaching::read_plan(&mut fields, &mut front_matter);
            coaching::PLAN_KEYS
        }
        Kind::Meeting => {
            coaching::read_meeting(&mut fields, &mut front_matter);
            coaching::MEETING_KEYS
        }
        Kind::Role => {
            coaching::read_role(&mut fields, &mut front_matter);
            coaching::ROLE_KEYS
        }
        Kind::Page => {
            // Lenient on purpose: a page without a title takes its first heading.
            front_matter.title = fields.string("title");
            front_matter.weight = fields.integer("weight");
            front_matter.date = fields.date("date");
            front_matter.updated = fields.date("updated");
            front_matter.tags = fields.term_list("tags");
            &[
                "title", "summary", "weight", "draft", "extra", "private", "date", "updated",
                "tags",
            ]
        }
    };
    let kind_name = if intro { "section intro" } else { kind.name() };
    let mut known = known.to_vec();
    known.extend(other_tools::COMMON);
    // Known to every kind; what a kind does not read is not an error.
    for key in other_tools::COMMON {
        fields.take(key);
    }
    let left = fields.take_remaining();
    let (typos, note) =
        other_tools::keep_unknown(left, &known, &mut front_matter.extra, &fields.source);
    fields.put_back(typos);
    let mut diagnostics = fields.finish(&known, kind_name);
    diagnostics.extend(note);
    (front_matter, diagnostics)
}

fn read_outcome(fields: &mut Fields) -> Option<Outcome> {
    let located = fields.located_string("outcome")?;
    match located.value.trim().to_ascii_lowercase().as_str() {
        "won" | "win" => Some(Outcome::Won),
        "lost" | "loss" => Some(Outcome::Lost),
        "open" => Some(Outcome::Open),
        other => {
            let mut diagnostic = fields.source.diagnostic(
                Diagnostic::error(format!(
                    "`outcome` must be `won`, `lost` or `open`, not `{}`",
                    located.value
                )),
                located.line,
                located.column,
                located.value.chars().count(),
            );
            diagnostic = diagnostic.with_help(match did_you_mean(other, ["won", "lost", "open"]) {
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None => "a story is `won`, `lost` or still `open`".to_string(),
            });
            fields.diagnostics.push(diagnostic);
            None
        }
    }
}

/// A review period longer than a century is a typo, and one of zero or
/// fewer days makes every playbook overdue at once.
const MAX_REVIEW_DAYS: i64 = 36_500;

fn read_review_every(fields: &mut Fields) -> Option<i64> {
    let days = fields.integer("review_every")?;
    if (1..=MAX_REVIEW_DAYS).contains(&days) {
        return Some(days);
    }
    let written = days.to_string();
    let (line, column) = fields.source.value_position("review_every", &written);
    let diagnostic = fields
        .source
        .diagnostic(
            Diagnostic::error(format!(
                "`review_every` must be a number of days from 1 to {MAX_REVIEW_DAYS}, not {days}"
            )),
            line,
            column,
            written.len(),
        )
        .with_help("review_every: 90 asks for a review every three months");
    fields.diagnostics.push(diagnostic);
    None
}

/// A field that themes print into an `href` or `src`: a URL that would run
/// script or smuggle in a document when clicked is refused, whatever the
/// template does with it.
fn read_url_field(fields: &mut Fields, key: &str) -> Option<String> {
    let located = fields.located_string(key)?;
    if !crate::html::has_unsafe_scheme(&located.value) {
        return Some(located.value);
    }
    let scheme = located.value.split(':').next().unwrap_or_default().trim();
    let diagnostic = fields
        .source
        .diagnostic(
            Diagnostic::error(format!("`{key}` must not be a `{scheme}:` URL")),
            located.line,
            located.column,
            located.value.chars().count(),
        )
        .with_help(match key {
            "photo" => "give a path to an image beside the page, or an https:// URL",
            _ => "give the address itself, like ana@example.com",
        });
    fields.diagnostics.push(diagnostic);
    None
}

fn required_help(kind: Kind) -> &'static str {
    match kind {
        Kind::Playbook => "start the file with ---, a line `title: ...`, and a closing ---",
        Kind::Story => {
            "start the file with ---, lines `title:`, `rep:` and `date:`, and a closing ---"
        }
        Kind::Rep => "start the file with ---, a line `name: ...`, and a closing ---",
        Kind::Observation => {
            "start the file with ---, lines `rep:`, `observer:` and `date:`, and a closing ---"
        }
        Kind::Plan => {
            "start the file with ---, lines `rep:`, `period:` and `reviewed:`, and a closing ---"
        }
        Kind::Meeting => "start the file with ---, lines `title:` and `date:`, and a closing ---",
        Kind::Role => "start the file with ---, a line `title: ...`, and a closing ---",
        Kind::Page => "",
    }
}

struct Split<'a> {
    /// The YAML (or TOML) text, when there is front matter.
    yaml: Option<&'a str>,
    /// Fenced by `+++`: TOML, as Hugo writes it.
    toml: bool,
    /// The file's line the YAML starts on (after the opening fence).
    yaml_line: usize,
    body_offset: usize,
    body_line: usize,
}

/// Finds the fences. A first line of exactly `---` opens front matter; the
/// next line of exactly `---` closes it. CRLF line endings and trailing
/// spaces are accepted.
fn split(text: &str) -> Result<Split<'_>, Diagnostic> {
    let mut lines = LineIter { text, offset: 0 };
    let no_front_matter = Split {
        yaml: None,
        toml: false,
        yaml_line: 0,
        body_offset: 0,
        body_line: 1,
    };
    // Blank lines before the opening fence are as invisible as trailing
    // spaces after it: taking the block for body text would publish it,
    // `private:` too.
    let mut line_number = 0;
    let (after_first, fence) = loop {
        let Some((line, _, end)) = lines.next() else {
            return Ok(no_front_matter);
        };
        line_number += 1;
        match line.trim_end() {
            fence @ ("---" | "+++") => break (end, fence),
            "" => {}
            _ => return Ok(no_front_matter),
        }
    };
    let opening = line_number;
    for (line, start, end) in lines {
        line_number += 1;
        // Trailing spaces are as invisible here as after the opening fence.
        if line.trim_end() == fence {
            return Ok(Split {
                yaml: Some(&text[after_first..start]),
                toml: fence == "+++",
                yaml_line: opening + 1,
                body_offset: end,
                body_line: line_number + 1,
            });
        }
    }
    Err(
        Diagnostic::error(format!("front matter has no closing `{fence}`"))
            .at_position(opening, 1)
            .with_help(format!(
                "end the front matter with a line holding only {fence}"
            )),
    )
}

/// Lines with their start and end offsets (end includes the newline).
struct LineIter<'a> {
    text: &'a str,
    offset: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (&'a str, usize, usize);

    fn next(&mut self) -> Option<Self::Item> {
        if self.offset >= self.text.len() {
            return None;
        }
        let start = self.offset;
        let rest = &self.text[start..];
        let (line, length) = match rest.find('\n') {
            Some(newline) => (&rest[..newline], newline + 1),
            None => (rest, rest.len()),
        };
        self.offset += length;
        Some((line, start, self.offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(relative: &str, text: &str) -> SourceFile {
        SourceFile::new(relative, relative.into(), text.into(), false)
    }

    #[test]
    fn reads_a_story() {
        let text = "---\ntitle: Big win\nrep: ana\ndate: 2026-03-14\noutcome: won\nplaybooks: [discovery]\n---\n# Body\n";
        let (front_matter, body, diagnostics) =
            parse_front_matter(&file("stories/big-win.md", text));
        // Only the nudges for a won story without actions and results.
        assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
        assert_eq!(front_matter.title.as_deref(), Some("Big win"));
        assert_eq!(front_matter.reps[0].value, "ana");
        assert_eq!(front_matter.reps[0].line, 3);
        assert_eq!(front_matter.outcome, Some(Outcome::Won));
        assert_eq!(body.line, 8);
        assert_eq!(&text[body.offset..], "# Body\n");
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let text = "\u{feff}---\r\ntitle: Hello\r\n---\r\nBody\r\n";
        let (front_matter, body, diagnostics) = parse_front_matter(&file("about.md", text));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(front_matter.title.as_deref(), Some("Hello"));
        assert_eq!(&text[body.offset..], "Body\r\n");
    }

    #[test]
    fn places_yaml_errors_in_the_file() {
        let text = "---\ntitle: A: B\n---\n";
        let (_, _, diagnostics) = parse_front_matter(&file("about.md", text));
        assert_eq!(diagnostics[0].line, 2);
        assert!(
            diagnostics[0]
                .message
                .starts_with("invalid YAML in front matter")
        );
    }

    #[test]
    fn a_closing_fence_may_have_trailing_spaces_like_the_opening_one() {
        let text = "--- \ntitle: Hello\n---  \t\r\nBody\n";
        let (front_matter, body, diagnostics) = parse_front_matter(&file("about.md", text));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(front_matter.title.as_deref(), Some("Hello"));
        assert_eq!(&text[body.offset..], "Body\n");
        assert_eq!(body.line, 4);
    }

    #[test]
    fn photo_and_email_refuse_urls_that_run_script() {
        let text =
            "---\nname: Ana\nphoto: \" JavaScript:alert(1)\"\nemail: data:text/html,x\n---\n";
        let (front_matter, _, diagnostics) = parse_front_matter(&file("reps/ana.md", text));
        assert_eq!(front_matter.photo, None);
        assert_eq!(front_matter.email, None);
        let found: Vec<(&str, usize, usize)> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.message.as_str(), d.line, d.column))
            .collect();
        assert_eq!(
            found,
            [
                ("`email` must not be a `data:` URL", 4, 8),
                ("`photo` must not be a `JavaScript:` URL", 3, 9),
            ]
        );
        let text = "---\nname: Ana\nphoto: ana.jpg\nemail: ana@example.com\nstrengths: [a]\n---\n";
        let (front_matter, _, diagnostics) = parse_front_matter(&file("reps/ana.md", text));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(front_matter.photo.as_deref(), Some("ana.jpg"));
    }

    #[test]
    fn a_review_period_must_be_from_one_day_to_a_century() {
        for days in ["0", "-5", "36501", "9223372036854775807"] {
            let text = format!("---\ntitle: P\nupdated: 2026-01-01\nreview_every: {days}\n---\n");
            let (front_matter, _, diagnostics) = parse_front_matter(&file("playbooks/p.md", &text));
            assert_eq!(front_matter.review_every, None, "{days}");
            assert_eq!(
                diagnostics[0].message,
                format!("`review_every` must be a number of days from 1 to 36500, not {days}")
            );
            assert_eq!((diagnostics[0].line, diagnostics[0].column), (4, 15));
        }
        let far = Date::parse("9999-12-01").unwrap().add_days(i64::MAX);
        assert_eq!(far.to_string(), "9999-12-31");
        let early = Date::parse("0001-02-01").unwrap().add_days(i64::MIN);
        assert_eq!(early.to_string(), "0001-01-01");
    }

    #[test]
    fn reports_an_unclosed_fence() {
        let (_, _, diagnostics) = parse_front_matter(&file("about.md", "---\ntitle: x\n"));
        assert_eq!(diagnostics[0].message, "front matter has no closing `---`");
        assert_eq!(diagnostics[0].location().unwrap(), "content/about.md:1:1");
    }

    #[test]
    fn reports_missing_story_fields_and_bad_outcome() {
        let text = "---\ntitle: x\noutcome: wn\n---\n";
        let (_, _, diagnostics) = parse_front_matter(&file("stories/x.md", text));
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert!(messages.contains(&"missing `rep`"), "{messages:?}");
        assert!(messages.contains(&"missing `date`"), "{messages:?}");
        assert!(messages.contains(&"`outcome` must be `won`, `lost` or `open`, not `wn`"));
    }
}

#[cfg(test)]
mod other_tools_tests {
    use super::*;
    use crate::content::place;

    fn read(relative: &str, text: &str) -> (FrontMatter, BodyStart, Vec<Diagnostic>) {
        let (kind, role, id, output_path) = place(relative, false);
        parse_front_matter(&SourceFile {
            relative: relative.into(),
            display: format!("content/{relative}"),
            absolute: relative.into(),
            text: text.into(),
            kind,
            role,
            id,
            output_path,
            last_commit: None,
        })
    }

    #[test]
    fn toml_front_matter_and_hugo_keys_read_without_warnings() {
        let text = "+++\ntitle = \"About us\"\ndescription = \"Who we are\"\nweight = 3\nlastmod = 2024-05-01T10:00:00Z\ndate = 2023-01-02\ntags = [\"team\"]\naliases = [\"/old/about/\"]\ntoc_hide = true\n[params]\nicon = \"x\"\n+++\n# Body\n";
        let (front_matter, body, diagnostics) = read("handbook/about/_index.md", text);
        assert_eq!(front_matter.title.as_deref(), Some("About us"));
        assert_eq!(front_matter.summary.as_deref(), Some("Who we are"));
        assert_eq!(front_matter.weight, Some(3));
        assert_eq!(
            front_matter.updated.map(|d| d.to_string()).as_deref(),
            Some("2024-05-01")
        );
        assert_eq!(
            front_matter.date.map(|d| d.to_string()).as_deref(),
            Some("2023-01-02")
        );
        assert_eq!(front_matter.tags, ["team"]);
        assert_eq!(front_matter.aliases[0].value, "/old/about/");
        let extra = front_matter.extra.unwrap();
        assert_eq!(extra["toc_hide"], Value::Bool(true));
        assert_eq!(extra["params"]["icon"], "x");
        assert_eq!(&text[body.offset..], "# Body\n");
        // One grouped note for the kept keys, nothing else.
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(
            diagnostics[0].message.contains("`toc_hide`, `params`"),
            "{diagnostics:?}"
        );
    }

    #[test]
    fn jekyll_and_docusaurus_keys_map_and_a_typo_still_warns() {
        let text = "---\ntitel: X\nlast_modified_at: 2024-02-03\nsidebar_position: 2\npublished: false\nredirect_from:\n  - /old.html\n---\n";
        let (front_matter, _, diagnostics) = read("guide.md", text);
        assert!(front_matter.draft);
        assert_eq!(front_matter.weight, Some(2));
        assert_eq!(
            front_matter.updated.map(|d| d.to_string()).as_deref(),
            Some("2024-02-03")
        );
        assert_eq!(front_matter.aliases[0].value, "/old.html");
        assert_eq!(front_matter.aliases[0].line, 7);
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["unknown key `titel` for a page"]);
    }

    /// `skills: discovery, demo` made one skill, `discovery-demo`.
    #[test]
    fn terms_written_with_commas_on_one_line_are_that_many_terms() {
        let text = "---\ntitle: T\nrep: ana\ndate: 2026-10-01\noutcome: won\nskills: discovery, demo\ntags: [a, b]\nactions: Asked first, then listened\nresults: [Closed]\n---\n";
        let (front_matter, _, diagnostics) = read("stories/t.md", text);
        assert_eq!(front_matter.skills, ["discovery", "demo"]);
        assert_eq!(front_matter.tags, ["a", "b"]);
        // Text items keep their commas.
        assert_eq!(front_matter.actions, ["Asked first, then listened"]);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let text = "---\nname: Ana\nstrengths: negotiation,  pricing,\n---\n";
        let (front_matter, _, _) = read("reps/ana.md", text);
        assert_eq!(front_matter.strengths, ["negotiation", "pricing"]);
    }

    #[test]
    fn bad_toml_is_an_error_at_its_line() {
        let (_, _, diagnostics) = read("a.md", "+++\ntitle = \"x\"\nweight = = 3\n+++\n");
        assert!(
            diagnostics[0]
                .message
                .starts_with("invalid TOML in front matter"),
            "{diagnostics:?}"
        );
        assert_eq!(diagnostics[0].line, 3);
        let (_, _, diagnostics) = read("a.md", "+++\ntitle = \"x\"\n");
        assert_eq!(diagnostics[0].message, "front matter has no closing `+++`");
    }
}
