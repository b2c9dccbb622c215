//! `huddle build`: build the site into the output folder, once or on every change.

use std::path::PathBuf;
use std::time::Instant;

use huddle::driver::BuildReport;
use huddle::live::WatchEvent;

use super::terminal::{display_relative, fail, fail_with_count, print_diagnostics, print_error};
use super::{BuildFlags, Global, Outcome};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    flags: BuildFlags,
    /// Output folder (default: public/ in the site folder; private/ with --private)
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Write over a build for the other audience (a published build over a
    /// private one, or the reverse)
    #[arg(long)]
    force: bool,
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
}

pub fn run(args: Args, global: &Global) -> Outcome {
    let started = Instant::now();
    let mut options = args.flags.options(global)?;
    options.output = args.out;
    options.base_url = args.base_url;
    options.force = args.force;
    if args.watch {
        let watched = huddle::live::watch_and_write(&options, args.poll, |event| {
            print_watch_event(event, started);
        });
        return watched.or_else(|error| fail(&error));
    }
    match huddle::driver::build(&options) {
        Ok(report) => {
            print_report(&report, started, args.timings);
            draft_errors(&report)
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

fn print_watch_event(event: WatchEvent, started: Instant) {
    match event {
        WatchEvent::Written(written) => {
            match written {
                Ok(report) => print_report(&report, started, false),
                Err(diagnostics) => print_diagnostics(&diagnostics),
            }
            println!("Watching for changes (Ctrl-C to stop)");
        }
        WatchEvent::Rewritten {
            written,
            changed,
            removed,
            build_time,
            write_time,
        } => match written {
            Ok(report) => {
                print_diagnostics(&report.warnings);
                println!(
                    "Rebuilt: {changed} changed, {removed} removed ({} ms to build, {} ms to write)",
                    build_time.as_millis(),
                    write_time.as_millis()
                );
            }
            Err(diagnostics) => print_diagnostics(&diagnostics),
        },
        WatchEvent::Fixed => {
            println!("Fixed: the site builds again, and the output is as it was");
        }
        WatchEvent::Failed { diagnostics, first } => {
            print_diagnostics(diagnostics);
            let what = if first {
                "build failed; waiting for a change"
            } else {
                "rebuild failed; the previous output is unchanged"
            };
            let _ = fail_with_count(diagnostics, what);
        }
    }
}

/// With --drafts, a draft's errors do not stop the build, but they are errors.
fn draft_errors(report: &BuildReport) -> Outcome {
    let errors = report.warnings.iter().filter(|d| d.is_error()).count();
    if errors == 0 {
        return Ok(());
    }
    print_error(&format!(
        "{errors} error(s) in drafts; the rest of the site was built"
    ));
    Err(())
}

fn print_report(report: &BuildReport, started: Instant, timings: bool) {
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
    if !report.warnings.is_empty() {
        use huddle::diagnostic::Kind;
        let broken = report
            .warnings
            .iter()
            .filter(|warning| matches!(warning.kind, Some(Kind::BrokenLink | Kind::MissingAnchor)))
            .count();
        println!(
            "{} warning(s), {broken} of them broken links or anchors",
            report.warnings.len()
        );
    }
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
