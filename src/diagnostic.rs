//! Problems found in a user's site, each pointing at the file, line and
//! column it is about, printed the way compilers print them:
//!
//! ```text
//! error: unknown rep `priya-nai`
//!   --> content/stories/big-win.md:4:6
//!    |
//!  4 | rep: priya-nai
//!    |      ^^^^^^^^^
//!    = help: did you mean `priya-nair`?
//! ```
//!
//! Stages collect diagnostics instead of stopping at the first one, so a
//! build reports every content problem in one run.

use std::fmt;

/// The most characters of a source line a diagnostic quotes.
const QUOTED_WIDTH: usize = 160;

/// Whether a problem stops the build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, with where it is and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// What is wrong; starts lower-case, no final period.
    pub message: String,
    /// The file, relative to the site root where possible (`content/stories/x.md`).
    pub file: Option<String>,
    /// 1-based; 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based, counted in characters.
    pub column: usize,
    /// How many characters the caret underlines.
    pub width: usize,
    /// The offending line as written, shown under the location; for a long
    /// line, the part around the column.
    pub source_line: Option<String>,
    /// How many characters of the line come before `source_line` (0 unless
    /// a long line was cut), so the caret still lands under the column.
    pub source_offset: usize,
    /// How to fix it, or what was meant.
    pub help: Option<String>,
    /// In a page marked `draft: true`: see [`settle_drafts`].
    pub in_draft: bool,
    /// Advice rather than a mistake in the content (a playbook past its
    /// review date, no `base_url` yet): `check --strict` does not fail on it.
    pub advisory: bool,
    /// The kind of problem, for grouping a big migration's warnings into
    /// one line each (see [`group`]).
    pub kind: Option<Kind>,
    /// For a link problem, what the link leads to (`content/team/old.md`, or
    /// the link as written when it leads nowhere): `check --links` groups
    /// by it, so a team fixes the most-linked page first.
    pub target: Option<String>,
}

/// Kinds of problem that come by the thousand in a migrated handbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A link to no page or file.
    BrokenLink,
    /// A link to a page without the heading it names.
    MissingAnchor,
    /// A link to a draft.
    DraftLink,
    /// Front-matter keys huddle does not know, kept under `page.extra`.
    KeptKeys,
    /// A front-matter key that looks like a typo of a real one.
    UnknownKey,
}

impl Kind {
    /// `2,474 <what>`: the grouped line's words.
    fn what(self) -> &'static str {
        match self {
            Kind::BrokenLink => "links lead to nothing under content/",
            Kind::MissingAnchor => "links name a heading their page does not have",
            Kind::DraftLink => "links lead to drafts",
            Kind::KeptKeys => {
                "pages have front-matter keys huddle does not know (kept under page.extra)"
            }
            Kind::UnknownKey => "front-matter keys look like typos",
        }
    }

    /// Where to see them all.
    fn see_all(self) -> &'static str {
        match self {
            Kind::BrokenLink | Kind::MissingAnchor | Kind::DraftLink => {
                "huddle check --links lists them all"
            }
            Kind::KeptKeys | Kind::UnknownKey => "--verbose lists them all",
        }
    }
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, message.into())
    }

    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, message.into())
    }

    fn new(severity: Severity, message: String) -> Diagnostic {
        Diagnostic {
            severity,
            message,
            file: None,
            line: 0,
            column: 0,
            width: 0,
            source_line: None,
            source_offset: 0,
            help: None,
            in_draft: false,
            advisory: false,
            kind: None,
            target: None,
        }
    }

    pub fn kind(mut self, kind: Kind) -> Diagnostic {
        self.kind = Some(kind);
        self
    }

    /// What a link problem's link leads to (see [`Diagnostic::target`]).
    pub fn to_target(mut self, target: impl Into<String>) -> Diagnostic {
        self.target = Some(target.into());
        self
    }

    /// Whether this is a problem with a link: broken, to a missing heading,
    /// or to a draft.
    pub fn is_link_problem(&self) -> bool {
        matches!(
            self.kind,
            Some(Kind::BrokenLink | Kind::MissingAnchor | Kind::DraftLink)
        )
    }

    /// Marks advice (see [`Diagnostic::advisory`]).
    pub fn as_advisory(mut self) -> Diagnostic {
        self.advisory = true;
        self
    }

    /// Whether this problem stops a build: an error outside any draft.
    pub fn stops_build(&self) -> bool {
        self.is_error() && !self.in_draft
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }

    /// Points at `line:column` of `source` (the whole file text), quoting that line.
    pub fn at(mut self, source: &str, line: usize, column: usize, width: usize) -> Diagnostic {
        self.line = line;
        self.column = column.max(1);
        self.width = width.max(1);
        let quoted = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(|text| text.trim_end_matches('\r'));
        self.source_line = quoted.map(|text| {
            // A minified or generated line can be megabytes long, and quoted
            // once per problem on it: keep a window around the column.
            if text.len() <= QUOTED_WIDTH {
                return text.to_string();
            }
            self.source_offset = self.column.saturating_sub(QUOTED_WIDTH / 3 + 1);
            text.chars()
                .skip(self.source_offset)
                .take(QUOTED_WIDTH)
                .collect()
        });
        self
    }

    /// Points at a line and column without quoting the source (it is not at hand).
    pub fn at_position(mut self, line: usize, column: usize) -> Diagnostic {
        self.line = line;
        self.column = column.max(1);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, or as much of it as is known.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_deref()?;
        Some(match (self.line, self.column) {
            (0, _) => file.to_string(),
            (line, 0) => format!("{file}:{line}"),
            (line, column) => format!("{file}:{line}:{column}"),
        })
    }
}

