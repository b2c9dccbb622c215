//! The one incremental path: [`Session::apply`] classifies the changed
//! paths (`change`), decides how far they reach (`Scope`), and
//! [`Session::rebuild`] runs the stages again on that — parse the edited
//! pages, link (in place when no page moved in the site), render what
//! `affected` says the change can touch — then keeps the result and reports
//! the outputs that differ by one rule ([`differs`]).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::{
    Session, Update, gather, parse_options, resize_photos, settle_drafts, site_options,
    stop_on_errors,
};
use crate::content;
use crate::diagnostic::Diagnostic;
use crate::driver::affected;
use crate::driver::change::{ChangeKind, classify};
use crate::output::{Contents, OutputFile};
use crate::page::{Page, parse_page};
use crate::render::{self, SiteValues, search};
use crate::site::{Site, check_page_links};
use crate::theme::Theme;

/// How far a batch of changes reaches.
enum Scope {
    /// Nothing the site is made of changed.
    Nothing,
    /// The config, a template, the day, or the set of files changed: build
    /// everything again.
    Everything,
    /// Files the site already has changed in place.
    Parts {
        /// The pages whose file changed, by index.
        edited: Vec<usize>,
        /// Whether a file under `static/` changed (the theme is read again).
        statics: bool,
    },
}

/// A page parsed again, with its problems.
struct Reparsed {
    index: usize,
    page: Arc<Page>,
    problems: Vec<Diagnostic>,
}

/// The whole site linked again after an edit that moved a page in it.
struct Relinked {
    site: Site,
    site_warnings: Vec<Diagnostic>,
    page_warnings: Vec<Vec<Diagnostic>>,
}

/// What a rebuild's render stage made, not yet kept.
struct Rendered {
    values: SiteValues,
    search: search::Index,
    /// Files of the old search index the new one no longer has.
    search_removed: Vec<String>,
    files: Vec<OutputFile>,
    /// For an edit linked in place: the re-checked pages' link problems.
    link_problems: Vec<(usize, Vec<Diagnostic>)>,
}

