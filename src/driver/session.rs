//! A build kept in memory. `Session::start` is the full build; `apply` takes
//! the paths that changed on disk and brings the site up to date by running
//! the same stages on what changed (`rebuild`): each path is classified
//! (`change`), the edited pages parsed again, the site linked (in place when
//! no page moved in it), only the outputs the change can touch rendered
//! again (`affected`), and one comparison (`differs`) says which outputs
//! changed — the list open tabs reload.
//!
//! `huddle build` is a session started and written once; `serve` and
//! `build --watch` keep one alive. A test drives random edit sequences and
//! checks the result equals a fresh start, byte for byte, and that the
//! reload list names exactly the outputs whose bytes changed.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use super::Timings;
use crate::config::{BuildOptions, Config};
use crate::content;
use crate::diagnostic::{self, Diagnostic};
use crate::links::LinkIndex;
use crate::markdown;
use crate::output::{Contents, OutputFile};
use crate::page::{Page, ParseOptions, parse_page};
use crate::render::{self, SiteValues, search};
use crate::site::{Photos, Site, SiteOptions};
use crate::theme::{StaticFile, Theme};

mod rebuild;

/// The site as last built without errors, with what is needed to rebuild parts of it.
pub struct Session {
    options: BuildOptions,
    config: Config,
    theme: Theme,
    link_index: LinkIndex,
    config_warnings: Vec<Diagnostic>,
    load_warnings: Vec<Diagnostic>,
    /// Per page, aligned with `site.pages`.
    page_warnings: Vec<Vec<Diagnostic>>,
    site_warnings: Vec<Diagnostic>,
    site: Site,
    values: SiteValues,
    /// The search index, kept so an edit re-encodes only what it changes.
    search: search::Index,
    outputs: BTreeMap<String, Contents>,
    /// Page index by path under `content/`.
    page_by_path: HashMap<String, usize>,
    /// Changed paths not yet in the site: a failed rebuild keeps them here,
    /// so the next attempt includes them whatever it was woken by.
    pending: BTreeSet<PathBuf>,
    pub(crate) timings: Timings,
}

/// What one `apply` changed in the output.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Update {
    /// Output files whose bytes changed, or that are new.
    pub changed: Vec<String>,
    /// Output files that no longer exist.
    pub removed: Vec<String>,
    /// Whether the whole site was rebuilt (config, theme or file set changed).
    pub full: bool,
}

impl Update {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }
}

/// The site loaded, parsed and linked, not yet rendered: what
/// `Session::start` renders into memory, and what `build` and `check`
/// render file by file, keeping none of it (`driver::render_and_write`).
pub(crate) struct Linked {
    pub(crate) options: BuildOptions,
    config: Config,
    pub(crate) theme: Theme,
    link_index: LinkIndex,
    config_warnings: Vec<Diagnostic>,
    load_warnings: Vec<Diagnostic>,
    page_warnings: Vec<Vec<Diagnostic>>,
    site_warnings: Vec<Diagnostic>,
    pub(crate) site: Site,
    pub(crate) timings: Timings,
}

impl Linked {
    /// Load, parse and link; stops at the first stage with errors.
    pub(crate) fn load(options: BuildOptions) -> Result<Linked, Vec<Diagnostic>> {
        let mut timings = Timings::default();
        let mut started = Instant::now();
        let (config, mut config_warnings) = load_config(&options)?;
        // Load: the theme and the content are the only disk reads.
        let mut load_warnings = Vec::new();
        let theme = match Theme::load(&options.root, &config.theme) {
            Ok(theme) => Some(theme.watching(&render::FIXED_FIELDS)),
            Err(errors) => {
                load_warnings.extend(errors);
                None
            }
        };
        let (content, problems) = content::discover(&options.content_folder());
        load_warnings.extend(problems);
        timings.lap("load", &mut started);

        // Parse: front matter and Markdown, every file in parallel.
        let link_index = LinkIndex::new(&content.files, &content.assets, config.pretty_links);
        let parse_options = parse_options(&config);
        let parsed: Vec<(Page, Vec<Diagnostic>)> = content
            .files
            .into_par_iter()
            .map(|file| parse_page(file, &link_index, &parse_options))
            .collect();
        let mut pages = Vec::with_capacity(parsed.len());
        let mut page_warnings = Vec::with_capacity(parsed.len());
        for (page, problems) in parsed {
            pages.push(Arc::new(page));
            page_warnings.push(problems);
        }
        timings.lap("parse", &mut started);

        // Link: relations, taxonomies and cross-page checks.
        let (mut site, mut site_warnings) = Site::assemble(
            config.clone(),
            site_options(&options),
            pages,
            content.assets,
        );
        timings.lap("link", &mut started);
        site_warnings.extend(resize_photos(&mut site, &options.root, &Photos::new()));
        timings.lap("photos", &mut started);
        let mut problems = gather(
            &config_warnings,
            &load_warnings,
            &page_warnings,
            &site_warnings,
            &site,
        );
        stop_on_errors(&mut problems)?;
        let Some(theme) = theme else {
            return Err(problems);
        };

        config_warnings.retain(|warning| !warning.is_error());
        Ok(Linked {
            options,
            config,
            theme,
            link_index,
            config_warnings,
            load_warnings,
            page_warnings,
            site_warnings,
            site,
            timings,
        })
    }

