//! Rendering: turns the site model into the complete list of output files —
//! every HTML page through the theme's templates, the feed and sitemap, and
//! the static files and assets to copy. Pure: nothing here touches the disk.
//!
//! [`outputs`] is the one list of what the site outputs: the full build
//! renders it, and the incremental path (`build::affected`) reads it for the
//! files that must exist.

pub(crate) mod alias;
mod context;
mod facets;
mod feed;
mod insight;
pub(crate) mod paginate;
pub mod search;
pub(crate) mod tally;
mod xml;

use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::content::{Kind, Role};
use crate::diagnostic::Diagnostic;
use crate::kinds::templates;
use crate::links::{root_prefix, url};
use crate::output::{Contents, OutputFile};
use crate::site::Site;
use crate::theme::{StaticFile, Theme};

pub(crate) use context::FIXED_FIELDS;
pub use context::{SharedLinks, SiteValues, summary};

/// One HTML file to render.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Job {
    Page(usize),
    Home,
    /// Page N (from 0) of a kind's index (kinds with a folder only).
    Section(Kind, usize),
    /// Page N (from 0) of a taxonomy's index: taxonomy, page.
    Taxonomy(usize, usize),
    /// Page N (from 0) of a term's page: taxonomy, term, page.
    Term(usize, usize, usize),
    NotFound,
    /// `search/index.html` (`search.html`).
    Search,
    /// `insight/index.html` (`insight.html`): the team's charts.
    Insight,
    /// `coaching/index.html` (`coaching.html`): each manager's coaching
    /// loop, in private builds only.
    Coaching,
}

impl Job {
    /// The template that renders it; None for the index of a kind without one.
    pub fn template(self, site: &Site) -> Option<&'static str> {
        Some(match self {
            Job::Page(index) => site.pages[index].kind().template(),
            Job::Home => templates::HOME,
            Job::Section(kind, _) => kind.index()?.template,
            Job::Taxonomy(..) => templates::TAXONOMY,
            Job::Term(..) => templates::TERM,
            Job::NotFound => templates::NOT_FOUND,
            Job::Search => templates::SEARCH,
            Job::Insight => templates::INSIGHT,
            Job::Coaching => templates::COACHING,
        })
    }

    /// Whether `sitemap.xml` lists it: every page a reader may land on.
    fn in_sitemap(self) -> bool {
        match self {
            Job::Page(_)
            | Job::Home
            | Job::Section(..)
            | Job::Taxonomy(..)
            | Job::Term(..)
            | Job::Insight => true,
            Job::NotFound | Job::Search | Job::Coaching => false,
        }
    }
}

/// One file of the output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Output {
    Html(Job),
    Feed,
    Sitemap,
    /// A file of the search index.
    Search(search::File),
    /// `stories/facets.js`, the story browser's data.
    StoryFacets,
    /// A static file of the theme or the site, by output path.
    Static(String),
    /// A content asset, by its index in `site.assets`.
    Asset(usize),
    /// A rep's photo resized (`site.photos`), by the original's path.
    Photo(String),
    /// A redirect page at an old path of a page (`aliases`, `redirect_from`):
    /// the page's index and the alias's.
    Alias(usize, usize),
}

/// Every file the site outputs, in a fixed order. The search index's files
/// depend on its words, so the index (built once, kept by the session) is
/// handed in.
pub(crate) fn outputs(site: &Site, theme: &Theme, search: &search::Index) -> Vec<Output> {
    let mut outputs: Vec<Output> = html_jobs(site).into_iter().map(Output::Html).collect();
    // Both need absolute addresses; without a base_url a made-up one would
    // be published, so there are none.
    if !site.config.base_url.is_empty() {
        outputs.extend([Output::Feed, Output::Sitemap]);
    }
    outputs.extend(search.files().into_iter().map(Output::Search));
    outputs.push(Output::StoryFacets);
    outputs.extend(theme.static_files.keys().cloned().map(Output::Static));
    outputs.extend((0..site.assets.len()).map(Output::Asset));
    outputs.extend(site.photos.keys().cloned().map(Output::Photo));
    outputs.extend(alias::all(site).map(|(page, alias)| Output::Alias(page, alias)));
    outputs
}

