//! The whole build, top to bottom: load → parse → link → render → write.
//! Each stage takes data and returns data; problems are collected across
//! stages so one run reports every content error it can find.
//!
//! The stages run inside a [`Session`], which keeps the result in memory so
//! `serve` and `build --watch` can bring it up to date after an edit by
//! running the same stages on what changed.

mod affected;
pub(crate) mod change;
mod session;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use session::{Session, Update};

use crate::config::BuildOptions;
use crate::content::Kind;
use crate::diagnostic::Diagnostic;
use crate::output::{self, Contents, OutputFile};
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
    output::check_audience(
        &output,
        output::Audience::of_build(options.private),
        options.force,
    )
    .map_err(|error| vec![Diagnostic::error(error.to_string())])?;
    let mut session = Session::start(options.clone())?;
    verify_links(&mut session)?;
    write(&session, &output)
}

/// Marks a generation built with drafts or private data. It is one of the
/// generation's files, written with them before the swap (so a build that
/// reports an error has changed nothing), and it tells the next normal
/// build to delete that generation once it has become the spare, rather
/// than leave the data beside the published site.
const SENSITIVE_FLAG: &str = ".huddle-sensitive";

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
pub(crate) fn write(
    session: &Session,
    output: &std::path::Path,
) -> Result<BuildReport, Vec<Diagnostic>> {
    let mut timings = session.timings.clone();
    let mut started = Instant::now();
    let mut files = session.output_files();
    let to_diagnostics = |error: output::OutputError| vec![Diagnostic::error(error.to_string())];
    let options = session.options();
    let sensitive = options.drafts || options.private;
    let audience = output::Audience::of_build(options.private);
    output::check_audience(output, audience, options.force).map_err(to_diagnostics)?;
    if sensitive {
        files.push(OutputFile {
            path: SENSITIVE_FLAG.to_string(),
            contents: Contents::Bytes(Arc::from(
                &b"drafts or private data in this generation of the output\n"[..],
            )),
        });
    }
    let written = output::write_site_for(output, &files, audience).map_err(to_diagnostics)?;
    // The flag of earlier versions, beside the output.
    let flag_beside = sensitive_flag_beside(output);
    let was_sensitive = flag_beside.exists();
    if !sensitive && (was_sensitive || output::spare_has(output, SENSITIVE_FLAG)) {
        output::discard_spare(output).map_err(to_diagnostics)?;
    }
    if was_sensitive {
        let _ = std::fs::remove_file(&flag_beside);
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

/// `.public.huddle-sensitive` beside `public/`, where versions before the
/// flag moved inside the generation left it.
fn sensitive_flag_beside(output: &std::path::Path) -> PathBuf {
    let name = output.file_name().unwrap_or_default().to_string_lossy();
    output.with_file_name(format!(".{name}.huddle-sensitive"))
}

/// Why `check` did not pass.
pub enum CheckFailure {
    /// The site has errors (warnings included, sorted among them).
    Errors(Vec<Diagnostic>),
    /// No errors, but warnings, and `--strict` treats them as errors.
    StrictWarnings(Vec<Diagnostic>),
}

/// Validates everything a build would, writing nothing; returns the
/// warnings. Playbooks past their review date are warnings here, marked
/// as advisory: a `strict` check does not fail on them; so are the
/// coaching loop's reminders (`review::coaching_warnings`).
pub fn check(options: &BuildOptions, strict: bool) -> Result<Vec<Diagnostic>, CheckFailure> {
    let warnings = check_warnings(options).map_err(CheckFailure::Errors)?;
    // A draft's errors (with --drafts) did not stop the build; they fail a check.
    if warnings.iter().any(Diagnostic::is_error) {
        return Err(CheckFailure::Errors(warnings));
    }
    // A review date passing is no mistake in the content: see `--stale`.
    if strict && warnings.iter().any(|warning| !warning.advisory) {
        return Err(CheckFailure::StrictWarnings(warnings));
    }
    Ok(warnings)
}

fn check_warnings(options: &BuildOptions) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
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
        let mut warning = Diagnostic::warning(format!(
            "playbook `{}` is past its review date ({due})",
            page.title
        ))
        .in_file(&page.file.display)
        .with_help("review it with its owner, then set `updated:` to the review date")
        .as_advisory();
        if let Some(line) = page.front_matter.updated_line {
            warning = warning.at(&page.file.text, line, 1, 7);
        }
        warnings.push(warning);
    }
    warnings.extend(crate::review::coaching_warnings(site));
    Ok(warnings)
}

/// Published pages with their own URL.
pub(crate) fn count_pages(site: &Site) -> usize {
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
