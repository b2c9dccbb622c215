//! Redirect pages at a page's old paths (Hugo `aliases`, Jekyll
//! `redirect_from`), so bookmarks and links from chat and e-mail survive a
//! move: a meta refresh, a canonical link, and a plain link for readers
//! (and for hosts that strip the refresh). The sitemap lists only the new
//! URL; these pages say `noindex`.

use std::sync::Arc;

use crate::links::{alias_output_path, href_for, root_prefix};
use crate::output::{Contents, OutputFile};
use crate::site::Site;

/// One redirect page per alias of each published page. Aliases that
/// collide with a real page were refused as errors in the site checks.
pub fn pages(site: &Site) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for (index, page) in site.pages.iter().enumerate() {
        if !site.published[index] {
            continue;
        }
        for alias in &page.front_matter.aliases {
            let Ok(path) = alias_output_path(&page.file.relative, &alias.value) else {
                continue;
            };
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
            files.push(OutputFile {
                path,
                contents: Contents::Bytes(Arc::from(
                    redirect_html(&page.title, &relative, &canonical).into_bytes(),
                )),
            });
        }
    }
    files
}

fn redirect_html(title: &str, relative: &str, canonical: &str) -> String {
    let (title, relative, canonical) = (escape(title), escape(relative), escape(canonical));
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title} (moved)</title>\n<meta name=\"robots\" content=\"noindex\">\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={relative}\">\n</head>\n\
         <body>\n<p>This page has moved: <a href=\"{relative}\">{title}</a>.</p>\n</body>\n</html>\n"
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
