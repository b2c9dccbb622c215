//! `huddle check --stale`: the playbooks past their review date, with their
//! owners, for a scheduled job that asks each owner for a review; and
//! (`coaching.rs`) the coaching loop's reminders `huddle check` prints.

mod coaching;

pub use coaching::{coaching_warnings, looks_like_status};

use crate::config::BuildOptions;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::driver::Session;
use crate::site::Site;

/// A published playbook past its review date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StalePlaybook {
    /// The source file, as diagnostics show it (`content/playbooks/x.md`).
    pub file: String,
    pub title: String,
    /// The owner's id, as written.
    pub owner: Option<String>,
    /// The day the review fell due.
    pub due: Date,
}

/// The site's stale playbooks, most overdue first.
pub fn stale_playbooks(site: &Site) -> Vec<StalePlaybook> {
    site.overdue_playbooks()
        .into_iter()
        .filter_map(|index| {
            let page = &site.pages[index];
            Some(StalePlaybook {
                file: page.file.display.clone(),
                title: page.title.clone(),
                owner: page
                    .front_matter
                    .owner
                    .as_ref()
                    .map(|owner| owner.value.clone()),
                due: site.review_due(page)?,
            })
        })
        .collect()
}

/// Builds the site in memory (writing nothing) and returns its stale
/// playbooks, or the errors that stop the build.
pub fn stale_in(options: &BuildOptions) -> Result<Vec<StalePlaybook>, Vec<Diagnostic>> {
    let session = Session::start(options.clone())?;
    Ok(stale_playbooks(session.site()))
}