impl Session {
    /// Brings the site up to date with the files at `paths`, which changed
    /// on disk (created, modified or removed: the disk says which). On error
    /// the session is unchanged and still holds the last good site.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Result<Update, Vec<Diagnostic>> {
        self.pending.extend(paths.iter().cloned());
        let touched = self.pending.clone();
        let result = self.rebuild(self.scope(&touched), &touched);
        if result.is_ok() {
            self.pending.clear();
        }
        result
    }

    /// Rebuilds everything, reporting what differs from the previous output.
    /// For when it is not known what changed (the watcher lost events), so
    /// every copied file counts as changed.
    pub(crate) fn rebuild_all(&mut self) -> Result<Update, Vec<Diagnostic>> {
        let mut touched = self.pending.clone();
        touched.extend(self.outputs.values().filter_map(|contents| match contents {
            Contents::Copy(source) => Some(source.clone()),
            Contents::Bytes(_) => None,
        }));
        // On success the session is a fresh one, with nothing pending.
        self.rebuild(Scope::Everything, &touched)
    }

    /// How far the changes at `paths` reach, from what each path is
    /// ([`classify`]), what the site holds there, and what the disk holds now.
    fn scope(&self, paths: &BTreeSet<PathBuf>) -> Scope {
        if self.options.today() != self.site.today {
            // Review status moved with the calendar.
            return Scope::Everything;
        }
        let mut edited = Vec::new();
        let mut statics = false;
        let mut copies = false;
        for path in paths {
            let key = match classify(&self.options.root, path) {
                ChangeKind::Ignored => continue,
                ChangeKind::Everything => return Scope::Everything,
                ChangeKind::Static => {
                    statics = true;
                    continue;
                }
                ChangeKind::Content(key) => key,
            };
            let is_file = path.is_file();
            if let Some(&index) = self.page_by_path.get(&key) {
                if !is_file {
                    // Deleted, or replaced by a folder.
                    return Scope::Everything;
                }
                edited.push(index);
            } else if self.site.assets.iter().any(|asset| asset.relative == key) {
                // An image's size is written into the pages that show it,
                // and a rep's photo is resized from it.
                if !is_file || content::images::is_image_path(&key) {
                    return Scope::Everything;
                }
                // Its output is a copy; the output comparison sees it touched.
                copies = true;
            } else if is_file || path.is_dir() || self.has_files_under(&key) {
                // A new file or folder, or a folder that went away.
                return Scope::Everything;
            }
        }
        edited.sort_unstable();
        edited.dedup();
        if edited.is_empty() && !statics && !copies {
            Scope::Nothing
        } else {
            Scope::Parts { edited, statics }
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

    /// Runs the stages again on what changed — parse the edited pages, link,
    /// render what the change can touch — keeps the result, and reports the
    /// outputs that differ ([`differs`]). `touched` are the changed paths,
    /// for the copied files among the outputs. On error the session is
    /// unchanged.
    fn rebuild(
        &mut self,
        scope: Scope,
        touched: &BTreeSet<PathBuf>,
    ) -> Result<Update, Vec<Diagnostic>> {
        let (edited, statics) = match scope {
            Scope::Nothing => return Ok(Update::default()),
            Scope::Everything => return self.rebuild_everything(touched),
            Scope::Parts { edited, statics } => (edited, statics),
        };
        // Parse: the edited files again.
        let Some(reparsed) = self.reparse(&edited) else {
            // A file vanished or became unreadable between the event and now.
            return self.rebuild_everything(touched);
        };
        // Load: the theme's files again when a static file changed.
        let theme = if statics {
            Some(
                Theme::load(&self.options.root, &self.config.theme)?
                    .watching(&render::FIXED_FIELDS),
            )
        } else {
            None
        };
        // Link. The common edit — body text, or a summary — keeps every
        // page's place in the site (same front matter, title and link
        // targets): the pages are swapped into the site as it is and only
        // the links to and from them checked again. Any other edit links
        // the whole site again.
        let in_place = theme.is_none()
            && reparsed
                .iter()
                .all(|new| same_shape(&self.site.pages[new.index], &new.page));
        let relinked = if in_place {
            None
        } else {
            Some(self.relink(&reparsed)?)
        };
        let mut previous = Vec::new();
        if in_place {
            for new in &reparsed {
                let page = Arc::clone(&new.page);
                previous.push((
                    new.index,
                    std::mem::replace(&mut self.site.pages[new.index], page),
                ));
            }
        }
        // Render what the change can touch.
        let rendered = match self.render_changes(&reparsed, relinked.as_ref(), theme.as_ref()) {
            Ok(rendered) => rendered,
            Err(errors) => {
                // Put the last good pages back.
                for (index, page) in previous {
                    self.site.pages[index] = page;
                }
                return Err(errors);
            }
        };

        // Keep the result, noting the outputs that differ.
        let mut update = Update::default();
        for file in rendered.files {
            if differs(self.outputs.get(&file.path), &file.contents, touched) {
                update.changed.push(file.path.clone());
                self.outputs.insert(file.path, file.contents);
            }
        }
        for (path, contents) in &self.outputs {
            if matches!(contents, Contents::Copy(_)) && differs(Some(contents), contents, touched) {
                update.changed.push(path.clone());
            }
        }
        self.values = rendered.values;
        self.search = rendered.search;
        for path in rendered.search_removed {
            if self.outputs.remove(&path).is_some() {
                update.removed.push(path);
            }
        }
        if let Some(theme) = theme {
            self.theme = theme;
        }
        for new in reparsed {
            self.page_warnings[new.index] = new.problems;
        }
        match relinked {
            None => {
                for (index, problems) in rendered.link_problems {
                    self.site.link_problems[index] = problems;
                }
            }
            Some(relinked) => {
                // Pages that stopped being published (a new `draft: true`)
                // leave the output, and so do deleted static files.
                let expected = affected::expected_paths(&relinked.site, &self.theme, &self.search);
                self.outputs.retain(|path, _| {
                    let keep = expected.contains(path.as_str());
                    if !keep {
                        update.removed.push(path.clone());
                    }
                    keep
                });
                self.site = relinked.site;
                self.site_warnings = relinked.site_warnings;
                self.page_warnings = relinked.page_warnings;
            }
        }
        update.changed.sort();
        update.changed.dedup();
        Ok(update)
    }

    /// The full build again, compared with the outputs it replaces.
    fn rebuild_everything(
        &mut self,
        touched: &BTreeSet<PathBuf>,
    ) -> Result<Update, Vec<Diagnostic>> {
        let fresh = Session::start(self.options.clone())?;
        let changed = fresh
            .outputs
            .iter()
            .filter(|(path, contents)| differs(self.outputs.get(*path), contents, touched))
            .map(|(path, _)| path.clone())
            .collect();
        let removed = self
            .outputs
            .keys()
            .filter(|path| !fresh.outputs.contains_key(*path))
            .cloned()
            .collect();
        *self = fresh;
        Ok(Update {
            changed,
            removed,
            full: true,
        })
    }

    /// The edited pages parsed again; None when one can no longer be read.
    fn reparse(&self, edited: &[usize]) -> Option<Vec<Reparsed>> {
        let parse_options = parse_options(&self.config);
        edited
            .par_iter()
            .map(|&index| {
                let mut file = self.site.pages[index].file.clone();
                file.text = content::read_text(&file.absolute, &file.display).ok()?;
                let (page, problems) = parse_page(file, &self.link_index, &parse_options);
                Some(Reparsed {
                    index,
                    page: Arc::new(page),
                    problems,
                })
            })
            .collect()
    }

    /// The link stage for an edit that moved a page in the site: relations,
    /// taxonomies and cross-page checks of the whole site again.
    fn relink(&self, reparsed: &[Reparsed]) -> Result<Relinked, Vec<Diagnostic>> {
        let mut pages = self.site.pages.clone();
        let mut page_warnings = self.page_warnings.clone();
        for new in reparsed {
            pages[new.index] = Arc::clone(&new.page);
            page_warnings[new.index] = new.problems.clone();
        }
        let (mut site, mut site_warnings) = Site::assemble(
            self.config.clone(),
            site_options(&self.options),
            pages,
            self.site.assets.clone(),
        );
        site_warnings.extend(resize_photos(
            &mut site,
            &self.options.root,
            &self.site.photos,
        ));
        let mut problems = gather(
            &self.config_warnings,
            &self.load_warnings,
            &page_warnings,
            &site_warnings,
            &site,
        );
        stop_on_errors(&mut problems)?;
        Ok(Relinked {
            site,
            site_warnings,
            page_warnings,
        })
    }

    /// The outputs a change can touch, rendered for the new site: the
    /// `relinked` one, or the session's own with the edited pages swapped
    /// in (whose links to and from them are checked here first). `theme`
    /// is the theme read again, if it was.
    fn render_changes(
        &self,
        reparsed: &[Reparsed],
        relinked: Option<&Relinked>,
        theme: Option<&Theme>,
    ) -> Result<Rendered, Vec<Diagnostic>> {
        let old = &self.site;
        let new = relinked.map_or(&self.site, |relinked| &relinked.site);
        let edited: Vec<usize> = reparsed.iter().map(|new| new.index).collect();
        let link_problems = if relinked.is_none() {
            self.recheck_links(reparsed, &edited)?
        } else {
            Vec::new()
        };
        let (values, summary_changed) = affected::update_values(old, new, &self.values, &edited);
        let reloaded = theme.is_some();
        let theme = theme.unwrap_or(&self.theme);
        let mut jobs = affected::jobs(old, new, theme, &summary_changed, &edited);
        if reloaded {
            // 404.html inlines the stylesheet.
            jobs.push(render::Job::NotFound);
        }
        let mut files = render::render_jobs(new, theme, &values, &jobs)?;
        let search = self.search.updated(
            new,
            &affected::search_pages(old, new, &summary_changed, &edited),
        );
        if affected::feeds_changed(old, new, &summary_changed) {
            files.extend(render::list_files(new, theme, &search));
        }
        files.extend(render::alias::pages(new));
        let (search_files, search_removed) = search.changes(&self.search);
        files.extend(search_files);
        if reloaded {
            files.extend(render::copied_files(new, theme, &search));
        }
        if relinked.is_some() {
            files.extend(render::photo_files(new, theme, &search));
        }
        Ok(Rendered {
            values,
            search,
            search_removed,
            files,
            link_problems,
        })
    }

    /// For an edit linked in place: the links of the edited pages and of
    /// the pages linking to them, checked again; errors stop the rebuild.
    fn recheck_links(
        &self,
        reparsed: &[Reparsed],
        edited: &[usize],
    ) -> Result<Vec<(usize, Vec<Diagnostic>)>, Vec<Diagnostic>> {
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
        let mut errors: Vec<Diagnostic> = reparsed
            .iter()
            .flat_map(|new| &new.problems)
            .chain(link_problems.iter().flat_map(|(_, problems)| problems))
            .filter(|problem| problem.is_error())
            .cloned()
            .collect();
        // The edited pages as they are now, the others as they were.
        let pages = site
            .pages
            .iter()
            .enumerate()
            .filter(|(index, _)| !edited.contains(index))
            .map(|(_, page)| &**page)
            .chain(reparsed.iter().map(|new| &*new.page));
        settle_drafts(pages, site.drafts, &mut errors);
        stop_on_errors(&mut errors)?;
        Ok(link_problems)
    }
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
    // Anchors too: the pages linking here are written with them (fragments
    // corrected to the real id), so a renamed heading re-links the site.
    old.front_matter == new.front_matter
        && old.title == new.title
        && old.anchors == new.anchors
        && targets(old) == targets(new)
}

/// The one rule for "did this output change", so the reload list names
/// exactly the outputs whose bytes changed: bytes are compared; a copied
/// file's bytes are its source's, so it changed when it comes from another
/// source, or from one among the `touched` paths.
fn differs(old: Option<&Contents>, new: &Contents, touched: &BTreeSet<PathBuf>) -> bool {
    match (old, new) {
        (Some(Contents::Bytes(old)), Contents::Bytes(new)) => old[..] != new[..],
        (Some(Contents::Copy(old)), Contents::Copy(new)) => old != new || touched.contains(new),
        _ => true,
    }
}
