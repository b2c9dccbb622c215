//! Times `huddle::output::write_site` on 10,000 small pages, each in its own
//! folder as huddle lays out pages: a first write, two unchanged rewrites, and
//! a rewrite with 1% of the pages changed. Prints each run and the medians.
//!
//! Two unchanged rewrites, because the second write of an output is not the
//! steady state: it is the one that makes the spare generation later writes
//! update in place (`huddle build --watch` writes many times).
//!
//! ```text
//! cargo run --release --example output_bench [RUNS] [FOLDER]
//! ```
//!
//! FOLDER defaults to `target/`, so the figures are for the project's disk
//! rather than a possibly in-memory `/tmp`.
#![allow(
    clippy::print_stdout,
    reason = "a benchmark exists to print its timings"
)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use huddle::output::{Contents, OutputFile, WriteReport, write_site};

const PAGES: usize = 10_000;

fn main() {
    let mut arguments = std::env::args().skip(1);
    let runs: usize = arguments
        .next()
        .map_or(5, |runs| runs.parse().expect("RUNS is a number"));
    let folder = arguments
        .next()
        .map_or_else(|| PathBuf::from("target"), PathBuf::from);

    let mut timings: [Vec<Duration>; 4] = Default::default();
    for run in 1..=runs {
        let temp = tempfile::tempdir_in(&folder).expect("cannot create a temporary folder");
        let output = temp.path().join("public");
        let mut files = pages(0);
        let first = timed(|| write_site(&output, &files));
        let second = timed(|| write_site(&output, &files));
        let unchanged = timed(|| write_site(&output, &files));
        for (index, file) in files.iter_mut().enumerate().step_by(100) {
            file.contents = Contents::Bytes(body(index, 1));
        }
        let changed = timed(|| write_site(&output, &files));
        println!(
            "run {run}: first {} ({:?}), second {} ({:?}), unchanged {} ({:?}), 1% changed {} ({:?})",
            millis(first.0),
            first.1,
            millis(second.0),
            second.1,
            millis(unchanged.0),
            unchanged.1,
            millis(changed.0),
            changed.1
        );
        for (timing, (elapsed, _)) in timings.iter_mut().zip([first, second, unchanged, changed]) {
            timing.push(elapsed);
        }
    }
    let [first, second, unchanged, changed] = timings.map(median);
    println!(
        "median of {runs}: first write {}, second (unchanged) {}, unchanged rewrite {}, 1% changed {}",
        millis(first),
        millis(second),
        millis(unchanged),
        millis(changed)
    );
}

fn pages(edition: usize) -> Vec<OutputFile> {
    (0..PAGES)
        .map(|index| OutputFile {
            path: format!("stories/story-{index:05}/index.html"),
            contents: Contents::Bytes(body(index, edition)),
        })
        .collect()
}

/// About 4 KB of HTML, different for every page and every edition.
fn body(index: usize, edition: usize) -> Arc<[u8]> {
    let mut html = format!("<!doctype html><title>Story {index} (edition {edition})</title>\n");
    while html.len() < 4096 {
        html.push_str("<p>The rep closed the deal after three calls and a pilot.</p>\n");
    }
    html.into_bytes().into()
}

fn timed(
    write: impl FnOnce() -> Result<WriteReport, huddle::output::OutputError>,
) -> (Duration, WriteReport) {
    // Between two builds someone edits for a while and the kernel writes the
    // previous build out; without this, each phase pays for the last one's.
    std::process::Command::new("sync")
        .status()
        .expect("cannot run sync");
    let start = Instant::now();
    let report = write().expect("write_site failed");
    (start.elapsed(), report)
}

fn median(mut timings: Vec<Duration>) -> Duration {
    timings.sort();
    timings[timings.len() / 2]
}

fn millis(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1000.0)
}
