//! The `huddle` command: parses the arguments and hands them to the
//! command's `run` in `cli/`. The binary (this file and `cli/`) is the only
//! code that talks to the terminal.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cli;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "huddle",
    version,
    about = "Build a sales team's wiki of playbooks, stories and rep profiles"
)]
struct Cli {
    #[command(flatten)]
    global: cli::Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scaffold a working site
    Init(cli::init::Args),
    /// Create a page of a kind with its front matter filled in
    New(cli::new::Args),
    /// Build the site into the output folder
    Build(cli::build::Args),
    /// Build the site, serve it with live reload, rebuild on every change
    Serve(cli::serve::Args),
    /// Validate everything without writing; lists playbooks past their review date
    Check(cli::check::Args),
}

fn main() -> ExitCode {
    let Cli { global, command } = Cli::parse();
    cli::configure(&global);
    let outcome = match command {
        Command::Init(args) => cli::init::run(args),
        Command::New(args) => cli::new::run(args, &global),
        Command::Build(args) => cli::build::run(args, &global),
        Command::Serve(args) => cli::serve::run(args, &global),
        Command::Check(args) => cli::check::run(args, &global),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(()) => ExitCode::FAILURE,
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// clap's own consistency checks of the command definition (conflicting
    /// names, `requires` pointing nowhere, …), which otherwise run only when
    /// a user happens to reach the broken argument.
    #[test]
    fn command_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
