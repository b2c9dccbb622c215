//! The `huddle` command: parses arguments, calls the library, prints.
//! Only this file talks to the terminal.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use huddle::config::{BuildOptions, CONFIG_FILE};
use huddle::content::Kind;
use huddle::diagnostic::Diagnostic;
use huddle::live::Outcome;
use huddle::serve::ServeEvent;
use huddle::watch::SiteWatcher;

#[derive(Parser)]
#[command(
    name = "huddle",
    version,
    about = "Build a sales team's wiki of playbooks, stories and rep profiles"
)]
struct Cli {
    /// The site folder (holding huddle.yaml); default: the nearest one
    /// above the current folder
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scaffold a working site
    Init {
        /// Where to create it (default: the current folder, if empty)
        dir: Option<PathBuf>,
    },
    /// Create a page of a kind with its front matter filled in
    New {
        #[arg(value_enum)]
        kind: NewKind,
        /// The page title (a rep's name)
        title: String,
    },
    /// Build the site into the output folder
    Build {
        #[command(flatten)]
        flags: BuildFlags,
        /// Output folder (default: public/ in the site folder)
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Absolute address of the site, for the feed and sitemap
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Print how long each stage took
        #[arg(long)]
        timings: bool,
        /// Rebuild whenever a source file changes
        #[arg(long)]
        watch: bool,
        /// With --watch: check files every half second instead of using
        /// file-system events (network shares, some VMs)
        #[arg(long, requires = "watch")]
        poll: bool,
    },
    /// Build the site, serve it with live reload, rebuild on every change
    Serve {
        /// Address to listen on; anything but loopback shares drafts with the network
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Port to listen on
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in a browser
        #[arg(long)]
        open: bool,
        /// Include `private:` data (development plans and the like)
        #[arg(long)]
        private: bool,
        /// Check files every half second instead of using file-system events
        #[arg(long)]
        poll: bool,
    },
    /// Validate everything without writing; lists playbooks past their review date
    Check {
        #[command(flatten)]
        flags: BuildFlags,
        /// Treat warnings as errors
        #[arg(long)]
        strict: bool,
    },
}

#[derive(clap::Args)]
struct BuildFlags {
    /// Include pages marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// Include `private:` data (for a copy behind access control)
    #[arg(long)]
    private: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum NewKind {
    Story,
    Playbook,
    Rep,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Init { dir } => init(dir),
        Command::New { kind, title } => new(cli.root, kind, &title),
        Command::Build {
            flags,
            out,
            base_url,
            timings,
            watch,
            poll,
        } => build(cli.root, flags, out, base_url, timings, watch, poll),
        Command::Serve {
            bind,
            port,
            open,
            private,
            poll,
        } => serve(cli.root, bind, port, open, private, poll),
        Command::Check { flags, strict } => check(cli.root, flags, strict),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(()) => ExitCode::FAILURE,
    }
}

fn init(dir: Option<PathBuf>) -> Result<(), ()> {
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    match huddle::scaffold::init(&dir, today()) {
        Ok(files) => {
            println!(
                "Created a huddle site in {} ({} files).",
                dir.display(),
                files.len()
            );
            println!("Next: cd {} && huddle build", dir.display());
            Ok(())
        }
        Err(error) => fail(&error.to_string()),
    }
}

fn new(root: Option<PathBuf>, kind: NewKind, title: &str) -> Result<(), ()> {
    let root = site_root(root)?;
    let kind = match kind {
        NewKind::Story => Kind::Story,
        NewKind::Playbook => Kind::Playbook,
        NewKind::Rep => Kind::Rep,
    };
    match huddle::scaffold::new_page(&root, kind, title, today()) {
        Ok(path) => {
            println!("Created {}", display_relative(&path));
            Ok(())
        }
        Err(error) => fail(&error.to_string()),
    }
}

