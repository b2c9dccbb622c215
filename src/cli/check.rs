//! `huddle check`: validate everything without writing.

use huddle::driver::CheckFailure;

use super::terminal::{fail_with_count, print_diagnostics};
use super::{BuildFlags, Global, Outcome};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    flags: BuildFlags,
    /// Treat warnings as errors
    #[arg(long)]
    strict: bool,
}

pub fn run(args: Args, global: &Global) -> Outcome {
    let options = args.flags.options(global)?;
    match huddle::driver::check(&options, args.strict) {
        Ok(warnings) => {
            print_diagnostics(&warnings);
            println!("Checked: no errors, {} warning(s)", warnings.len());
            Ok(())
        }
        Err(CheckFailure::StrictWarnings(warnings)) => {
            print_diagnostics(&warnings);
            eprintln!(
                "error: {} warning(s), and --strict treats warnings as errors",
                warnings.len()
            );
            Err(())
        }
        Err(CheckFailure::Errors(diagnostics)) => {
            print_diagnostics(&diagnostics);
            fail_with_count(&diagnostics, "check failed")
        }
    }
}
