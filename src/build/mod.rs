//! The whole build, top to bottom: load → parse → link → render → write.
//! Each stage takes data and returns data; problems are collected across
//! stages so one run reports every content error it can find.
//!
//! The stages run inside a [`Session`], which keeps the result in memory so
//! `serve` and `build --watch` can bring it up to date after an edit by
//! running the same stages on what changed.

mod affected;
mod session;

use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use session::{Session, Update};

use crate::config::BuildOptions;
use crate::content::Kind;
use crate::diagnostic::Diagnostic;
use crate::output;
use crate::site::Site;
use crate::verify;

/// What a finished build did.
pub struct BuildReport {
    pub output: PathBuf,
    /// Published pages with their own URL.
    pub pages: usize,
    pub files: usize,
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub warnings: Vec<Diagnostic>,
    /// Titles of playbooks past their review date.
    pub overdue: Vec<String>,
    pub timings: Timings,
}

/// Wall time per pipeline stage, in order.
#[derive(Clone, Debug, Default)]
pub struct Timings(pub Vec<(&'static str, Duration)>);

impl Timings {
    fn lap(&mut self, stage: &'static str, started: &mut Instant) {
        let now = Instant::now();
        self.0.push((stage, now - *started));
        *started = now;
    }
}

/// Builds the site into its output folder. On any error the previous output
/// is left exactly as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let output = options.output_folder();
    output::check_output_folder(&options.root, &options.content_folder(), &output)
        .map_err(|error| vec![Diagnostic::error(error.to_string())])?;
    let mut session = Session::start(options.clone())?;
    verify_links(&mut session)?;
    write(&session, &output)
}

/// The built-site link check (`verify`): a template's bad link stops the build.
fn verify_links(session: &mut Session) -> Result<(), Vec<Diagnostic>> {
    let mut started = Instant::now();
    let errors = verify::check_templates(session.site(), session.theme(), session.outputs());
    session.timings.lap("verify", &mut started);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Writes a session's site into `output` as a new generation.
pub fn write(session: &Session, output: &std::path::Path) -> Result<BuildReport, Vec<Diagnostic>> {
    let mut timings = session.timings.clone();
    let mut started = Instant::now();
    let files = session.output_files();
    let to_diagnostics = |error: output::OutputError| vec![Diagnostic::error(error.to_string())];
    // A build with drafts or private data leaves a flag beside the output, so
    // the next normal build deletes it once it has become the spare.
    let options = session.options();
    let sensitive = options.drafts || options.private;
    let flag = sensitive_flag(output);
    let was_sensitive = flag.exists();
    let written = output::write_site(output, &files).map_err(to_diagnostics)?;
    if sensitive {
        std::fs::write(&flag, "drafts or private data in the output or its spare\n").map_err(
            |error| {
                vec![Diagnostic::error(format!(
                    "cannot write {}: {error}",
                    flag.display()
                ))]
            },
        )?;
    } else if was_sensitive {
        output::discard_spare(output).map_err(to_diagnostics)?;
        let _ = std::fs::remove_file(&flag);
    }
    timings.lap("write", &mut started);
    let site = session.site();
    Ok(BuildReport {
        output: output.to_path_buf(),
        pages: count_pages(site),
        files: files.len(),
        written: written.written,
        unchanged: written.linked,
        removed: written.removed,
        overdue: overdue_titles(site),
        warnings: session.warnings(),
        timings,
    })
}

/// `.public.huddle-sensitive` beside `public/`.
fn sensitive_flag(output: &std::path::Path) -> PathBuf {
    let name = output.file_name().unwrap_or_default().to_string_lossy();
    output.with_file_name(format!(".{name}.huddle-sensitive"))
}

/// Validates everything a build would, writing nothing. Playbooks past their
/// review date are warnings here, so `check --strict` fails on them.
pub fn check(options: &BuildOptions) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let mut session = Session::start(options.clone())?;
    verify_links(&mut session)?;
    let site = session.site();
    let mut warnings = session.warnings();
    for index in site.overdue_playbooks() {
        let page = &site.pages[index];
        let due = site
            .review_due(page)
            .map(|due| due.to_string())
            .unwrap_or_default();
        let line = page
            .file
            .text
            .lines()
            .position(|line| line.starts_with("updated:"))
            .map_or(0, |line| line + 1);
        let mut warning = Diagnostic::warning(format!(
            "playbook `{}` is past its review date ({due})",
            page.title
        ))
        .in_file(&page.file.display)
        .with_help("review it with its owner, then set `updated:` to the review date");
        if line > 0 {
            warning = warning.at(&page.file.text, line, 1, 7);
        }
        warnings.push(warning);
    }
    Ok(warnings)
}

/// Published pages with their own URL.
pub fn count_pages(site: &Site) -> usize {
    site.published
        .iter()
        .zip(&site.pages)
        .filter(|(published, page)| **published && !page.is_intro())
        .count()
}

fn overdue_titles(site: &Site) -> Vec<String> {
    site.overdue_playbooks()
        .into_iter()
        .filter(|&index| site.pages[index].kind() == Kind::Playbook)
        .map(|index| site.pages[index].title.clone())
        .collect()
}