    /// Every warning of the site, sorted by file and line.
    pub(crate) fn warnings(&self) -> Vec<Diagnostic> {
        let mut warnings = gather(
            &self.config_warnings,
            &self.load_warnings,
            &self.page_warnings,
            &self.site_warnings,
            &self.site,
        );
        diagnostic::sort(&mut warnings);
        warnings
    }
}

impl Session {
    /// Builds the whole site in memory.
    pub fn start(options: BuildOptions) -> Result<Session, Vec<Diagnostic>> {
        let Linked {
            options,
            config,
            theme,
            link_index,
            config_warnings,
            load_warnings,
            page_warnings,
            site_warnings,
            site,
            mut timings,
        } = Linked::load(options)?;
        let mut started = Instant::now();
        // Render: every output file, in memory.
        let values = SiteValues::new(&site);
        let search = search::Index::new(&site);
        let files = render::render_site(&site, &theme, &values, &search)?;
        let outputs = collect_outputs(files, &site, &theme, &options.root)?;
        timings.lap("render", &mut started);
        let page_by_path = index_paths(&site);
        Ok(Session {
            options,
            config,
            theme,
            link_index,
            config_warnings,
            load_warnings,
            page_warnings,
            site_warnings,
            site,
            values,
            search,
            outputs,
            page_by_path,
            pending: BTreeSet::new(),
            timings,
        })
    }

    /// Every output file, sorted by path.
    pub fn outputs(&self) -> &BTreeMap<String, Contents> {
        &self.outputs
    }

    /// The output as a list for `output::write_site`.
    pub fn output_files(&self) -> Vec<OutputFile> {
        self.outputs
            .iter()
            .map(|(path, contents)| OutputFile {
                path: path.clone(),
                contents: contents.clone(),
            })
            .collect()
    }

    pub fn site(&self) -> &Site {
        &self.site
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    pub(crate) fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Every warning of the current site, sorted by file and line.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let mut warnings = gather(
            &self.config_warnings,
            &self.load_warnings,
            &self.page_warnings,
            &self.site_warnings,
            &self.site,
        );
        diagnostic::sort(&mut warnings);
        warnings
    }
}

fn load_config(options: &BuildOptions) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
    Config::load(&options.root, options.base_url.as_deref())
}

fn parse_options(config: &Config) -> ParseOptions {
    ParseOptions {
        markdown: markdown::Options {
            raw_html: config.raw_html,
        },
        links: config.links,
    }
}

/// Resizes each published rep's photo to the size the theme shows
/// (`content::photos`, a load step: it reads the photos and their cache)
/// into `site.photos`. Those in `made` (the session's, before a re-link)
/// are kept, not read again: a changed photo file rebuilds everything.
/// Returns the warnings for photos that could not be resized.
fn resize_photos(site: &mut Site, root: &Path, made: &Photos) -> Vec<Diagnostic> {
    let assets: HashMap<&str, &content::Asset> = site
        .assets
        .iter()
        .map(|asset| (asset.relative.as_str(), asset))
        .collect();
    let mut wanted: Vec<&content::Asset> = site
        .reps
        .iter()
        .filter_map(|&index| {
            let page = &site.pages[index];
            let photo = page.front_matter.photo.as_deref()?;
            let path = content::photos::photo_path(&page.file.relative, photo)?;
            assets.get(path.as_str()).copied()
        })
        .collect();
    wanted.sort_by(|a, b| a.relative.cmp(&b.relative));
    wanted.dedup_by(|a, b| a.relative == b.relative);
    let cache = content::photos::cache_folder(root);
    let resized: Vec<(String, Result<Option<Arc<_>>, Diagnostic>)> = wanted
        .par_iter()
        .map(|asset| {
            let thumbnail = match made.get(&asset.relative) {
                Some(thumbnail) => Ok(Some(Arc::clone(thumbnail))),
                None => content::photos::thumbnail(
                    &asset.absolute,
                    &format!("content/{}", asset.relative),
                    &cache,
                )
                .map(|thumbnail| thumbnail.map(Arc::new)),
            };
            (asset.relative.clone(), thumbnail)
        })
        .collect();
    let mut warnings = Vec::new();
    let mut photos = Photos::new();
    for (path, thumbnail) in resized {
        match thumbnail {
            Ok(Some(thumbnail)) => {
                photos.insert(path, thumbnail);
            }
            Ok(None) => {}
            Err(warning) => warnings.push(warning),
        }
    }
    site.photos = photos;
    warnings
}

