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

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use session::{Linked, planned_paths};
pub use session::{Session, Update};

use crate::config::BuildOptions;
use crate::content::Kind;
use crate::diagnostic::Diagnostic;
use crate::output::{self, Contents, OutputError, OutputFile, WriteReport};
use crate::render::{self, SiteValues, search};
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
///
/// Nothing rendered is kept: each file is checked and written on the
/// thread that rendered it, into the new generation (`render_and_write`),
/// so memory does not grow with the size of the output.
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
    let mut linked = Linked::load(options.clone())?;
    let (written, files) = render_and_write(&mut linked, Some(&output))?;
    let written = written.unwrap_or_default();
    let site = &linked.site;
    Ok(BuildReport {
        output: output.to_path_buf(),
        pages: count_pages(site),
        files,
        written: written.written,
        unchanged: written.linked,
        removed: written.removed,
        overdue: overdue_titles(site),
        warnings: linked.warnings(),
        timings: linked.timings,
    })
}

/// Marks a generation built with drafts or private data. It is one of the
/// generation's files, written with them before the swap (so a build that
/// reports an error has changed nothing), and it tells the next normal
/// build to delete that generation once it has become the spare, rather
/// than leave the data beside the published site.
const SENSITIVE_FLAG: &str = ".huddle-sensitive";

fn sensitive_flag() -> OutputFile {
    OutputFile {
        path: SENSITIVE_FLAG.to_string(),
        contents: Contents::Bytes(Arc::from(
            &b"drafts or private data in this generation of the output\n"[..],
        )),
    }
}

/// Renders the linked site and, on the thread that rendered each file,
/// checks its links (`verify`) and writes it into a new generation of
/// `output` (or nowhere, for `check`). The generation is swapped in only
/// if every file rendered and no template wrote a bad link. Returns what
/// the write did and how many files the site has.
fn render_and_write(
    linked: &mut Linked,
    output: Option<&Path>,
) -> Result<(Option<WriteReport>, usize), Vec<Diagnostic>> {
    let to_diagnostics = |error: OutputError| vec![Diagnostic::error(error.to_string())];
    let mut started = Instant::now();
    let (site, theme) = (&linked.site, &linked.theme);
    let options = &linked.options;
    let sensitive = options.drafts || options.private;
    let values = SiteValues::new(site);
    let search = search::Index::new(site);
    let outputs = render::outputs(site, theme, &search);
    let mut paths = planned_paths(site, theme, &outputs, &options.root)?;
    let files = paths.len();
    if sensitive && output.is_some() {
        paths.push(SENSITIVE_FLAG.to_string());
    }
    let planned = started.elapsed();
    started = Instant::now();
    let generation = match output {
        Some(output) => {
            let audience = output::Audience::of_build(options.private);
            let paths = paths.iter().map(String::as_str);
            let generation =
                output::Generation::begin(output, paths, audience).map_err(to_diagnostics)?;
            if sensitive {
                generation.put(&sensitive_flag()).map_err(to_diagnostics)?;
            }
            Some(generation)
        }
        None => None,
    };
    let began = started.elapsed();
    started = Instant::now();
    let check = verify::LinkCheck::new(
        paths.iter().map(String::as_str),
        verify::Rules::of_site(site),
    );
    let (checking, writing) = (Stopwatch::default(), Stopwatch::default());
    let rendered = render::render_each(site, theme, &values, &search, &outputs, |file| {
        let links = match &file.contents {
            Contents::Bytes(html) if file.path.ends_with(".html") => {
                Some(checking.time(|| check.file(&file.path, html)))
            }
            _ => None,
        };
        let written = generation
            .as_ref()
            .map_or(Ok(()), |generation| writing.time(|| generation.put(&file)));
        (links, written)
    })?;
    let mut links = Vec::with_capacity(rendered.len());
    for (file_links, written) in rendered {
        written.map_err(to_diagnostics)?;
        links.extend(file_links);
    }
    let rendering = started.elapsed();
    started = Instant::now();
    let errors = verify::template_errors(site, theme, check.finish(links));
    let settled = started.elapsed();
    if !errors.is_empty() {
        return Err(errors);
    }
    started = Instant::now();
    let written = match generation {
        Some(generation) => Some(generation.finish().map_err(to_diagnostics)?),
        None => None,
    };
    if let Some(output) = output {
        discard_sensitive_spare(output, sensitive).map_err(to_diagnostics)?;
    }
    // The check and the writes ran on render's threads: their time summed
    // over the threads, divided among them, is their share of the render's
    // wall time, so the lines still add up to the whole build.
    let threads = rayon::current_num_threads().max(1) as u32;
    let checked = checking.total() / threads;
    let put = writing.total() / threads;
    let timings = &mut linked.timings.0;
    timings.push(("render", planned + rendering.saturating_sub(checked + put)));
    timings.push(("verify", checked + settled));
    if output.is_some() {
        timings.push(("write", began + put + started.elapsed()));
    }
    Ok((written, files))
}

/// After a normal build, deletes the spare if it holds drafts or private
/// data (the generation the last build replaced), and the flag earlier
/// versions left beside the output.
fn discard_sensitive_spare(output: &Path, sensitive: bool) -> Result<(), OutputError> {
    let flag_beside = sensitive_flag_beside(output);
    let was_sensitive = flag_beside.exists();
    if !sensitive && (was_sensitive || output::spare_has(output, SENSITIVE_FLAG)) {
        output::discard_spare(output)?;
    }
    if was_sensitive {
        let _ = std::fs::remove_file(&flag_beside);
    }
    Ok(())
}

/// Wall time summed over the threads that ran something. On a busy
/// machine a thread loses its core as often inside as outside, so the
/// share of render's time it gives holds there too.
#[derive(Default)]
struct Stopwatch(AtomicU64);

impl Stopwatch {
    fn time<T>(&self, run: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = run();
        let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.0.fetch_add(nanos, Ordering::Relaxed);
        result
    }

    fn total(&self) -> Duration {
        Duration::from_nanos(self.0.load(Ordering::Relaxed))
    }
}

/// Writes a session's site into `output` as a new generation (`build
/// --watch`, which keeps the site in memory to rebuild it).
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
        files.push(sensitive_flag());
    }
    let written = output::write_site_for(output, &files, audience).map_err(to_diagnostics)?;
    discard_sensitive_spare(output, sensitive).map_err(to_diagnostics)?;
    timings.lap("write", &mut started);
    let site = session.site();
    Ok(BuildReport {
        output: output.to_path_buf(),
        pages: count_pages(site),
        files: session.outputs().len(),
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
    let mut linked = Linked::load(options.clone())?;
    render_and_write(&mut linked, None)?;
    let site = &linked.site;
    let mut warnings = linked.warnings();
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
