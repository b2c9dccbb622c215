//! What every command prints the same way: diagnostics, failures, paths.

use std::path::{Path, PathBuf};

use anstyle::{AnsiColor, Style};
use huddle::config::CONFIG_FILE;
use huddle::diagnostic::{Diagnostic, Part, Severity, Shown};

use super::{Global, Outcome};

/// `HUDDLE_TODAY` (`2026-11-23`), which pins the day for tests and
/// reproducible builds: the one input from the environment, read here at
/// the edge and passed on as data.
pub fn pinned_today() -> Option<huddle::date::Date> {
    std::env::var("HUDDLE_TODAY")
        .ok()
        .and_then(|text| huddle::date::Date::parse(&text))
}

/// The pinned day, else the clock's.
pub fn today() -> huddle::date::Date {
    pinned_today().unwrap_or_else(huddle::date::Date::today)
}

/// The given root, or the nearest folder above the current one with a huddle.yaml.
pub fn site_root(global: &Global) -> Result<PathBuf, ()> {
    if let Some(root) = &global.root {
        return Ok(root.clone());
    }
    let current = std::env::current_dir().map_err(|error| {
        print_error(&format!("cannot read the current folder: {error}"));
    })?;
    let mut folder: &Path = &current;
    loop {
        if folder.join(CONFIG_FILE).is_file() {
            return Ok(folder.to_path_buf());
        }
        match folder.parent() {
            Some(parent) => folder = parent,
            // Let the build report the missing config in the current folder.
            None => return Ok(current),
        }
    }
}

/// Colours like cargo's: errors red, warnings yellow, the path and caret
/// bold. anstream's stderr drops them when it is not a terminal or
/// NO_COLOR is set.
fn paint(part: Part, text: &str) -> String {
    let severity = |severity| match severity {
        Severity::Error => AnsiColor::Red.on_default().bold(),
        Severity::Warning => AnsiColor::Yellow.on_default().bold(),
    };
    let style = match part {
        Part::Label(level) | Part::Caret(level) => severity(level),
        Part::Message | Part::Location | Part::HelpLabel => Style::new().bold(),
        Part::Gutter => AnsiColor::Blue.on_default().bold(),
    };
    format!("{style}{text}{style:#}")
}

/// `--verbose`: set once, before a command runs.
static VERBOSE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn set_verbose(verbose: bool) {
    VERBOSE.store(verbose, std::sync::atomic::Ordering::Relaxed);
}

/// Every diagnostic; repeated kinds of problem as one line each unless
/// `--verbose` (a migration's warnings stay readable).
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    if VERBOSE.load(std::sync::atomic::Ordering::Relaxed) {
        for diagnostic in diagnostics {
            anstream::eprintln!("{}\n", diagnostic.render(paint));
        }
        return;
    }
    for shown in huddle::diagnostic::group(diagnostics) {
        match shown {
            Shown::One(diagnostic) => anstream::eprintln!("{}\n", diagnostic.render(paint)),
            Shown::Group { severity, .. } => {
                let text = shown.to_string();
                let (label, rest) = text.split_once(':').unwrap_or(("", &text));
                anstream::eprintln!("{}:{rest}\n", paint(Part::Label(severity), label));
            }
        }
    }
}

/// `error: message`, with the label in red on a terminal.
pub fn print_error(message: &dyn std::fmt::Display) {
    anstream::eprintln!(
        "{}: {message}",
        paint(Part::Label(Severity::Error), "error")
    );
}

/// `warning: message`, with the label in yellow on a terminal.
pub fn print_warning(message: &dyn std::fmt::Display) {
    anstream::eprintln!(
        "{}: {message}",
        paint(Part::Label(Severity::Warning), "warning")
    );
}

pub fn fail(message: &dyn std::fmt::Display) -> Outcome {
    print_error(message);
    Err(())
}

/// Prints `what: N error(s)`.
pub fn fail_with_count(diagnostics: &[Diagnostic], what: &str) -> Outcome {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let count = paint(Part::Label(Severity::Error), &format!("{errors} error(s)"));
    anstream::eprintln!("{what}: {count}");
    Err(())
}

/// A path relative to the current folder when it is below it.
pub fn display_relative(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|current| path.strip_prefix(current).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}
