//! Rendering: turns the site model into the complete list of output files —
//! every HTML page through the theme's templates, the feed and sitemap, and
//! the static files and assets to copy. Pure: nothing here touches the disk.

pub mod alias;
mod context;
mod feed;
pub mod insight;
pub mod search;

use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::content::{Kind, Role};
use crate::diagnostic::Diagnostic;
use crate::links::root_prefix;
use crate::output::{Contents, OutputFile};
use crate::site::Site;
use crate::theme::{StaticFile, Theme};

pub use context::{SharedLinks, SiteValues, summary};

/// One HTML file to render.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Job {
    Page(usize),
    Home,
    Section(Kind),
    Taxonomy(usize),
    Term(usize, usize),
    NotFound,
    /// `search/index.html` (`search.html`).
    Search,
    /// `insight/index.html` (`insight.html`): the team's charts.
    Insight,
}

/// Renders the whole site. Reports every template error, each naming the
/// template and the page being rendered.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    values: &SiteValues,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut files = render_jobs(site, theme, values, &all_jobs(site))?;
    files.extend(feeds(site));
    files.push(search::manifest(site));
    files.extend(search::shards(site));
    files.extend(copied_files(site, theme));
    Ok(files)
}

/// Renders some HTML files, in parallel.
pub fn render_jobs(
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

/// `atom.xml` and `sitemap.xml`.
pub fn feeds(site: &Site) -> [OutputFile; 2] {
    [
        OutputFile {
            path: "atom.xml".into(),
            contents: Contents::Bytes(feed::atom(site).into_bytes().into()),
        },
        OutputFile {
            path: "sitemap.xml".into(),
            contents: Contents::Bytes(feed::sitemap(site).into_bytes().into()),
        },
    ]
}

/// Static files (theme, then the site's own) and content assets, copied as they are.
pub fn copied_files(site: &Site, theme: &Theme) -> Vec<OutputFile> {
    let mut files = Vec::with_capacity(theme.static_files.len() + site.assets.len());
    for (path, file) in &theme.static_files {
        files.push(OutputFile {
            path: path.clone(),
            contents: match file {
                StaticFile::Embedded(bytes) => Contents::Bytes(Arc::from(*bytes)),
                StaticFile::OnDisk(source) => Contents::Copy(source.clone()),
            },
        });
    }
    for asset in &site.assets {
        files.push(OutputFile {
            path: asset.relative.clone(),
            contents: Contents::Copy(asset.absolute.clone()),
        });
    }
    files.extend(alias::pages(site));
    files
}

/// Every HTML file of the site, in a fixed order.
pub fn all_jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![Job::Home, Job::NotFound, Job::Search, Job::Insight];
    jobs.extend(Kind::WITH_FOLDERS.into_iter().map(Job::Section));
    jobs.extend(
        (0..site.pages.len())
            .filter(|&index| site.published[index] && site.pages[index].file.role == Role::Page)
            .map(Job::Page),
    );
    for (taxonomy_index, taxonomy) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::Taxonomy(taxonomy_index));
        jobs.extend((0..taxonomy.terms.len()).map(|term| Job::Term(taxonomy_index, term)));
    }
    jobs
}

/// The output file a job writes.
pub fn job_path(site: &Site, job: Job) -> String {
    match job {
        Job::Page(index) => site.pages[index].file.output_path.clone(),
        Job::Home => "index.html".into(),
        Job::Section(kind) => format!("{}/index.html", kind.folder()),
        Job::Taxonomy(index) => format!("{}/index.html", site.taxonomies[index].name),
        Job::Term(taxonomy, term) => {
            let taxonomy = &site.taxonomies[taxonomy];
            format!("{}/{}/index.html", taxonomy.name, taxonomy.terms[term].slug)
        }
        Job::NotFound => "404.html".into(),
        Job::Search => "search/index.html".into(),
        Job::Insight => "insight/index.html".into(),
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
    let (template, source): (&str, String) = match job {
        Job::Page(index) => {
            let page = &site.pages[index];
            context.insert_value("page", values.full_page(site, index));
            let template = match page.kind() {
                Kind::Playbook => "playbook.html",
                Kind::Story => "story.html",
                Kind::Rep => "rep.html",
                Kind::Page => "page.html",
            };
            (template, page.file.display.clone())
        }
        Job::Home => {
            let intro = site
                .home_intro
                .map(|index| values.full_page(site, index))
                .unwrap_or_else(Value::none);
            context.insert_value("page", intro);
            ("home.html", "the home page".into())
        }
        Job::Section(kind) => {
            context.insert_value("section", values.section(site, kind));
            let template = match kind {
                Kind::Playbook => "playbooks.html",
                Kind::Story => "stories.html",
                _ => "reps.html",
            };
            (template, format!("the {} index", kind.folder()))
        }
        Job::Taxonomy(index) => {
            let taxonomy = &site.taxonomies[index];
            context.insert_value("taxonomy", values.taxonomy(site, taxonomy));
            ("taxonomy.html", format!("the {} index", taxonomy.name))
        }
        Job::Term(taxonomy_index, term_index) => {
            let taxonomy = &site.taxonomies[taxonomy_index];
            let term = &taxonomy.terms[term_index];
            context.insert_value("taxonomy", values.taxonomy(site, taxonomy));
            context.insert_value("term", values.term(site, taxonomy, term));
            (
                "term.html",
                format!("the {} page `{}`", taxonomy.name, term.name),
            )
        }
        Job::NotFound => ("404.html", "404.html".into()),
        Job::Search => ("search.html", "the search page".into()),
        Job::Insight => ("insight.html", "the insight page".into()),
    };
    let path = job_path(site, job);
    context.insert("root", &root_prefix(&path));
    context.insert("current_url", &context::href(site, &path));
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