/// The path an output is written to.
pub(crate) fn output_path(site: &Site, output: &Output) -> String {
    match output {
        Output::Html(job) => job_path(site, *job),
        Output::Feed => url::FEED.into(),
        Output::Sitemap => url::SITEMAP.into(),
        Output::Search(file) => search::path(file),
        Output::StoryFacets => url::STORY_FACETS.into(),
        Output::Static(path) => path.clone(),
        Output::Asset(index) => site.assets[*index].relative.clone(),
        Output::Photo(source) => match site.photos.get(source) {
            Some(thumbnail) => url::resized_photo(source, thumbnail),
            None => String::new(),
        },
        Output::Alias(page, alias) => alias::path(site, *page, *alias).unwrap_or_default(),
    }
}

/// Renders the whole site into memory. Reports every template error, each
/// naming the template and the page being rendered.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    values: &SiteValues,
    search: &search::Index,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let outputs = outputs(site, theme, search);
    render_each(site, theme, values, search, &outputs, |file| file)
}

/// Renders `outputs` in parallel and hands each file to `sink` on the
/// thread that rendered it, while its bytes are still in the cache:
/// `build` checks its links and writes it there, and keeps none of it.
/// Returns what `sink` returned, in the order of `outputs`, or every
/// template error, each naming the template and the page being rendered.
pub(crate) fn render_each<Returned: Send>(
    site: &Site,
    theme: &Theme,
    values: &SiteValues,
    search: &search::Index,
    outputs: &[Output],
    sink: impl Fn(OutputFile) -> Returned + Sync + Send,
) -> Result<Vec<Returned>, Vec<Diagnostic>> {
    let rendered: Vec<Option<Result<Returned, Diagnostic>>> = outputs
        .par_iter()
        .map(|output| {
            let file = match output {
                Output::Html(job) => render_job(site, theme, values, *job),
                other => Ok(file_without_template(site, theme, search, other)?),
            };
            Some(file.map(&sink))
        })
        .collect();
    let mut returned = Vec::with_capacity(rendered.len());
    let mut errors = Vec::new();
    for result in rendered.into_iter().flatten() {
        match result {
            Ok(value) => returned.push(value),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(returned)
    } else {
        Err(errors)
    }
}

/// The template a job renders, and what it renders, for messages
/// (`the stories index`, `content/stories/big-win.md`); None for the index
/// of a kind without one.
pub(crate) fn job_template(site: &Site, job: Job) -> Option<(&'static str, String)> {
    Some((job.template(site)?, job_source(site, job)))
}

/// What a job renders, in words, for messages.
fn job_source(site: &Site, job: Job) -> String {
    match job {
        Job::Page(index) => site.pages[index].file.display.clone(),
        Job::Home => "the home page".into(),
        Job::Section(kind, 0) => format!("the {} index", kind.folder()),
        Job::Section(kind, page) => format!("page {} of the {} index", page + 1, kind.folder()),
        Job::Taxonomy(index, 0) => format!("the {} index", site.taxonomies[index].taxonomy),
        Job::Taxonomy(index, page) => format!(
            "page {} of the {} index",
            page + 1,
            site.taxonomies[index].taxonomy
        ),
        Job::Term(taxonomy, term, page) => {
            let terms = &site.taxonomies[taxonomy];
            let name = &terms.terms[term].name;
            match page {
                0 => format!("the {} page `{name}`", terms.taxonomy),
                _ => format!("page {} of the {} page `{name}`", page + 1, terms.taxonomy),
            }
        }
        Job::NotFound => url::NOT_FOUND.into(),
        Job::Search => "the search page".into(),
        Job::Insight => "the insight page".into(),
        Job::Coaching => "the coaching page".into(),
    }
}

/// Renders some HTML files, in parallel.
pub(crate) fn render_jobs(
    site: &Site,
    theme: &Theme,
    values: &SiteValues,
    jobs: &[Job],
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let rendered: Vec<Result<OutputFile, Diagnostic>> = jobs
        .par_iter()
        .map(|&job| render_job(site, theme, values, job))
        .collect();
    let mut files = Vec::with_capacity(rendered.len());
    let mut errors = Vec::new();
    for result in rendered {
        match result {
            Ok(file) => files.push(file),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// The files made from the site's whole lists, as [`outputs`] lists them:
/// `atom.xml` and `sitemap.xml` (none without a `base_url`) and the story
/// browser's facets.
pub(crate) fn list_files(site: &Site, theme: &Theme, search: &search::Index) -> Vec<OutputFile> {
    outputs(site, theme, search)
        .iter()
        .filter(|output| matches!(output, Output::Feed | Output::Sitemap | Output::StoryFacets))
        .filter_map(|output| file_without_template(site, theme, search, output))
        .collect()
}

fn text_file(path: &str, text: String) -> OutputFile {
    OutputFile {
        path: path.into(),
        contents: Contents::Bytes(text.into_bytes().into()),
    }
}

/// 404.html is the one page a web server shows at another address
/// (`/a/b/c`), so relative links from it break: with a `base_url` its links
/// are rooted at that address's path, and its stylesheet is inlined either
/// way so that it reads well even without one.
fn not_found_context(site: &Site, theme: &Theme, context: &mut Context) {
    context.insert("root", &base_path(&site.config.base_url));
    let css = match theme.static_files.get("style.css") {
        Some(StaticFile::Embedded(bytes)) => String::from_utf8_lossy(bytes).into_owned(),
        // A theme's own stylesheet; unreadable, the page keeps its link.
        Some(StaticFile::OnDisk(source)) => std::fs::read_to_string(source).unwrap_or_default(),
        None => String::new(),
    };
    // `</style` inside the CSS would end the element early.
    context.insert("inline_css", &css.replace("</style", "<\\/style"));
}

/// `https://wiki.example.com/team/` → `/team/`; empty without a base_url.
fn base_path(base_url: &str) -> String {
    if base_url.is_empty() {
        return String::new();
    }
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(slash) => after_scheme[slash..].to_string(),
        None => "/".to_string(),
    }
}

/// Static files (theme, then the site's own) and content assets, copied as they are.
pub(crate) fn copied_files(site: &Site, theme: &Theme, search: &search::Index) -> Vec<OutputFile> {
    outputs(site, theme, search)
        .iter()
        .filter(|output| matches!(output, Output::Static(_) | Output::Asset(_)))
        .filter_map(|output| file_without_template(site, theme, search, output))
        .collect()
}

/// The resized photos, as [`outputs`] lists them: they change only when
/// the site is linked again (a rep's `photo:` edited).
pub(crate) fn photo_files(site: &Site, theme: &Theme, search: &search::Index) -> Vec<OutputFile> {
    outputs(site, theme, search)
        .iter()
        .filter(|output| matches!(output, Output::Photo(_)))
        .filter_map(|output| file_without_template(site, theme, search, output))
        .collect()
}

/// The file of an output that needs no template (None for HTML).
fn file_without_template(
    site: &Site,
    theme: &Theme,
    search: &search::Index,
    output: &Output,
) -> Option<OutputFile> {
    let path = output_path(site, output);
    let contents = match output {
        Output::Html(_) => return None,
        Output::Feed => return Some(text_file(&path, feed::atom(site))),
        Output::Sitemap => return Some(text_file(&path, feed::sitemap(site))),
        Output::Search(file) => return search.output(file),
        Output::StoryFacets => return Some(facets::file(site)),
        Output::Static(path) => match theme.static_files.get(path)? {
            StaticFile::Embedded(bytes) => Contents::Bytes(Arc::from(*bytes)),
            StaticFile::OnDisk(source) => Contents::Copy(source.clone()),
        },
        Output::Asset(index) => Contents::Copy(site.assets[*index].absolute.clone()),
        Output::Photo(source) => Contents::Bytes(Arc::clone(&site.photos.get(source)?.bytes)),
        Output::Alias(page, alias) => return alias::page(site, *page, *alias),
    };
    Some(OutputFile { path, contents })
}

/// Every HTML file of the site, in a fixed order.
pub(crate) fn html_jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![Job::Home, Job::NotFound, Job::Search, Job::Insight];
    for kind in Kind::WITH_FOLDERS
        .into_iter()
        .filter(|&kind| site.shows(kind))
    {
        let size = site.config.pagination.index(kind);
        let count = paginate::page_count(site.listed(kind).len(), size);
        jobs.extend((0..count).map(|page| Job::Section(kind, page)));
    }
    if site.private {
        jobs.push(Job::Coaching);
    }
    jobs.extend(
        (0..site.pages.len())
            .filter(|&index| site.published[index] && site.pages[index].file.role == Role::Page)
            .map(Job::Page),
    );
    for (taxonomy_index, taxonomy) in site.taxonomies.iter().enumerate() {
        let index_pages =
            paginate::page_count(taxonomy.terms.len(), site.config.pagination.default);
        jobs.extend((0..index_pages).map(|page| Job::Taxonomy(taxonomy_index, page)));
        let size = site.config.pagination.terms();
        for (term_index, term) in taxonomy.terms.iter().enumerate() {
            let count = paginate::term_page_count(term, size);
            jobs.extend((0..count).map(|page| Job::Term(taxonomy_index, term_index, page)));
        }
    }
    jobs
}

/// The output file a job writes.
pub(crate) fn job_path(site: &Site, job: Job) -> String {
    match job {
        Job::Page(index) => site.pages[index].file.output_path.clone(),
        Job::Home => url::HOME.into(),
        Job::Section(kind, page) => url::kind_index_page(kind, page + 1),
        Job::Taxonomy(index, page) => {
            url::taxonomy_index_page(site.taxonomies[index].taxonomy, page + 1)
        }
        Job::Term(taxonomy, term, page) => {
            let terms = &site.taxonomies[taxonomy];
            url::term_page_number(terms.taxonomy, &terms.terms[term].slug, page + 1)
        }
        Job::NotFound => url::NOT_FOUND.into(),
        Job::Search => url::SEARCH.into(),
        Job::Insight => url::INSIGHT.into(),
        Job::Coaching => url::COACHING.into(),
    }
}

fn render_job(
    site: &Site,
    theme: &Theme,
    values: &SiteValues,
    job: Job,
) -> Result<OutputFile, Diagnostic> {
    let mut context = Context::new();
    context.insert_value("site", values.site.clone());
    match job {
        Job::Page(index) => context.insert_value("page", values.full_page(site, index)),
        Job::Home => {
            let intro = site
                .home_intro
                .map(|index| values.full_page(site, index))
                .unwrap_or_else(Value::none);
            context.insert_value("page", intro);
        }
        Job::Section(kind, page) => {
            context.insert_value("section", values.section(site, kind, page));
        }
        Job::Taxonomy(index, page) => {
            context.insert_value("taxonomy", values.taxonomy_page(site, index, page));
        }
        Job::Term(taxonomy, term, page) => {
            context.insert_value("taxonomy", values.taxonomy(site, taxonomy));
            context.insert_value("term", values.term(site, taxonomy, term, page));
        }
        Job::Coaching => context.insert_value("coaching", values.coaching(site)),
        Job::NotFound | Job::Search | Job::Insight => {}
    }
    let source = job_source(site, job);
    let Some(template) = job.template(site) else {
        return Err(Diagnostic::error(format!("{source} has no template")));
    };
    let path = job_path(site, job);
    if job == Job::NotFound {
        not_found_context(site, theme, &mut context);
    } else {
        context.insert("root", &root_prefix(&path));
    }
    context.insert("current_url", &url::href(&path, site.config.pretty_links));
    let mut buffer = Vec::with_capacity(16 * 1024);
    theme
        .tera
        .render_to(template, &context, &mut buffer)
        .map_err(|error| theme.describe_error(&error, Some(&source)))?;
    Ok(OutputFile {
        path,
        contents: Contents::Bytes(buffer.into()),
    })
}
