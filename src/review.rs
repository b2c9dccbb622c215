//! `huddle check --stale`: the playbooks past their review date, with their
//! owners, for a scheduled job that asks each owner for a review.

use crate::date::Date;
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
                owner: page.front_matter.owner.as_ref().map(|owner| owner.value.clone()),
                due: site.review_due(page)?,
            })
        })
        .collect()
}
