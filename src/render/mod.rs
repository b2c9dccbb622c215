//! Rendering: turns the site model into the complete list of output files —
//! every HTML page through the theme's templates, the feed and sitemap, and
//! the static files and assets to copy. Pure: nothing here touches the disk.

mod context;
mod feed;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::content::{Kind, Role};
use crate::diagnostic::Diagnostic;
use crate::links::root_prefix;
use crate::output::{Contents, OutputFile};
use crate::site::Site;
use crate::theme::{StaticFile, Theme};

pub use context::SiteValues;

/// One HTML file to render.
#[derive(Clone, Copy)]
enum Job {
    Page(usize),
    Home,
    Section(Kind),
    Taxonomy(usize),
    Term(usize, usize),
    NotFound,
}

/// Renders the whole site. Reports every template error, each naming the
/// template and the page being rendered.
pub fn render_site(site: &Site, theme: &Theme) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let values = SiteValues::new(site);
    let jobs = jobs(site);
    let rendered: Vec<Result<OutputFile, Diagnostic>> = jobs
        .par_iter()
        .map(|&job| render_job(site, theme, &values, job))
        .collect();
    let mut files = Vec::with_capacity(rendered.len() + site.assets.len() + 8);
    let mut errors = Vec::new();
    for result in rendered {
        match result {
            Ok(file) => files.push(file),
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    files.push(OutputFile {
        path: "atom.xml".into(),
        contents: Contents::Bytes(feed::atom(site).into_bytes()),
    });
    files.push(OutputFile {
        path: "sitemap.xml".into(),
        contents: Contents::Bytes(feed::sitemap(site).into_bytes()),
    });
    for (path, file) in &theme.static_files {
        files.push(OutputFile {
            path: path.clone(),
            contents: match file {
                StaticFile::Embedded(bytes) => Contents::Bytes(bytes.to_vec()),
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
    Ok(files)
}

/// Every HTML file of the site, in a fixed order.
fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![Job::Home, Job::NotFound];
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

fn render_job(
    site: &Site,
    theme: &Theme,
    values: &SiteValues,
    job: Job,
) -> Result<OutputFile, Diagnostic> {
    let mut context = Context::new();
    context.insert_value("site", values.site.clone());
    let (template, path, source): (&str, String, String) = match job {
        Job::Page(index) => {
            let page = &site.pages[index];
            context.insert_value("page", values.full_page(site, index));
            let template = match page.kind() {
                Kind::Playbook => "playbook.html",
                Kind::Story => "story.html",
                Kind::Rep => "rep.html",
                Kind::Page => "page.html",
            };
            (
                template,
                page.file.output_path.clone(),
                page.file.display.clone(),
            )
        }
        Job::Home => {
            let intro = site
                .home_intro
                .map(|index| values.full_page(site, index))
                .unwrap_or_else(Value::none);
            context.insert_value("page", intro);
            ("home.html", "index.html".into(), "the home page".into())
        }
        Job::Section(kind) => {
            context.insert_value("section", values.section(site, kind));
            (
                match kind {
                    Kind::Playbook => "playbooks.html",
                    Kind::Story => "stories.html",
                    _ => "reps.html",
                },
                format!("{}/index.html", kind.folder()),
                format!("the {} index", kind.folder()),
            )
        }
        Job::Taxonomy(index) => {
            let taxonomy = &site.taxonomies[index];
            context.insert_value("taxonomy", values.taxonomy(site, taxonomy));
            (
                "taxonomy.html",
                format!("{}/index.html", taxonomy.name),
                format!("the {} index", taxonomy.name),
            )
        }
        Job::Term(taxonomy_index, term_index) => {
            let taxonomy = &site.taxonomies[taxonomy_index];
            let term = &taxonomy.terms[term_index];
            context.insert_value("taxonomy", values.taxonomy(site, taxonomy));
            context.insert_value("term", values.term(site, taxonomy, term));
            (
                "term.html",
                format!("{}/{}/index.html", taxonomy.name, term.slug),
                format!("the {} page `{}`", taxonomy.name, term.name),
            )
        }
        Job::NotFound => ("404.html", "404.html".into(), "404.html".into()),
    };
    context.insert("root", &root_prefix(&path));
    context.insert("current_url", &context::href(site, &path));
    let mut buffer = Vec::with_capacity(16 * 1024);
    theme
        .tera
        .render_to(template, &context, &mut buffer)
        .map_err(|error| theme.describe_error(&error, Some(&source)))?;
    Ok(OutputFile {
        path,
        contents: Contents::Bytes(buffer),
    })
}
