//! A small site through the whole pipeline after parsing: up to eight
//! pages cut from the input (by a line `===`), each at a fixed place (a
//! manager and a rep, stories, playbooks, a plain page, intros), linked
//! into a site, and — when that finds no error, as in a real build —
//! rendered with the built-in theme: relations, taxonomies, review dates,
//! the feed and the sitemap must not panic on anything front matter says.
#![no_main]

use std::path::Path;
use std::sync::{Arc, OnceLock};

use huddle::config::Config;
use huddle::content::SourceFile;
use huddle::date::Date;
use huddle::links::LinkIndex;
use huddle::page::{ParseOptions, parse_page};
use huddle::render::{SiteValues, render_site};
use huddle::site::{Site, SiteOptions};
use huddle::theme::Theme;
use libfuzzer_sys::fuzz_target;

const PLACES: [&str; 8] = [
    "reps/ana.md",
    "reps/bo.md",
    "stories/big-win.md",
    "playbooks/discovery.md",
    "stories/hard-loss.md",
    "about/team.md",
    "index.md",
    "playbooks/index.md",
];

fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    // No theme folder at this root: the embedded default theme.
    THEME.get_or_init(|| {
        Theme::load(Path::new("/nonexistent/huddle-fuzz"), "default")
            .ok()
            .expect("the built-in theme loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let files: Vec<SourceFile> = text
        .split("\n===\n")
        .zip(PLACES)
        .map(|(chunk, relative)| {
            SourceFile::new(relative, relative.into(), chunk.to_string(), false)
        })
        .collect();
    let config = if selector & 1 == 0 {
        "title: Fuzz\nbase_url: https://wiki.example.com/\nlinks: warn\n"
    } else {
        "title: Fuzz\nbase_url: https://wiki.example.com/\nlinks: warn\npretty_links: true\nfeed_limit: 2\n"
    };
    let (config, _) = Config::parse(config).expect("the config parses");
    let index = LinkIndex::new(&files, &[], config.pretty_links);
    let options = ParseOptions {
        markdown: huddle::markdown::Options {
            raw_html: config.raw_html,
        },
        links: config.links,
    };
    let mut errors = false;
    let pages: Vec<_> = files
        .into_iter()
        .map(|file| {
            let (page, diagnostics) = parse_page(file, &index, &options);
            errors |= diagnostics.iter().any(|diagnostic| diagnostic.is_error());
            Arc::new(page)
        })
        .collect();
    let site_options = SiteOptions {
        drafts: selector & 2 != 0,
        private: selector & 4 != 0,
        today: Date::parse("2026-11-23").unwrap(),
    };
    let (site, diagnostics) = Site::assemble(config, site_options, pages, Vec::new());
    errors |= diagnostics.iter().any(|diagnostic| diagnostic.is_error());
    errors |= site
        .link_problems
        .iter()
        .flatten()
        .any(|problem| problem.is_error());
    if errors {
        return;
    }
    let values = SiteValues::new(&site);
    let search = huddle::render::search::Index::new(&site);
    let _ = render_site(&site, theme(), &values, &search);
});
