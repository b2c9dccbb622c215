//! The coaching loop's state, from the site model: which plans are past
//! their review, which follow-ups are past due, which reps a manager has
//! not observed within `coaching.observe_every`. One place, read by the
//! coaching page (render) and by `huddle check --private` (review).
//!
//! Everything here reads observations and plans, which are published only
//! in a private build: in a published build every list is empty.

use super::Site;
use crate::content::front_matter::PLAN_REVIEW_DAYS;
use crate::date::Date;

/// Calendar months of observations the coaching page and the insight
/// page's field time count, this one included.
pub const MONTHS: usize = 6;

/// Observations a month that keep `reports` reps each observed within
/// `coaching.observe_every` days, to one decimal.
pub fn target_per_month(site: &Site, reports: usize) -> f64 {
    let per_month = 30.0 / site.config.observe_every as f64 * reports as f64;
    (per_month * 10.0).round() / 10.0
}

/// A plan's next review: `reviewed` plus `review_every` days.
pub fn plan_review_due(site: &Site, plan: usize) -> Option<Date> {
    let plan = site.pages[plan].front_matter.plan.as_deref()?;
    let every = plan.review_every.unwrap_or(PLAN_REVIEW_DAYS);
    Some(plan.reviewed?.add_days(every))
}

/// Published plans past their review date, most overdue first.
pub fn overdue_plans(site: &Site) -> Vec<usize> {
    let mut overdue: Vec<(Date, usize)> = (site.plans.iter())
        .filter_map(|&plan| Some((plan_review_due(site, plan)?, plan)))
        .filter(|(due, _)| *due < site.today)
        .collect();
    overdue.sort();
    overdue.into_iter().map(|(_, plan)| plan).collect()
}

/// A rep's current plan: the one reviewed last.
pub fn current_plan(site: &Site, rep: usize) -> Option<usize> {
    (site.relations[rep].plans.iter().copied()).max_by_key(|&plan| {
        site.pages[plan]
            .front_matter
            .plan
            .as_ref()
            .and_then(|plan| plan.reviewed)
    })
}

/// Published observations whose follow-up day has passed and is not done,
/// most overdue first.
pub fn overdue_follow_ups(site: &Site) -> Vec<usize> {
    let mut overdue: Vec<(Date, usize)> = (site.observations.iter())
        .filter_map(|&observation| {
            let fields = site.pages[observation]
                .front_matter
                .observation
                .as_deref()?;
            let due = fields.follow_up.filter(|_| !fields.follow_up_done)?;
            Some((due, observation))
        })
        .filter(|(due, _)| *due < site.today)
        .collect();
    overdue.sort();
    overdue
        .into_iter()
        .map(|(_, observation)| observation)
        .collect()
}

/// The day a rep was last observed, by anyone.
pub fn last_observed(site: &Site, rep: usize) -> Option<Date> {
    (site.relations[rep].observations.iter())
        .filter_map(|&observation| site.pages[observation].date())
        .max()
}

/// A manager and the reps whose coaching they own.
pub struct ManagerLoop {
    pub manager: usize,
    /// Direct reports, by name.
    pub reports: Vec<usize>,
    /// Reports not observed within the interval (or never), longest first.
    pub not_observed: Vec<usize>,
}

/// Every manager (a rep with direct reports), by name — in a private
/// build; none in a published one, where no observation is known.
pub fn managers(site: &Site) -> Vec<ManagerLoop> {
    if !site.private {
        return Vec::new();
    }
    let limit = site.today.add_days(-site.config.observe_every);
    (site.reps.iter().copied())
        .filter(|&rep| !site.relations[rep].reports.is_empty())
        .map(|manager| {
            let reports = site.relations[manager].reports.clone();
            let mut not_observed: Vec<(Option<Date>, usize)> = (reports.iter().copied())
                .map(|rep| (last_observed(site, rep), rep))
                .filter(|(last, _)| last.is_none_or(|last| last < limit))
                .collect();
            not_observed.sort();
            ManagerLoop {
                manager,
                reports,
                not_observed: not_observed.into_iter().map(|(_, rep)| rep).collect(),
            }
        })
        .collect()
}

/// Observations a manager made in each of the last `months` calendar
/// months, oldest first: (`2026-11`, count).
pub fn observations_by_month(site: &Site, manager: usize, months: usize) -> Vec<(String, usize)> {
    let index = |date: Date| i64::from(date.year) * 12 + i64::from(date.month) - 1;
    let now = index(site.today);
    let first = now - months as i64 + 1;
    let mut counts = vec![0; months];
    for &observation in &site.relations[manager].observed {
        if let Some(date) = site.pages[observation].date()
            && (first..=now).contains(&index(date))
        {
            counts[(index(date) - first) as usize] += 1;
        }
    }
    (first..=now)
        .zip(counts)
        .map(|(month, count)| {
            (
                format!("{}-{:02}", month.div_euclid(12), month.rem_euclid(12) + 1),
                count,
            )
        })
        .collect()
}
