//! `huddle new`: a page of a kind with its front matter filled in.

use huddle::content::Kind;

use super::terminal::{display_relative, fail, site_root};
use super::{Global, Outcome};

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  huddle new story \"Acme renewal\"\n  \
    huddle new observation sam-lee     content/observations/<today>-sam-lee.md\n  \
    huddle new plan sam-lee            content/plans/sam-lee-<year>-h<half>.md\n  \
    huddle new meeting \"Monday team meeting\"\n  \
    huddle new role \"Account Executive\"")]
pub struct Args {
    #[arg(value_enum)]
    kind: NewKind,
    /// The page title (a rep's name); for an observation or a plan, the
    /// id of the rep it is about (a file name in content/reps/)
    #[arg(value_name = "TITLE|REP")]
    title: String,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum NewKind {
    Story,
    Playbook,
    Rep,
    /// A ride-along or call you watched (private)
    Observation,
    /// A rep's development plan (private)
    Plan,
    /// A team meeting with a time-boxed agenda
    Meeting,
    /// A hiring role with the skills it needs
    Role,
}

pub fn run(args: Args, global: &Global) -> Outcome {
    let root = site_root(global)?;
    let kind = match args.kind {
        NewKind::Story => Kind::Story,
        NewKind::Playbook => Kind::Playbook,
        NewKind::Rep => Kind::Rep,
        NewKind::Observation => Kind::Observation,
        NewKind::Plan => Kind::Plan,
        NewKind::Meeting => Kind::Meeting,
        NewKind::Role => Kind::Role,
    };
    match huddle::scaffold::new_page(&root, kind, &args.title, super::terminal::today()) {
        Ok(path) => {
            println!("Created {}", display_relative(&path));
            Ok(())
        }
        Err(error) => fail(&error),
    }
}