/// The parts of a printed diagnostic, for a terminal to colour (the
/// library itself never prints, nor knows what a terminal can show).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// `error` or `warning`, the severity's label.
    Label(Severity),
    /// What is wrong.
    Message,
    /// `file:line:col`.
    Location,
    /// The `-->`, `|` and line numbers beside the quoted line.
    Gutter,
    /// The `^^^` under the quoted line.
    Caret(Severity),
    /// `help`.
    HelpLabel,
}

impl Diagnostic {
    /// The diagnostic as [`fmt::Display`] prints it, each part passed through
    /// `paint` (which may wrap it in a terminal's colours).
    pub fn render(&self, paint: impl Fn(Part, &str) -> String) -> String {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!(
            "{}{}",
            paint(Part::Label(self.severity), label),
            paint(Part::Message, &format!(": {}", visible(&self.message)))
        );
        if let Some(location) = self.location() {
            out.push_str(&format!(
                "\n  {} {}",
                paint(Part::Gutter, "-->"),
                paint(Part::Location, &visible(&location))
            ));
        }
        if let Some(text) = &self.source_line {
            let number = self.line.to_string();
            let gutter = " ".repeat(number.len());
            // Tabs would shift the caret; show them as single spaces.
            let shown: String = text
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            let shown = visible(&shown);
            let column = self.column.saturating_sub(self.source_offset).max(1);
            let available = shown.chars().count().saturating_sub(column - 1).max(1);
            // A quoted line always gets a caret, even when no width was set.
            let carets = "^".repeat(self.width.clamp(1, available));
            let pad = " ".repeat(column - 1);
            let bar = paint(Part::Gutter, &format!(" {gutter} |"));
            out.push_str(&format!(
                "\n{bar}\n{} {shown}\n{bar} {pad}{}",
                paint(Part::Gutter, &format!(" {number} |")),
                paint(Part::Caret(self.severity), &carets)
            ));
        }
        if let Some(help) = &self.help {
            out.push_str(&format!(
                "\n   = {}: {}",
                paint(Part::HelpLabel, "help"),
                visible(help)
            ));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(|_, text| text.to_string()))
    }
}