fn build(
    root: Option<PathBuf>,
    flags: BuildFlags,
    out: Option<PathBuf>,
    base_url: Option<String>,
    timings: bool,
    watch: bool,
    poll: bool,
) -> Result<(), ()> {
    let started = Instant::now();
    let mut options = build_options(root, &flags)?;
    options.output = out;
    options.base_url = base_url;
    if watch {
        return build_and_watch(&options, poll);
    }
    match huddle::build::build(&options) {
        Ok(report) => {
            print_report(&report, started, timings);
            Ok(())
        }
        Err(diagnostics) => {
            print_diagnostics(&diagnostics);
            fail_with_count(
                &diagnostics,
                "build failed; the previous output is unchanged",
            )
        }
    }
}

/// `build --watch`: build, then rebuild and rewrite the output on every change.
fn build_and_watch(options: &BuildOptions, poll: bool) -> Result<(), ()> {
    let output = options.output_folder();
    if let Err(error) =
        huddle::output::check_output_folder(&options.root, &options.content_folder(), &output)
    {
        return fail(&error.to_string());
    }
    let started = Instant::now();
    // Watch before building, so no edit slips in between.
    let mut watcher = match SiteWatcher::new(&options.root, &output, poll) {
        Ok(watcher) => watcher,
        Err(error) => return fail(&error.to_string()),
    };
    let on_failure = |diagnostics: Vec<Diagnostic>| {
        print_diagnostics(&diagnostics);
        let _ = fail_with_count(&diagnostics, "build failed; waiting for a change");
    };
    let mut session = match huddle::live::start_when_valid(options, &mut watcher, on_failure) {
        Ok(Some(session)) => session,
        Ok(None) => return Ok(()),
        Err(error) => return fail(&error.to_string()),
    };
    match huddle::build::write(&session, &output) {
        Ok(report) => print_report(&report, started, false),
        Err(diagnostics) => print_diagnostics(&diagnostics),
    }
    println!("Watching for changes (Ctrl-C to stop)");
    let mut failing = false;
    let result = huddle::live::rebuild_loop(&mut session, &mut watcher, |outcome| match outcome {
        Outcome::Updated {
            session,
            update,
            elapsed,
        } => {
            if update.is_empty() {
                if std::mem::take(&mut failing) {
                    println!("Fixed: the site builds again, and the output is as it was");
                }
                return;
            }
            failing = false;
            let written = Instant::now();
            match huddle::build::write(session, &output) {
                Ok(report) => {
                    print_diagnostics(&report.warnings);
                    println!(
                        "Rebuilt: {} changed, {} removed ({} ms to build, {} ms to write)",
                        update.changed.len(),
                        update.removed.len(),
                        elapsed.as_millis(),
                        written.elapsed().as_millis()
                    );
                }
                Err(diagnostics) => print_diagnostics(&diagnostics),
            }
        }
        Outcome::Failed(diagnostics) => {
            failing = true;
            print_diagnostics(&diagnostics);
            let _ = fail_with_count(
                &diagnostics,
                "rebuild failed; the previous output is unchanged",
            );
        }
    });
    result.or_else(|error| fail(&error.to_string()))
}

fn print_report(report: &huddle::build::BuildReport, started: Instant, timings: bool) {
    print_diagnostics(&report.warnings);
    println!(
        "Built {} pages ({} files: {} written, {} unchanged, {} removed) into {} in {} ms",
        report.pages,
        report.files,
        report.written,
        report.unchanged,
        report.removed,
        display_relative(&report.output),
        started.elapsed().as_millis()
    );
    if timings {
        for (stage, duration) in &report.timings.0 {
            println!("  {stage:<8} {:>7.1} ms", duration.as_secs_f64() * 1000.0);
        }
    }
    if !report.overdue.is_empty() {
        println!(
            "{} playbook(s) past their review date; `huddle check` lists them",
            report.overdue.len()
        );
    }
}

