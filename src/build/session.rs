//! A build kept in memory. `Session::start` is the full build; `apply` takes
//! the paths that changed on disk and brings the site up to date by running
//! the same stages on what changed: re-parse the edited pages, re-link the
//! site, re-render only the outputs the change can touch (see `affected`).
//!
//! `huddle build` is a session started and written once; `serve` and
//! `build --watch` keep one alive. A test drives random edit sequences and
//! checks the result equals a fresh start, byte for byte.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use super::{Timings, affected};
use crate::config::{BuildOptions, CONFIG_FILE, Config};
use crate::content::{self, is_ignored_name};
use crate::diagnostic::{self, Diagnostic};
use crate::links::LinkIndex;
use crate::markdown;
use crate::output::{Contents, OutputFile};
use crate::page::{Page, ParseOptions, parse_page};
use crate::render::{self, SiteValues};
use crate::site::{Site, SiteOptions, check_page_links};
use crate::theme::Theme;

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
    outputs: BTreeMap<String, Contents>,
    /// Page index by path under `content/`.
    page_by_path: HashMap<String, usize>,
    /// Changed paths not yet in the site: a failed rebuild keeps them here,
    /// so the next attempt includes them whatever it was woken by.
    pending: BTreeSet<PathBuf>,
    pub timings: Timings,
}

/// A page as parsed, with its problems.
type Parsed = (Page, Vec<Diagnostic>);

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

/// How a set of changed paths is handled.
enum Plan {
    Nothing,
    Full,
    Partial {
        edited: Vec<usize>,
        /// Output paths of copied files whose source changed.
        copies: Vec<String>,
        /// Changed files under `static/`.
        statics: Vec<PathBuf>,
    },
}

