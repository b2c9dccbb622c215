//! `huddle init`: scaffold a working site.

use std::path::PathBuf;

use super::Outcome;
use super::terminal::fail;

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
    println!("Next: cd {} && huddle build", dir.display());
    Ok(())
}
