//! The `huddle` command line: one module per command, each with its
//! arguments (`Args`) and its `run`. This is the binary's half of the crate:
//! it parses, calls the library, and is the only code that prints.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod serve;
mod terminal;

use std::path::PathBuf;

/// Arguments every command takes.
#[derive(clap::Args)]
pub struct Global {
    /// The site folder (holding huddle.yaml); default: the nearest one
    /// above the current folder
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Print every warning on its own, instead of one line for each kind
    /// that repeats (a migrated handbook's thousand broken links)
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

/// Applies what every command shares before it runs.
pub fn configure(global: &Global) {
    terminal::set_verbose(global.verbose);
}

/// What a command came to; the failure has been printed already.
pub type Outcome = Result<(), ()>;

/// `--drafts` and `--private`, shared by `build` and `check`.
#[derive(clap::Args)]
pub struct BuildFlags {
    /// Include pages marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// Include `private:` data, observations and plans (for a copy behind
    /// access control); `check --private` adds the coaching reminders
    #[arg(long)]
    private: bool,
}

impl BuildFlags {
    fn options(&self, global: &Global) -> Result<huddle::config::BuildOptions, ()> {
        let mut options = huddle::config::BuildOptions::new(terminal::site_root(global)?);
        options.today = terminal::pinned_today();
        options.drafts = self.drafts;
        options.private = self.private;
        Ok(options)
    }
}