impl Session {
    /// Builds the whole site in memory.
    pub fn start(options: BuildOptions) -> Result<Session, Vec<Diagnostic>> {
        let mut timings = Timings::default();
        let mut started = Instant::now();
        let (config, mut config_warnings) = load_config(&options)?;
        // Load: the theme and the content are the only disk reads.
        let mut load_warnings = Vec::new();
        let theme = match Theme::load(&options.root, &config.theme) {
            Ok(theme) => Some(theme),
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
        let (site, site_warnings) = Site::assemble(
            config.clone(),
            site_options(&options),
            pages,
            content.assets,
        );
        timings.lap("link", &mut started);
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

        // Render: every output file, in memory.
        let values = SiteValues::new(&site);
        let files = render::render_site(&site, &theme, &values)?;
        let outputs = collect_outputs(files, &site, &options.root)?;
        timings.lap("render", &mut started);
        config_warnings.retain(|warning| !warning.is_error());
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
            outputs,
            page_by_path,
            pending: BTreeSet::new(),
            timings,
        })
    }

    /// Brings the site up to date with the files at `paths`, which changed
    /// on disk (created, modified or removed: the disk says which). On error
    /// the session is unchanged and still holds the last good site.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Result<Update, Vec<Diagnostic>> {
        self.pending.extend(paths.iter().cloned());
        let pending: Vec<PathBuf> = self.pending.iter().cloned().collect();
        let result = match self.plan(&pending) {
            Plan::Nothing => Ok(Update::default()),
            Plan::Full => self.rebuild_all(),
            Plan::Partial {
                edited,
                copies,
                statics,
            } => self.rebuild_parts(edited, copies, statics),
        };
        if result.is_ok() {
            self.pending.clear();
        }
        result
    }

    /// Rebuilds everything, reporting what differs from the previous output.
    pub fn rebuild_all(&mut self) -> Result<Update, Vec<Diagnostic>> {
        let fresh = Session::start(self.options.clone())?;
        let update = diff_outputs(&self.outputs, &fresh.outputs, true);
        *self = fresh;
        Ok(update)
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

    pub fn options(&self) -> &BuildOptions {
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

    fn plan(&self, paths: &[PathBuf]) -> Plan {
        if self.options.today() != self.site.today {
            // Review status moved with the calendar.
            return Plan::Full;
        }
        let root = &self.options.root;
        let content = self.options.content_folder();
        let mut edited = Vec::new();
        let mut copies = Vec::new();
        let mut statics = Vec::new();
        for path in paths {
            let Ok(relative) = path.strip_prefix(root) else {
                continue;
            };
            if relative
                .components()
                .any(|component| is_ignored_name(component.as_os_str()))
            {
                continue;
            }
            if relative == Path::new(CONFIG_FILE)
                || relative.starts_with("templates")
                || relative.starts_with("themes")
            {
                return Plan::Full;
            }
            if relative.starts_with("static") {
                statics.push(path.clone());
                continue;
            }
            let Ok(under_content) = path.strip_prefix(&content) else {
                continue;
            };
            let Some(key) = slash_path(under_content) else {
                return Plan::Full;
            };
            let is_file = path.is_file();
            if let Some(&index) = self.page_by_path.get(&key) {
                if !is_file {
                    return Plan::Full;
                }
                edited.push(index);
            } else if self.site.assets.iter().any(|asset| asset.relative == key) {
                if !is_file {
                    return Plan::Full;
                }
                copies.push(key);
            } else if is_file || path.is_dir() || self.has_files_under(&key) {
                // A new file or folder, or a folder that went away.
                return Plan::Full;
            }
        }
        edited.sort_unstable();
        edited.dedup();
        if edited.is_empty() && copies.is_empty() && statics.is_empty() {
            Plan::Nothing
        } else {
            Plan::Partial {
                edited,
                copies,
                statics,
            }
        }
    }

    fn has_files_under(&self, folder: &str) -> bool {
        let prefix = format!("{folder}/");
        self.page_by_path
            .keys()
            .any(|path| path.starts_with(&prefix))
            || self
                .site
                .assets
                .iter()
                .any(|asset| asset.relative.starts_with(&prefix))
    }

    fn rebuild_parts(
        &mut self,
        edited: Vec<usize>,
        copies: Vec<String>,
        statics: Vec<PathBuf>,
    ) -> Result<Update, Vec<Diagnostic>> {
        // Parse the edited files again.
        let parse_options = parse_options(&self.config);
        let reparsed: Vec<(usize, Result<Parsed, Diagnostic>)> = edited
            .par_iter()
            .map(|&index| (index, self.reparse(index, &parse_options)))
            .collect();
        let mut replacements = Vec::with_capacity(reparsed.len());
        for (index, result) in reparsed {
            match result {
                Ok((page, problems)) => replacements.push((index, Arc::new(page), problems)),
                // The file vanished or became unreadable between the event and now.
                Err(_) => return self.rebuild_all(),
            }
        }
        let same_shape = statics.is_empty()
            && replacements
                .iter()
                .all(|(index, page, _)| same_shape(&self.site.pages[*index], page));
        if same_shape {
            self.rebuild_in_place(edited, replacements, copies)
        } else {
            self.relink_and_rebuild(edited, replacements, copies, statics)
        }
    }

    /// The common edit — body text, or a summary — changes no relation, list
    /// or taxonomy: swap the pages into the site, re-check the links that can
    /// have broken (to and from the edited pages), re-render what shows them.
    fn rebuild_in_place(
        &mut self,
        edited: Vec<usize>,
        replacements: Vec<(usize, Arc<Page>, Vec<Diagnostic>)>,
        copies: Vec<String>,
    ) -> Result<Update, Vec<Diagnostic>> {
        let mut previous = Vec::with_capacity(replacements.len());
        let mut page_warnings = Vec::with_capacity(replacements.len());
        for (index, page, problems) in replacements {
            previous.push((index, std::mem::replace(&mut self.site.pages[index], page)));
            page_warnings.push((index, problems));
        }
        let result = self.render_in_place(&edited, &page_warnings);
        match result {
            Ok((link_problems, values, rendered, feeds)) => {
                for (index, problems) in page_warnings {
                    self.page_warnings[index] = problems;
                }
                for (index, problems) in link_problems {
                    self.site.link_problems[index] = problems;
                }
                self.values = values;
                let mut update = Update::default();
                merge_rendered(&mut self.outputs, rendered, &mut update);
                if feeds {
                    merge_rendered(
                        &mut self.outputs,
                        render::feeds(&self.site).into(),
                        &mut update,
                    );
                }
                update.changed.extend(copies);
                update.changed.sort();
                update.changed.dedup();
                Ok(update)
            }
            Err(errors) => {
                // Put the last good pages back.
                for (index, page) in previous {
                    self.site.pages[index] = page;
                }
                Err(errors)
            }
        }
    }

    /// The checking and rendering half of `rebuild_in_place`, on the site
    /// with the edited pages swapped in; changes nothing in the session.
    #[allow(clippy::type_complexity)]
    fn render_in_place(
        &self,
        edited: &[usize],
        page_warnings: &[(usize, Vec<Diagnostic>)],
    ) -> Result<
        (
            Vec<(usize, Vec<Diagnostic>)>,
            SiteValues,
            Vec<OutputFile>,
            bool,
        ),
        Vec<Diagnostic>,
    > {
        let site = &self.site;
        let mut recheck: Vec<usize> = edited.to_vec();
        for &index in edited {
            recheck.extend(&site.relations[index].backlinks);
        }
        recheck.sort_unstable();
        recheck.dedup();
        let link_problems: Vec<(usize, Vec<Diagnostic>)> = recheck
            .iter()
            .map(|&index| {
                let problems =
                    check_page_links(&site.pages, &site.published, self.config.links, index);
                (index, problems)
            })
            .collect();
        let mut problems: Vec<Diagnostic> = page_warnings
            .iter()
            .flat_map(|(_, problems)| problems)
            .chain(link_problems.iter().flat_map(|(_, problems)| problems))
            .filter(|problem| problem.is_error())
            .cloned()
            .collect();
        stop_on_errors(&mut problems)?;
        let (values, summary_changed) = affected::update_values(site, site, &self.values, edited);
        let jobs = affected::jobs(site, site, &self.theme, &summary_changed, edited);
        let mut rendered = render::render_jobs(site, &self.theme, &values, &jobs)?;
        rendered.extend(affected::search_shards(
            site,
            site,
            &summary_changed,
            edited,
        ));
        let feeds = affected::feeds_changed(site, site, &summary_changed);
        Ok((link_problems, values, rendered, feeds))
    }

    /// An edit that changes front matter, a title or the links between
    /// pages: link the whole site again, then re-render what it touches.
    fn relink_and_rebuild(
        &mut self,
        edited: Vec<usize>,
        replacements: Vec<(usize, Arc<Page>, Vec<Diagnostic>)>,
        copies: Vec<String>,
        statics: Vec<PathBuf>,
    ) -> Result<Update, Vec<Diagnostic>> {
        let mut pages = self.site.pages.clone();
        let mut page_warnings = self.page_warnings.clone();
        for (index, page, problems) in replacements {
            pages[index] = page;
            page_warnings[index] = problems;
        }
        let theme_reloaded = if !statics.is_empty() {
            Some(Theme::load(&self.options.root, &self.config.theme)?)
        } else {
            None
        };
        let (site, site_warnings) = Site::assemble(
            self.config.clone(),
            site_options(&self.options),
            pages,
            self.site.assets.clone(),
        );
        let mut problems = gather(
            &self.config_warnings,
            &self.load_warnings,
            &page_warnings,
            &site_warnings,
            &site,
        );
        stop_on_errors(&mut problems)?;
        let theme = theme_reloaded.as_ref().unwrap_or(&self.theme);

        // Render what the change can touch.
        let (values, summary_changed) =
            affected::update_values(&self.site, &site, &self.values, &edited);
        let jobs = affected::jobs(&self.site, &site, theme, &summary_changed, &edited);
        let mut rendered = render::render_jobs(&site, theme, &values, &jobs)?;
        if affected::feeds_changed(&self.site, &site, &summary_changed) {
            rendered.extend(render::feeds(&site));
        }
        rendered.extend(render::alias::pages(&site));
        rendered.extend(affected::search_shards(
            &self.site,
            &site,
            &summary_changed,
            &edited,
        ));
        let mut outputs = self.outputs.clone();
        let mut update = Update::default();
        merge_rendered(&mut outputs, rendered, &mut update);
        if theme_reloaded.is_some() {
            let old_copies: BTreeMap<String, Contents> =
                render::copied_files(&self.site, &self.theme)
                    .into_iter()
                    .map(|file| (file.path, file.contents))
                    .collect();
            for file in render::copied_files(&site, theme) {
                let changed = match (old_copies.get(&file.path), &file.contents) {
                    (None, _) => true,
                    (Some(Contents::Copy(old)), Contents::Copy(new)) => {
                        old != new || statics.contains(new)
                    }
                    (Some(Contents::Bytes(old)), Contents::Bytes(new)) => old[..] != new[..],
                    _ => true,
                };
                if changed {
                    update.changed.push(file.path.clone());
                }
                outputs.insert(file.path, file.contents);
            }
        }
        update.changed.extend(copies);
        // Pages that stopped being published (a new `draft: true`) leave the output.
        let expected = affected::expected_paths(&site, theme);
        outputs.retain(|path, _| {
            let keep = expected.contains(path.as_str());
            if !keep {
                update.removed.push(path.clone());
            }
            keep
        });
        update.changed.sort();
        update.changed.dedup();

        if let Some(theme) = theme_reloaded {
            self.theme = theme;
        }
        self.page_warnings = page_warnings;
        self.site_warnings = site_warnings;
        self.site = site;
        self.values = values;
        self.outputs = outputs;
        Ok(update)
    }

    fn reparse(&self, index: usize, parse_options: &ParseOptions) -> Result<Parsed, Diagnostic> {
        let mut file = self.site.pages[index].file.clone();
        file.text = content::read_text(&file.absolute, &file.display)?;
        Ok(parse_page(file, &self.link_index, parse_options))
    }
}

fn load_config(options: &BuildOptions) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (mut config, mut warnings) = Config::load(&options.root)?;
    if let Some(base_url) = &options.base_url {
        config.base_url = if base_url.ends_with('/') {
            base_url.clone()
        } else {
            format!("{base_url}/")
        };
        warnings.retain(|diagnostic| !diagnostic.message.contains("base_url"));
    }
    Ok((config, warnings))
}

