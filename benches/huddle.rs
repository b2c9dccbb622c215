//! `cargo bench`: how fast huddle builds and rebuilds, against the floor and
//! against Hugo on the same generated corpus, measured in one run.
//!
//! For each corpus size (`HUDDLE_BENCH_SIZES`, default `1000,10000,50000`)
//! it generates the corpus with `benches/gen_corpus.py`, then reports
//! medians and spreads over `HUDDLE_BENCH_RUNS` runs (default 5) of:
//! - `huddle build` into a fresh folder (wall time, peak memory, pages/s);
//! - `huddle build` again over its own output (the usual rebuild);
//! - the floor: read every Markdown file, render it with pulldown-cmark and
//!   write as many output files, on every core, in this process;
//! - `hugo` on the same corpus, when it is installed, and the ratio;
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
    let hugo = which("hugo");
    let work = manifest.join("target/bench");
    std::fs::create_dir_all(&work).unwrap();
    println!("huddle bench: {runs} runs per figure; median [min–max]\n");
    for pages in sizes {
        let corpus = work.join(format!("c{pages}-huddle"));
        generate(&generator, "huddle", pages, &corpus);
        println!("== {pages} pages ==");
        let fresh = measure(runs, || {
            let _ = std::fs::remove_dir_all(corpus.join("public"));
            let _ = std::fs::remove_dir_all(corpus.join(".public.huddle-spare"));
            settle_disk();
            timed_command(Command::new(&huddle).arg("build").current_dir(&corpus))
        });
        report("huddle build, fresh output", &fresh, pages);
        let again = measure(runs, || {
            settle_disk();
            timed_command(Command::new(&huddle).arg("build").current_dir(&corpus))
        });
        report("huddle build, over its output", &again, pages);
        let floor = measure(runs, || floor(&corpus, &work.join("floor")));
        report("floor: read + pulldown-cmark + write", &floor, pages);
        println!(
            "  huddle / floor: {:.2}× (fresh), {:.2}× (rebuild)",
            median_time(&fresh) / median_time(&floor),
            median_time(&again) / median_time(&floor)
        );
        if let Some(hugo) = &hugo {
            let hugo_corpus = work.join(format!("c{pages}-hugo"));
            generate(&generator, "hugo", pages, &hugo_corpus);
            let hugo_fresh = measure(runs.min(3), || {
                let _ = std::fs::remove_dir_all(hugo_corpus.join("public"));
                settle_disk();
                timed_command(Command::new(hugo).arg("--quiet").current_dir(&hugo_corpus))
            });
            report("hugo, fresh output", &hugo_fresh, pages);
            // `hugo` run again writes over its own public/: its default.
            let hugo_again = measure(runs.min(3), || {
                settle_disk();
                timed_command(Command::new(hugo).arg("--quiet").current_dir(&hugo_corpus))
            });
            report("hugo, over its output", &hugo_again, pages);
            println!(
                "  huddle is {:.2}× faster than hugo (fresh), {:.2}× (over its output); \
                 {:.2}× less peak memory",
                median_time(&hugo_fresh) / median_time(&fresh),
                median_time(&hugo_again) / median_time(&again),
                median_memory(&hugo_fresh) / median_memory(&fresh).max(1.0)
            );
        } else {
            println!("  (hugo not installed: `apt-get install hugo` adds the comparison)");
        }
        if std::env::var("HUDDLE_BENCH_SERVE").is_ok() && pages <= 10_000 {
            serve_latency(&huddle, &corpus);
        }
        println!();
    }
}

/// One measured run: seconds and peak resident memory in KiB (0 when unknown).
#[derive(Clone, Copy)]
struct Sample {
    seconds: f64,
    peak_kib: f64,
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
    let output = real
        .stdout(Stdio::null())
        .output()
        .expect("the command runs");
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "command failed:\n{stderr}");
    let peak_kib = stderr
        .lines()
        .find_map(|line| line.strip_prefix("HUDDLE_BENCH_PEAK_KIB="))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0.0);
    Sample { seconds, peak_kib }
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
