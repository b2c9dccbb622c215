//! `atom.xml` (new stories and updated playbooks) and `sitemap.xml`, the two
//! files that need absolute URLs. Written here rather than in templates so
//! their escaping and shape are always right; neither carries a build
//! timestamp, so an unchanged site gives byte-identical files.

use std::fmt::Write;

use super::xml::escape;
use super::{Job, job_path};
use crate::content::Kind;
use crate::date::Date;
use crate::links::url;
use crate::site::Site;

pub fn atom(site: &Site) -> String {
    let mut entries: Vec<(Date, usize)> = site
        .stories
        .iter()
        .chain(&site.playbooks)
        .filter_map(|&index| site.pages[index].date().map(|date| (date, index)))
        .collect();
    entries.sort_by(|a, b| {
        b.0.cmp(&a.0).then_with(|| {
            site.pages[a.1]
                .file
                .relative
                .cmp(&site.pages[b.1].file.relative)
        })
    });
    entries.truncate(site.config.feed_limit);
    let base = &site.config.base_url;
    let updated = entries.first().map(|(date, _)| *date).unwrap_or(Date {
        year: 1970,
        month: 1,
        day: 1,
    });
    let mut xml = String::with_capacity(1024 + entries.len() * 512);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape(&site.config.language)
    );
    let _ = writeln!(xml, "  <title>{}</title>", escape(&site.config.title));
    if !site.config.description.is_empty() {
        let _ = writeln!(
            xml,
            "  <subtitle>{}</subtitle>",
            escape(&site.config.description)
        );
    }
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" href=\"{}atom.xml\"/>",
        escape(base)
    );
    let _ = writeln!(xml, "  <link rel=\"alternate\" href=\"{}\"/>", escape(base));
    let _ = writeln!(xml, "  <id>{}</id>", escape(base));
    let _ = writeln!(xml, "  <updated>{}</updated>", updated.rfc3339());
    let _ = writeln!(xml, "  <generator>huddle</generator>");
    for (date, index) in entries {
        let page = &site.pages[index];
        let relations = &site.relations[index];
        let url = format!(
            "{base}{}",
            url::href(&page.file.output_path, site.config.pretty_links)
        );
        let (label, authors) = match page.kind() {
            Kind::Story => ("Story", relations.reps.clone()),
            _ => ("Playbook updated", relations.owner.into_iter().collect()),
        };
        xml.push_str("  <entry>\n");
        let _ = writeln!(xml, "    <title>{}: {}</title>", label, escape(&page.title));
        let _ = writeln!(
            xml,
            "    <link rel=\"alternate\" href=\"{}\"/>",
            escape(&url)
        );
        let _ = writeln!(xml, "    <id>{}</id>", escape(&url));
        let _ = writeln!(xml, "    <updated>{}</updated>", date.rfc3339());
        for author in authors {
            let _ = writeln!(
                xml,
                "    <author><name>{}</name></author>",
                escape(&site.pages[author].title)
            );
        }
        if authors_missing(site, index) {
            let _ = writeln!(
                xml,
                "    <author><name>{}</name></author>",
                escape(&site.config.title)
            );
        }
        if let Some(summary) = &page.summary {
            let _ = writeln!(xml, "    <summary>{}</summary>", escape(summary));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// Atom wants an author per entry when the feed has none.
fn authors_missing(site: &Site, index: usize) -> bool {
    let relations = &site.relations[index];
    match site.pages[index].kind() {
        Kind::Story => relations.reps.is_empty(),
        _ => relations.owner.is_none(),
    }
}

pub fn sitemap(site: &Site) -> String {
    let base = &site.config.base_url;
    let mut urls: Vec<(String, Option<Date>)> = super::html_jobs(site)
        .into_iter()
        .filter(|job| job.in_sitemap())
        .map(|job| {
            let date = match job {
                Job::Page(index) => site.pages[index].date(),
                _ => None,
            };
            (
                url::href(&job_path(site, job), site.config.pretty_links),
                date,
            )
        })
        .collect();
    urls.sort();
    let mut xml = String::with_capacity(256 + urls.len() * 96);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (url, date) in urls {
        let _ = write!(xml, "  <url><loc>{}</loc>", escape(&format!("{base}{url}")));
        if let Some(date) = date {
            let _ = write!(xml, "<lastmod>{date}</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}
