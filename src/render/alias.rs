//! Redirect pages at a page's old paths (Hugo `aliases`, Jekyll
//! `redirect_from`), so bookmarks and links from chat and e-mail survive a
//! move: a meta refresh, a canonical link, and a plain link for readers
//! (and for hosts that strip the refresh). The sitemap lists only the new
//! URL; these pages say `noindex`.

use std::sync::Arc;

use super::xml;
use crate::links::{alias_output_path, href_for, root_prefix};
use crate::output::{Contents, OutputFile};
use crate::site::Site;

/// Every (page, alias) of the published pages whose alias names a path.
/// Aliases that collide with a real page were refused in the site checks.
pub(crate) fn all(site: &Site) -> impl Iterator<Item = (usize, usize)> + '_ {
    site.pages
        .iter()
        .enumerate()
        .flat_map(move |(index, page)| {
            (0..page.front_matter.aliases.len())
                .filter(move |&alias| site.published[index] && path(site, index, alias).is_some())
                .map(move |alias| (index, alias))
        })
}

/// Where the redirect page of a page's alias goes.
pub(crate) fn path(site: &Site, index: usize, alias: usize) -> Option<String> {
    let page = &site.pages[index];
    alias_output_path(&page.file.relative, &page.front_matter.aliases[alias].value).ok()
}

/// The redirect page of one alias.
pub(crate) fn page(site: &Site, index: usize, alias: usize) -> Option<OutputFile> {
    let page = &site.pages[index];
    let path = path(site, index, alias)?;
    let target = href_for(&page.file.output_path, site.config.pretty_links);
    let relative = format!("{}{}", root_prefix(&path), crate::links::encode(&target));
    let canonical = if site.config.base_url.is_empty() {
        relative.clone()
    } else {
        format!(
            "{}/{}",
            site.config.base_url.trim_end_matches('/'),
            crate::links::encode(&target)
        )
    };
    Some(OutputFile {
        path,
        contents: Contents::Bytes(Arc::from(
            redirect_html(&page.title, &relative, &canonical).into_bytes(),
        )),
    })
}

/// Every redirect page, for the incremental path (a few small files: cheaper
/// to re-render than to track which titles and paths changed).
pub(crate) fn pages(site: &Site) -> Vec<OutputFile> {
    all(site)
        .filter_map(|(index, alias)| page(site, index, alias))
        .collect()
}

fn redirect_html(title: &str, relative: &str, canonical: &str) -> String {
    let (title, relative, canonical) = (
        xml::escape(title),
        xml::escape(relative),
        xml::escape(canonical),
    );
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title} (moved)</title>\n<meta name=\"robots\" content=\"noindex\">\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={relative}\">\n</head>\n\
         <body>\n<p>This page has moved: <a href=\"{relative}\">{title}</a>.</p>\n</body>\n</html>\n"
    )
}
