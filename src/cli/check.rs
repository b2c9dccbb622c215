//! `huddle check`: validate everything without writing.

use huddle::driver::CheckFailure;

use super::terminal::{fail_with_count, print_diagnostics, print_error};
use super::{BuildFlags, Global, Outcome};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    flags: BuildFlags,
    /// Treat warnings as errors, except advice: playbooks past their review
    /// date, the coaching reminders, status agendas of past meetings
    #[arg(long)]
    strict: bool,
    /// List the playbooks past their review date, with their owners; fail if there are any
    #[arg(long)]
    stale: bool,
    /// List every broken link and anchor, grouped by what they lead to
    /// (the most-linked first); fail if there are any
    #[arg(long)]
    links: bool,
    /// With --links: `text` for people, `json` for a script
    #[arg(long, value_enum, default_value_t = Format::Text, requires = "links")]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(args: Args, global: &Global) -> Outcome {
    let options = args.flags.options(global)?;
    if args.stale {
        return stale(&options);
    }
    if args.links {
        return links(&options, args.format);
    }
    match huddle::driver::check(&options, args.strict) {
        Ok(warnings) => {
            print_diagnostics(&warnings);
            println!("Checked: no errors, {} warning(s)", warnings.len());
            Ok(())
        }
        Err(CheckFailure::StrictWarnings(warnings)) => {
            print_diagnostics(&warnings);
            print_error(&format!(
                "{} warning(s), and --strict treats warnings as errors",
                warnings.iter().filter(|warning| !warning.advisory).count()
            ));
            Err(())
        }
        Err(CheckFailure::Errors(diagnostics)) => {
            print_diagnostics(&diagnostics);
            fail_with_count(&diagnostics, "check failed")
        }
    }
}

/// `check --stale`: one line per playbook past its review date.
fn stale(options: &huddle::config::BuildOptions) -> Outcome {
    let stale = match huddle::review::stale_in(options) {
        Ok(stale) => stale,
        Err(diagnostics) => {
            print_diagnostics(&diagnostics);
            return fail_with_count(&diagnostics, "check failed");
        }
    };
    for playbook in &stale {
        let owner = playbook.owner.as_deref().unwrap_or("no owner");
        println!(
            "{}: `{}` was due for review on {} (owner: {owner})",
            playbook.file, playbook.title, playbook.due
        );
    }
    if stale.is_empty() {
        println!("No playbook is past its review date");
        return Ok(());
    }
    print_error(&format!(
        "{} playbook(s) past their review date",
        stale.len()
    ));
    Err(())
}

/// `check --links`: every link problem, by target; exit 1 if there are any.
fn links(options: &huddle::config::BuildOptions, format: Format) -> Outcome {
    let diagnostics = match huddle::driver::check(options, false) {
        Ok(warnings) => warnings,
        Err(CheckFailure::StrictWarnings(diagnostics) | CheckFailure::Errors(diagnostics)) => {
            diagnostics
        }
    };
    let targets = huddle::diagnostic::link_problems_by_target(&diagnostics);
    let count: usize = targets.iter().map(|(_, links)| links.len()).sum();
    match format {
        Format::Json => {
            let targets: Vec<serde_json::Value> = targets
                .iter()
                .map(|(target, links)| {
                    let links: Vec<serde_json::Value> = links
                        .iter()
                        .map(|link| {
                            serde_json::json!({
                                "file": link.file,
                                "line": link.line,
                                "column": link.column,
                                "kind": link.kind.map(|kind| kind.name()),
                                "message": link.message,
                            })
                        })
                        .collect();
                    serde_json::json!({ "target": target, "count": links.len(), "links": links })
                })
                .collect();
            let report = serde_json::json!({ "count": count, "targets": targets });
            println!("{report:#}");
        }
        Format::Text => {
            for (target, links) in &targets {
                println!("{target}: {} link(s)", links.len());
                for link in links {
                    let place = link.location().unwrap_or_default();
                    println!("  {place}: {}", link.message);
                }
            }
            if count == 0 {
                println!("No broken links or anchors");
            }
        }
    }
    if count == 0 {
        return Ok(());
    }
    if format == Format::Text {
        print_error(&format!(
            "{count} broken link(s) or anchor(s) to {} target(s)",
            targets.len()
        ));
    }
    Err(())
}