fn parse_options(config: &Config) -> ParseOptions {
    ParseOptions {
        markdown: markdown::Options {
            raw_html: config.raw_html,
        },
        links: config.links,
    }
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

fn slash_path(path: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for component in path.components() {
        parts.push(component.as_os_str().to_str()?);
    }
    Some(parts.join("/"))
}

/// Whether an edited page still has the same place in the site: the same
/// front matter, title and link targets, so no relation, list or taxonomy
/// can have changed.
fn same_shape(old: &Page, new: &Page) -> bool {
    let targets = |page: &Page| {
        let mut targets: Vec<usize> = page.links.iter().map(|link| link.target).collect();
        targets.sort_unstable();
        targets.dedup();
        targets
    };
    old.front_matter == new.front_matter && old.title == new.title && targets(old) == targets(new)
}

/// Puts rendered files into the outputs, noting those whose bytes changed.
fn merge_rendered(
    outputs: &mut BTreeMap<String, Contents>,
    rendered: Vec<OutputFile>,
    update: &mut Update,
) {
    for file in rendered {
        let differs = match (outputs.get(&file.path), &file.contents) {
            (Some(Contents::Bytes(old)), Contents::Bytes(new)) => old[..] != new[..],
            _ => true,
        };
        if differs {
            update.changed.push(file.path.clone());
            outputs.insert(file.path, file.contents);
        }
    }
}

/// Output files by path; two sources writing one path is an error, which
/// names the file of the site that causes it.
fn collect_outputs(
    files: Vec<OutputFile>,
    site: &Site,
    root: &Path,
) -> Result<BTreeMap<String, Contents>, Vec<Diagnostic>> {
    let mut outputs = BTreeMap::new();
    let mut errors = Vec::new();
    for file in files {
        let other = match outputs.entry(file.path) {
            std::collections::btree_map::Entry::Vacant(entry) => {
                entry.insert(file.contents);
                continue;
            }
            std::collections::btree_map::Entry::Occupied(entry) => entry,
        };
        let path = other.key();
        let source = [&file.contents, other.get()]
            .into_iter()
            .find_map(|contents| match contents {
                Contents::Copy(source) => Some(
                    source
                        .strip_prefix(root)
                        .unwrap_or(source)
                        .display()
                        .to_string(),
                ),
                Contents::Bytes(_) => None,
            })
            .or_else(|| {
                site.pages
                    .iter()
                    .find(|page| page.file.output_path == *path)
                    .map(|page| page.file.display.clone())
            });
        let mut error = Diagnostic::error(format!("two sources write {path}")).with_help(
            "a file in static/ or content/ has the same path as a page huddle writes; rename it",
        );
        if let Some(source) = source {
            error = error.in_file(source);
        }
        errors.push(error);
    }
    if errors.is_empty() {
        Ok(outputs)
    } else {
        Err(errors)
    }
}

/// What differs between two complete outputs.
fn diff_outputs(
    old: &BTreeMap<String, Contents>,
    new: &BTreeMap<String, Contents>,
    full: bool,
) -> Update {
    let mut update = Update {
        full,
        ..Update::default()
    };
    for (path, contents) in new {
        let same = match (old.get(path), contents) {
            (Some(Contents::Bytes(a)), Contents::Bytes(b)) => a[..] == b[..],
            (Some(Contents::Copy(a)), Contents::Copy(b)) => a == b,
            _ => false,
        };
        if !same {
            update.changed.push(path.clone());
        }
    }
    update.removed = old
        .keys()
        .filter(|path| !new.contains_key(*path))
        .cloned()
        .collect();
    update
}

/// Every problem of every stage, in one list.
fn gather(
    config: &[Diagnostic],
    load: &[Diagnostic],
    pages: &[Vec<Diagnostic>],
    site_problems: &[Diagnostic],
    site: &Site,
) -> Vec<Diagnostic> {
    config
        .iter()
        .chain(load)
        .chain(pages.iter().flatten())
        .chain(site_problems)
        .chain(site.link_problems.iter().flatten())
        .cloned()
        .collect()
}

pub(super) fn stop_on_errors(diagnostics: &mut Vec<Diagnostic>) -> Result<(), Vec<Diagnostic>> {
    if diagnostics.iter().any(Diagnostic::is_error) {
        diagnostic::sort(diagnostics);
        return Err(std::mem::take(diagnostics));
    }
    Ok(())
}
