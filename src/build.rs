//! The whole build, top to bottom: load → parse → link → render → write.
//! Each stage takes data and returns data; problems are collected across
//! stages so one run reports every content error it can find.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{BuildOptions, Config};
use crate::content::{self, Kind};
use crate::date::Date;
use crate::diagnostic::{self, Diagnostic};
use crate::links::LinkIndex;
use crate::markdown;
use crate::output::{self, OutputFile};
use crate::page::{ParseOptions, parse_page};
use crate::render;
use crate::site::{Site, SiteOptions};
use crate::theme::Theme;

/// A site rendered in memory, not yet written.
pub struct Generated {
    pub site: Site,
    pub files: Vec<OutputFile>,
    /// Warnings from every stage, sorted by file and line.
    pub warnings: Vec<Diagnostic>,
    /// How long each stage took, for `huddle build --timings`.
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

/// Builds the site into its output folder. On any error the previous output
/// is left exactly as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let output = options.output_folder();
    output::check_output_folder(&options.root, &options.content_folder(), &output)
        .map_err(|error| vec![Diagnostic::error(error.to_string())])?;
    let generated = generate(options)?;
    let mut timings = generated.timings.clone();
    let mut started = Instant::now();
    let written = output::write_site(&output, &generated.files)
        .map_err(|error| vec![Diagnostic::error(error.to_string())])?;
    timings.lap("write", &mut started);
    Ok(BuildReport {
        output,
        pages: count_pages(&generated.site),
        files: generated.files.len(),
        written: written.written,
        unchanged: written.linked,
        removed: written.removed,
        overdue: overdue_titles(&generated.site),
        warnings: generated.warnings,
        timings,
    })
}

/// Validates everything a build would, writing nothing. Playbooks past their
/// review date are warnings here, so `check --strict` fails on them.
pub fn check(options: &BuildOptions) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let generated = generate(options)?;
    let site = &generated.site;
    let mut warnings = generated.warnings;
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

/// Loads, parses, links and renders the site in memory.
pub fn generate(options: &BuildOptions) -> Result<Generated, Vec<Diagnostic>> {
    let mut timings = Timings::default();
    let mut started = Instant::now();
    let (mut config, mut diagnostics) = Config::load(&options.root)?;
    if let Some(base_url) = &options.base_url {
        config.base_url = if base_url.ends_with('/') {
            base_url.clone()
        } else {
            format!("{base_url}/")
        };
        diagnostics.retain(|diagnostic| !diagnostic.message.contains("base_url"));
    }

    // Load: the theme and the content are the only disk reads.
    let theme = match Theme::load(&options.root, &config.theme) {
        Ok(theme) => Some(theme),
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    };
    let (content, problems) = content::discover(&options.content_folder());
    diagnostics.extend(problems);
    timings.lap("load", &mut started);

    // Parse: front matter and Markdown, every file in parallel.
    let link_index = LinkIndex::new(&content.files, &content.assets, config.pretty_links);
    let parse_options = ParseOptions {
        markdown: markdown::Options {
            raw_html: config.raw_html,
        },
        links: config.links,
    };
    let parsed: Vec<_> = content
        .files
        .into_par_iter()
        .map(|file| parse_page(file, &link_index, &parse_options))
        .collect();
    let mut pages = Vec::with_capacity(parsed.len());
    for (page, problems) in parsed {
        pages.push(page);
        diagnostics.extend(problems);
    }
    timings.lap("parse", &mut started);

    // Link: relations, taxonomies and cross-page checks.
    let site_options = SiteOptions {
        drafts: options.drafts,
        private: options.private,
        today: Date::today(),
    };
    let (site, problems) = Site::assemble(config, site_options, pages, content.assets);
    diagnostics.extend(problems);
    timings.lap("link", &mut started);
    stop_on_errors(&mut diagnostics)?;
    let Some(theme) = theme else {
        return Err(diagnostics);
    };

    // Render: every output file, in memory.
    let files = match render::render_site(&site, &theme) {
        Ok(files) => files,
        Err(errors) => {
            diagnostics.extend(errors);
            stop_on_errors(&mut diagnostics)?;
            Vec::new()
        }
    };
    timings.lap("render", &mut started);
    diagnostic::sort(&mut diagnostics);
    Ok(Generated {
        site,
        files,
        warnings: diagnostics,
        timings,
    })
}

fn stop_on_errors(diagnostics: &mut Vec<Diagnostic>) -> Result<(), Vec<Diagnostic>> {
    if diagnostics.iter().any(Diagnostic::is_error) {
        diagnostic::sort(diagnostics);
        return Err(std::mem::take(diagnostics));
    }
    Ok(())
}

fn count_pages(site: &Site) -> usize {
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
