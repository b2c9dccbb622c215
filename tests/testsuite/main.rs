//! huddle's integration tests: one test binary, a module per feature (see
//! tests/README.md). Each module runs the real `huddle` binary, or the
//! library, on a site in a temporary folder and asserts on what a reader or
//! a user at the terminal would see.

// Cases this machine cannot run say so on stderr (`skipped: …`).
#![allow(clippy::print_stderr)]

#[path = "../common/mod.rs"]
mod common;

mod bad_input;
mod coaching_pages;
mod coaching_tools;
mod commands;
mod driver;
mod drafts_private;
mod first_hour;
mod front_matter;
mod handbooks;
mod html_safety;
mod images;
mod incremental;
mod kill;
mod layering;
mod messy_handbook;
mod migration;
mod page_sizes;
mod links;
mod loop_kinds;
mod privacy;
mod private_kinds;
mod reader;
mod reference;
mod references;
mod safety;
mod search;
mod serve;
mod serve_abuse;
mod serve_http;
mod site;
mod themes;
mod verify;