/// Text as it may reach a terminal: a control character from a file (a
/// decoded `%1b` in a link, an escape byte in a line) would move the cursor,
/// clear the screen or retitle the window. Each becomes one visible
/// character, so a caret under a quoted line stays in its column. A newline
/// stays: template engine messages span lines.
fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\n';
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            '\n' => c,
            // U+2400 onwards pictures C0 controls: ␀ ␊ ␛; U+2421 is ␡.
            '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
            '\u{7f}' => '\u{2421}',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// The closest of `candidates` to `wanted`, when one is close enough to be a typo.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let mut score = strsim::jaro_winkler(wanted, candidate);
        // Jaro-Winkler undervalues one slip in a short word (`wn` for `won`
        // scores 0.65), so one edit or swap counts as close on its own.
        if wanted.chars().count() >= 2 && strsim::osa_distance(wanted, candidate) <= 1 {
            score = score.max(0.9);
        }
        if score > 0.8 && best.is_none_or(|(top, _)| score > top) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Settles the problems of drafts, whose files are `draft_files`: one rep's
/// unfinished draft must not block everyone's publish. In a build without
/// drafts the draft is not published, so its errors become warnings; with
/// drafts they stay errors on that page, but the rest of the site builds.
pub fn settle_drafts(
    diagnostics: &mut [Diagnostic],
    draft_files: &std::collections::HashSet<&str>,
    drafts_published: bool,
) {
    if draft_files.is_empty() {
        return;
    }
    for diagnostic in diagnostics {
        let in_draft = diagnostic
            .file
            .as_deref()
            .is_some_and(|file| draft_files.contains(file));
        if !in_draft || !diagnostic.is_error() {
            continue;
        }
        diagnostic.in_draft = true;
        if !drafts_published {
            diagnostic.severity = Severity::Warning;
            let note = "this page is a draft, so it is not published and the build goes on";
            diagnostic.help = Some(match diagnostic.help.take() {
                Some(help) => format!("{help}; {note}"),
                None => note.to_string(),
            });
        }
    }
}

/// Sorts diagnostics by file and position so output is stable across runs.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.severity, &a.file, a.line, a.column, &a.message)
            .cmp(&(b.severity, &b.file, b.line, b.column, &b.message))
    });
}

/// Problems as a terminal shows them by default: each alone, or, past
/// [`GROUP_AFTER`] of one kind, one line for the kind.
#[derive(Debug, PartialEq)]
pub enum Shown<'a> {
    One(&'a Diagnostic),
    Group {
        severity: Severity,
        count: usize,
        what: &'static str,
        /// `file:line:col` of the first three.
        first: Vec<String>,
        see_all: &'static str,
    },
}

/// The link problems among `diagnostics`, grouped by what the links lead
/// to, the most-linked target first (then by name): the page to fix first.
pub fn link_problems_by_target(diagnostics: &[Diagnostic]) -> Vec<(&str, Vec<&Diagnostic>)> {
    let mut by_target: std::collections::BTreeMap<&str, Vec<&Diagnostic>> = Default::default();
    for diagnostic in diagnostics.iter().filter(|d| d.is_link_problem()) {
        let target = diagnostic.target.as_deref().unwrap_or("");
        by_target.entry(target).or_default().push(diagnostic);
    }
    let mut targets: Vec<(&str, Vec<&Diagnostic>)> = by_target.into_iter().collect();
    targets.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    targets
}

impl Kind {
    /// The kind's name in `check --links --format json`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::BrokenLink => "broken-link",
            Kind::MissingAnchor => "missing-anchor",
            Kind::DraftLink => "draft-link",
            Kind::KeptKeys => "kept-keys",
            Kind::UnknownKey => "unknown-key",
        }
    }
}

/// More of one kind than this and they are grouped.
pub const GROUP_AFTER: usize = 3;

