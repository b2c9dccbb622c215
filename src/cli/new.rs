//! `huddle new`: a page of a kind with its front matter filled in.

use huddle::content::Kind;

use super::terminal::{display_relative, fail, site_root};
use super::{Global, Outcome};

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_enum)]
    kind: NewKind,
    /// The page title (a rep's name)
    title: String,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum NewKind {
    Story,
    Playbook,
    Rep,
}

pub fn run(args: Args, global: &Global) -> Outcome {
    let root = site_root(global)?;
    let kind = match args.kind {
        NewKind::Story => Kind::Story,
        NewKind::Playbook => Kind::Playbook,
        NewKind::Rep => Kind::Rep,
    };
    match huddle::scaffold::new_page(&root, kind, &args.title, super::terminal::today()) {
        Ok(path) => {
            println!("Created {}", display_relative(&path));
            Ok(())
        }
        Err(error) => fail(&error),
    }
}