fn serve(
    root: Option<PathBuf>,
    bind: std::net::IpAddr,
    port: u16,
    open: bool,
    private: bool,
    poll: bool,
) -> Result<(), ()> {
    let mut build = BuildOptions::new(site_root(root)?);
    build.today = pinned_today();
    // A preview for the author: drafts show, marked as drafts.
    build.drafts = true;
    build.private = private;
    if !bind.is_loopback() {
        eprintln!(
            "warning: serving on {bind}: anyone who can reach this address sees drafts{}",
            if private { " and private fields" } else { "" }
        );
    }
    let settings = huddle::serve::ServeSettings {
        build,
        server: huddle::serve::ServerOptions {
            bind,
            port,
            ..Default::default()
        },
        poll,
    };
    let result = huddle::serve::run(settings, |event| match event {
        ServeEvent::Listening(url) => {
            println!("Serving at {url} (Ctrl-C to stop)");
            if open {
                open_browser(url);
            }
        }
        ServeEvent::Built {
            pages,
            elapsed,
            warnings,
        } => {
            print_diagnostics(&warnings);
            println!(
                "Built {pages} pages in {} ms; watching for changes",
                elapsed.as_millis()
            );
        }
        ServeEvent::Rebuilt {
            changed,
            removed,
            elapsed,
        } => println!(
            "Rebuilt in {} ms: {changed} file(s) changed, {removed} removed",
            elapsed.as_millis()
        ),
        ServeEvent::Failed(diagnostics) => {
            print_diagnostics(diagnostics);
            let _ = fail_with_count(
                diagnostics,
                "build failed; the last good site is still served",
            );
        }
    });
    result.or_else(|error| fail(&error.to_string()))
}

/// Opens `url` in the desktop's browser, quietly doing nothing where there is none.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        eprintln!("note: could not open a browser; open {url} yourself");
    }
}

fn check(root: Option<PathBuf>, flags: BuildFlags, strict: bool) -> Result<(), ()> {
    let options = build_options(root, &flags)?;
    match huddle::build::check(&options) {
        Ok(warnings) => {
            print_diagnostics(&warnings);
            if strict && !warnings.is_empty() {
                eprintln!(
                    "error: {} warning(s), and --strict treats warnings as errors",
                    warnings.len()
                );
                return Err(());
            }
            println!("Checked: no errors, {} warning(s)", warnings.len());
            Ok(())
        }
        Err(diagnostics) => {
            print_diagnostics(&diagnostics);
            fail_with_count(&diagnostics, "check failed")
        }
    }
}

fn build_options(root: Option<PathBuf>, flags: &BuildFlags) -> Result<BuildOptions, ()> {
    let mut options = BuildOptions::new(site_root(root)?);
    options.today = pinned_today();
    options.drafts = flags.drafts;
    options.private = flags.private;
    Ok(options)
}

/// `HUDDLE_TODAY` (`2026-11-23`), which pins the day for tests and
/// reproducible builds: the one input from the environment, read here at
/// the edge and passed on as data.
fn pinned_today() -> Option<huddle::date::Date> {
    std::env::var("HUDDLE_TODAY")
        .ok()
        .and_then(|text| huddle::date::Date::parse(&text))
}

/// The pinned day, else the clock's.
fn today() -> huddle::date::Date {
    pinned_today().unwrap_or_else(huddle::date::Date::today)
}

/// The given root, or the nearest folder above the current one with a huddle.yaml.
fn site_root(root: Option<PathBuf>) -> Result<PathBuf, ()> {
    if let Some(root) = root {
        return Ok(root);
    }
    let current = std::env::current_dir().map_err(|error| {
        eprintln!("error: cannot read the current folder: {error}");
    })?;
    let mut folder: &Path = &current;
    loop {
        if folder.join(CONFIG_FILE).is_file() {
            return Ok(folder.to_path_buf());
        }
        match folder.parent() {
            Some(parent) => folder = parent,
            // Let the build report the missing config in the current folder.
            None => return Ok(current),
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        eprintln!("{diagnostic}\n");
    }
}

fn fail(message: &str) -> Result<(), ()> {
    eprintln!("error: {message}");
    Err(())
}

fn fail_with_count(diagnostics: &[Diagnostic], what: &str) -> Result<(), ()> {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    eprintln!("{what}: {errors} error(s)");
    Err(())
}

/// A path relative to the current folder when it is below it.
fn display_relative(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|current| path.strip_prefix(current).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}