/// Groups repeated problems of one kind and severity into one entry each,
/// at the place of the first; everything else is shown as it is.
pub fn group(diagnostics: &[Diagnostic]) -> Vec<Shown<'_>> {
    use std::collections::HashMap;
    let mut counts: HashMap<(Severity, Kind), usize> = HashMap::new();
    for diagnostic in diagnostics {
        if let Some(kind) = diagnostic.kind {
            *counts.entry((diagnostic.severity, kind)).or_default() += 1;
        }
    }
    let mut shown = Vec::new();
    let mut groups: HashMap<(Severity, Kind), usize> = HashMap::new();
    for diagnostic in diagnostics {
        let key = diagnostic.kind.map(|kind| (diagnostic.severity, kind));
        let Some((key, &count)) = key.and_then(|key| Some((key, counts.get(&key)?))) else {
            shown.push(Shown::One(diagnostic));
            continue;
        };
        if count <= GROUP_AFTER {
            shown.push(Shown::One(diagnostic));
            continue;
        }
        let at = *groups.entry(key).or_insert_with(|| {
            shown.push(Shown::Group {
                severity: key.0,
                count,
                what: key.1.what(),
                first: Vec::new(),
                see_all: key.1.see_all(),
            });
            shown.len() - 1
        });
        if let Shown::Group { first, .. } = &mut shown[at]
            && first.len() < 3
        {
            first.extend(diagnostic.location());
        }
    }
    shown
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shown::One(diagnostic) => diagnostic.fmt(f),
            Shown::Group {
                severity,
                count,
                what,
                first,
                see_all,
            } => {
                let label = match severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let places = visible(&first.join(", ")).into_owned();
                let more = if *count > first.len() { ", …" } else { "" };
                write!(
                    f,
                    "{label}: {} {what} ({places}{more}); {see_all}",
                    thousands(*count)
                )
            }
        }
    }
}

/// `2474` → `2,474`.
pub fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_kinds_are_grouped_with_a_count_and_the_first_three_places() {
        let broken = |line| {
            Diagnostic::warning("broken link: x")
                .in_file("content/a.md")
                .at_position(line, 4)
                .kind(Kind::BrokenLink)
        };
        let mut diagnostics: Vec<Diagnostic> = (1..=2474).map(broken).collect();
        diagnostics.push(Diagnostic::warning("skipping a symbolic link").in_file("content/l"));
        let shown = group(&diagnostics);
        assert_eq!(shown.len(), 2);
        assert_eq!(
            shown[0].to_string(),
            "warning: 2,474 links lead to nothing under content/ (content/a.md:1:4, content/a.md:2:4, content/a.md:3:4, …); huddle check --links lists them all"
        );
        assert!(matches!(shown[1], Shown::One(_)));
        // Three of a kind are still shown one by one.
        assert_eq!(group(&diagnostics[..3]).len(), 3);
    }

    #[test]
    fn prints_location_source_line_and_caret() {
        let source = "---\ntitle: Big win\nrep: priya-nai\n---\n";
        let diagnostic = Diagnostic::error("unknown rep `priya-nai`")
            .in_file("content/stories/big-win.md")
            .at(source, 3, 6, 9)
            .with_help("did you mean `priya-nair`?");
        assert_eq!(
            diagnostic.to_string(),
            "error: unknown rep `priya-nai`\n  --> content/stories/big-win.md:3:6\n   |\n 3 | rep: priya-nai\n   |      ^^^^^^^^^\n   = help: did you mean `priya-nair`?"
        );
    }

    #[test]
    fn quotes_a_window_of_a_long_line_with_the_caret_under_the_column() {
        let line = format!("{}[x](gone.md){}", "a".repeat(5000), "b".repeat(5000));
        let diagnostic = Diagnostic::error("broken link")
            .in_file("content/x.md")
            .at(&line, 1, 5001, 13);
        let shown = diagnostic.to_string();
        assert!(shown.len() < 600, "{shown}");
        assert!(shown.contains("--> content/x.md:1:5001"));
        let lines: Vec<&str> = shown.lines().collect();
        let quoted = lines[3].find("[x](gone.md)").unwrap();
        assert_eq!(lines[4].find('^'), Some(quoted));
        assert!(lines[4].ends_with(&"^".repeat(13)));
    }

    #[test]
    fn suggests_only_close_names() {
        let names = ["title", "summary", "tags"];
        assert_eq!(did_you_mean("titel", names), Some("title"));
        assert_eq!(did_you_mean("colour", names), None);
        assert_eq!(did_you_mean("wn", ["won", "lost", "open"]), Some("won"));
    }
}