fn site_options(options: &BuildOptions) -> SiteOptions {
    SiteOptions {
        drafts: options.drafts,
        private: options.private,
        today: options.today(),
    }
}

fn index_paths(site: &Site) -> HashMap<String, usize> {
    site.pages
        .iter()
        .enumerate()
        .map(|(index, page)| (page.file.relative.clone(), index))
        .collect()
}

/// Output files by path; two sources writing one path is an error, which
/// names the file of the site that causes it.
fn collect_outputs(
    files: Vec<OutputFile>,
    site: &Site,
    theme: &Theme,
    root: &Path,
) -> Result<BTreeMap<String, Contents>, Vec<Diagnostic>> {
    let mut outputs = BTreeMap::new();
    let mut errors = Vec::new();
    for file in files {
        match outputs.entry(file.path) {
            std::collections::btree_map::Entry::Vacant(entry) => {
                entry.insert(file.contents);
            }
            std::collections::btree_map::Entry::Occupied(entry) => {
                errors.push(two_sources(entry.key(), site, theme, root));
            }
        }
    }
    if errors.is_empty() {
        Ok(outputs)
    } else {
        Err(errors)
    }
}

/// The paths `outputs` will be written to, checked as [`collect_outputs`]
/// checks the files, before any is rendered.
pub(crate) fn planned_paths(
    site: &Site,
    theme: &Theme,
    outputs: &[render::Output],
    root: &Path,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let paths: Vec<String> = outputs
        .iter()
        .map(|output| render::output_path(site, output))
        .collect();
    let mut seen = HashSet::with_capacity(paths.len());
    let errors: Vec<Diagnostic> = paths
        .iter()
        .filter(|path| !seen.insert(path.as_str()))
        .map(|path| two_sources(path, site, theme, root))
        .collect();
    if errors.is_empty() {
        Ok(paths)
    } else {
        Err(errors)
    }
}

/// The error for two sources writing `path`, in the file of the site that
/// is one of them: a copied file, else the page.
fn two_sources(path: &str, site: &Site, theme: &Theme, root: &Path) -> Diagnostic {
    let shown = |source: &Path| {
        source
            .strip_prefix(root)
            .unwrap_or(source)
            .display()
            .to_string()
    };
    let source = site
        .assets
        .iter()
        .find(|asset| asset.relative == path)
        .map(|asset| shown(&asset.absolute))
        .or_else(|| match theme.static_files.get(path) {
            Some(StaticFile::OnDisk(source)) => Some(shown(source)),
            _ => None,
        })
        .or_else(|| {
            site.pages
                .iter()
                .find(|page| page.file.output_path == path)
                .map(|page| page.file.display.clone())
        });
    let mut error = Diagnostic::error(format!("two sources write {path}")).with_help(
        "a file in static/ or content/ has the same path as a page huddle writes; rename it",
    );
    if let Some(source) = source {
        error = error.in_file(source);
    }
    error
}

/// Every problem of every stage, in one list.
fn gather(
    config: &[Diagnostic],
    load: &[Diagnostic],
    pages: &[Vec<Diagnostic>],
    site_problems: &[Diagnostic],
    site: &Site,
) -> Vec<Diagnostic> {
    let mut problems: Vec<Diagnostic> = config
        .iter()
        .chain(load)
        .chain(pages.iter().flatten())
        .chain(site_problems)
        .chain(site.link_problems.iter().flatten())
        .cloned()
        .collect();
    settle_drafts(
        site.pages.iter().map(|page| &**page),
        site.drafts,
        &mut problems,
    );
    problems
}

/// See [`diagnostic::settle_drafts`]: the problems of the drafts among `pages`.
pub(crate) fn settle_drafts<'a>(
    pages: impl Iterator<Item = &'a Page>,
    drafts_published: bool,
    problems: &mut [Diagnostic],
) {
    let drafts: HashSet<&str> = pages
        .filter(|page| page.is_draft())
        .map(|page| page.file.display.as_str())
        .collect();
    diagnostic::settle_drafts(problems, &drafts, drafts_published);
}

pub(crate) fn stop_on_errors(diagnostics: &mut Vec<Diagnostic>) -> Result<(), Vec<Diagnostic>> {
    if diagnostics.iter().any(Diagnostic::stops_build) {
        diagnostic::sort(diagnostics);
        return Err(std::mem::take(diagnostics));
    }
    Ok(())
}
