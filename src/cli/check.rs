//! `huddle check`: validate everything without writing.

use huddle::driver::CheckFailure;

use super::terminal::{fail_with_count, print_diagnostics, print_error};
use super::{BuildFlags, Global, Outcome};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    flags: BuildFlags,
    /// Treat warnings as errors (except playbooks past their review date)
    #[arg(long)]
    strict: bool,
    /// List the playbooks past their review date, with their owners; fail if there are any
    #[arg(long)]
    stale: bool,
}

pub fn run(args: Args, global: &Global) -> Outcome {
    let options = args.flags.options(global)?;
    if args.stale {
        return stale(&options);
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
