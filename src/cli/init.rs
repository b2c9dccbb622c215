//! `huddle init`: scaffold a working site.

use std::path::PathBuf;

use huddle::scaffold::Git;

use super::Outcome;
use super::terminal::{fail, print_warning};

#[derive(clap::Args)]
pub struct Args {
    /// Where to create it (default: the current folder, if empty)
    dir: Option<PathBuf>,
}

pub fn run(args: Args) -> Outcome {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let files = match huddle::scaffold::init(&dir) {
        Ok(files) => files,
        Err(error) => return fail(&error),
    };
    println!(
        "Created a huddle site in {} ({} files).",
        dir.display(),
        files.len()
    );
    match huddle::scaffold::init_git(&dir) {
        Git::Initialized => {
            println!("Initialized a git repository: last-updated dates come from git.")
        }
        Git::AlreadyInRepository => {}
        Git::NotInstalled => {
            println!(
                "note: git is not installed; pages show no last-updated date until the site is in git"
            )
        }
        Git::Failed(why) => print_warning(&format!("git init failed: {why}")),
    }
    let here = std::env::current_dir().ok();
    let is_here = dir.canonicalize().ok().is_some_and(|dir| Some(dir) == here);
    if is_here {
        println!("Next: huddle serve");
    } else {
        println!("Next: cd {} && huddle serve", dir.display());
    }
    Ok(())
}
