//! `coaching` on the coaching page (private builds only): per manager,
//! observations per month against `coaching.observe_every`, and each
//! direct report's last observation, plan and open follow-ups; then the
//! plans past review and follow-ups past due across the team.

use serde::Serialize;
use tera::Value;

use crate::date::Date;
use crate::site::Site;
use crate::site::coaching::{self as state, ManagerLoop};

use super::super::insight::{Chart, MonthRow, NoMore, observations_per_month};
use super::site::pick;

#[derive(Serialize)]
struct CoachingView {
    /// Days between observations of each rep (`coaching.observe_every`).
    observe_every: i64,
    managers: Vec<ManagerView>,
    overdue_plans: Value,
    overdue_follow_ups: Value,
}

#[derive(Serialize)]
struct ManagerView {
    manager: Value,
    reports: Vec<ReportRow>,
    not_observed: Value,
    /// Observations made per calendar month, oldest first.
    months: Vec<MonthRow>,
    /// Observations a month that keep every report within the interval.
    #[serde(serialize_with = "super::super::insight::whole_or_decimal")]
    target_per_month: f64,
    /// The months drawn, against the target.
    chart: Chart<MonthRow, NoMore>,
}

#[derive(Serialize)]
struct ReportRow {
    rep: Value,
    last_observed: Option<Date>,
    /// Days since the last observation.
    days_since: Option<i64>,
    /// Not observed within the interval (or never).
    overdue: bool,
    plan: Option<Value>,
    plan_review_due: Option<Date>,
    plan_overdue: bool,
    open_follow_ups: usize,
}

/// The `coaching` value; empty lists in a published build (the page is
/// not written there at all).
pub(super) fn coaching_value(site: &Site, summaries: &[Value]) -> Value {
    let managers = state::managers(site)
        .iter()
        .map(|found| manager_view(site, summaries, found))
        .collect();
    Value::from_serializable(&CoachingView {
        observe_every: site.config.observe_every,
        managers,
        overdue_plans: pick(summaries, &state::overdue_plans(site)),
        overdue_follow_ups: pick(summaries, &state::overdue_follow_ups(site)),
    })
}

/// A rep's observations whose follow-up is set and not done, soonest due
/// first (empty in a published build, where no observation is known).
pub(super) fn open_follow_ups(site: &Site, rep: usize) -> Vec<usize> {
    let mut open: Vec<(Date, usize)> = (site.relations[rep].observations.iter())
        .filter_map(|&observation| {
            let fields = site.pages[observation]
                .front_matter
                .observation
                .as_deref()?;
            let due = fields.follow_up.filter(|_| !fields.follow_up_done)?;
            Some((due, observation))
        })
        .collect();
    open.sort();
    open.into_iter()
        .map(|(_, observation)| observation)
        .collect()
}

fn manager_view(site: &Site, summaries: &[Value], found: &ManagerLoop) -> ManagerView {
    let reports = (found.reports.iter())
        .map(|&rep| {
            let last_observed = state::last_observed(site, rep);
            let plan = state::current_plan(site, rep);
            let plan_review_due = plan.and_then(|plan| state::plan_review_due(site, plan));
            let open_follow_ups = open_follow_ups(site, rep).len();
            ReportRow {
                rep: summaries[rep].clone(),
                days_since: last_observed.map(|last| site.today.to_days() - last.to_days()),
                overdue: found.not_observed.contains(&rep),
                last_observed,
                plan: plan.map(|plan| summaries[plan].clone()),
                plan_overdue: plan_review_due.is_some_and(|due| due < site.today),
                plan_review_due,
                open_follow_ups,
            }
        })
        .collect();
    let target_per_month = state::target_per_month(site, found.reports.len());
    let counts = state::observations_by_month(site, found.manager, state::MONTHS);
    let (months, chart) = observations_per_month(site, found.manager, &counts, target_per_month);
    ManagerView {
        manager: summaries[found.manager].clone(),
        reports,
        not_observed: pick(summaries, &found.not_observed),
        months,
        target_per_month,
        chart,
    }
}
