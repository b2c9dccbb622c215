//! `huddle check`'s reminders about the coaching loop: plans past their
//! review, follow-ups past due, reps not observed within
//! `coaching.observe_every` (each naming the manager who owns it), and
//! meetings whose time goes to status. Each is a warning at the line it is
//! about: the plan's `reviewed:`, the observation's `follow_up:`, the rep's
//! `manager:`, the agenda item.
//!
//! The first three read observations and plans, which are in the site
//! model only in a private build, so plain `check` (the one a CI job runs,
//! whose log the whole team may read) shows none of them: they concern a
//! rep's development, and `check --private` is where a manager asks for
//! them. Meetings are published pages: their warnings show in every check.
//!
//! All are advisory — a day passing is no mistake in the content, and a
//! meeting that already happened cannot be run again — except a meeting
//! still ahead whose agenda is status: that one can be fixed, and
//! `check --strict` fails on it.

use crate::content::front_matter::{AgendaItem, AgendaType, Meeting};
use crate::diagnostic::Diagnostic;
use crate::page::Page;
use crate::site::{Site, coaching};

/// Every coaching-loop warning of the site, in the order a manager works
/// through them: plans, follow-ups, reps not observed, then meetings.
pub fn coaching_warnings(site: &Site) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    warnings.extend(plans_past_review(site));
    warnings.extend(follow_ups_past_due(site));
    warnings.extend(reps_not_observed(site));
    warnings.extend(status_meetings(site));
    warnings
}

/// Words that make an untyped (`other`) agenda item status: the numbers,
/// the pipeline walk, each rep's update in turn. Matched as whole words.
const STATUS_WORDS: &[&str] = &[
    "status",
    "statuses",
    "status update",
    "update",
    "updates",
    "pipeline review",
    "pipeline walk",
    "pipeline walkthrough",
    "pipeline call",
    "pipeline update",
    "round the table",
    "round robin",
    "roundtable",
    "tour de table",
    "forecast",
    "forecasts",
    "forecast review",
    "commit call",
    "numbers",
    "kpi",
    "kpis",
    "reporting",
    "announcements",
];

/// Whether an agenda item's title reads like status.
pub fn looks_like_status(item: &str) -> bool {
    let words: String = item
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words = format!(
        " {} ",
        words.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    STATUS_WORDS
        .iter()
        .any(|phrase| words.contains(&format!(" {phrase} ")))
}

fn plans_past_review(site: &Site) -> Vec<Diagnostic> {
    coaching::overdue_plans(site)
        .into_iter()
        .filter_map(|index| {
            let page = &site.pages[index];
            let plan = page.front_matter.plan.as_deref()?;
            let due = coaching::plan_review_due(site, index)?;
            let rep = plan.rep.as_ref().map_or("?", |rep| rep.value.as_str());
            let period =
                (plan.period.as_deref()).map_or(String::new(), |period| format!(" for {period}"));
            let manager = managed_by(site, site.relations[index].manager);
            let warning = Diagnostic::warning(format!(
                "the plan of `{rep}`{period} was due for review on {due}{manager}"
            ))
            .in_file(&page.file.display)
            .with_help("review it with the rep, then set `reviewed:` to the day you did")
            .as_advisory();
            Some(place(warning, page, plan.reviewed_at, "YYYY-MM-DD".len()))
        })
        .collect()
}

fn follow_ups_past_due(site: &Site) -> Vec<Diagnostic> {
    coaching::overdue_follow_ups(site)
        .into_iter()
        .filter_map(|index| {
            let page = &site.pages[index];
            let observation = page.front_matter.observation.as_deref()?;
            let due = observation.follow_up?;
            let rep = (observation.rep.as_ref()).map_or("?", |rep| rep.value.as_str());
            let observed = page
                .date()
                .map_or(String::new(), |day| format!(" on {day}"));
            let observer = (observation.observer.as_ref()).map_or(String::new(), |observer| {
                format!(" (observer: {})", observer.value)
            });
            let warning = Diagnostic::warning(format!(
                "the follow-up to the observation of `{rep}`{observed} was due on {due}{observer}"
            ))
            .in_file(&page.file.display)
            .with_help("check the development point with the rep, then add `follow_up_done: true`")
            .as_advisory();
            Some(place(
                warning,
                page,
                observation.follow_up_at,
                "YYYY-MM-DD".len(),
            ))
        })
        .collect()
}

fn reps_not_observed(site: &Site) -> Vec<Diagnostic> {
    let every = site.config.observe_every;
    let mut warnings = Vec::new();
    for manager in coaching::managers(site) {
        let manager_id = site.pages[manager.manager].id();
        for rep in manager.not_observed {
            let page = &site.pages[rep];
            let since = match coaching::last_observed(site, rep) {
                Some(last) => format!(
                    "has not been observed since {last}, {} days ago",
                    site.today.to_days() - last.to_days()
                ),
                None => "has never been observed".to_string(),
            };
            let warning = Diagnostic::warning(format!(
                "`{}` {since} (manager: {manager_id}; coaching.observe_every: {every} days)",
                page.id()
            ))
            .in_file(&page.file.display)
            .with_help(format!(
                "join a call or ride along, then write it up: huddle new observation {}",
                page.id()
            ))
            .as_advisory();
            let at =
                (page.front_matter.manager.as_ref()).map(|manager| (manager.line, manager.column));
            warnings.push(place(warning, page, at, manager_id.chars().count()));
        }
    }
    warnings
}

fn status_meetings(site: &Site) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for &index in &site.meetings {
        let page = &site.pages[index];
        let Some(meeting) = page.front_matter.meeting.as_deref() else {
            continue;
        };
        // A meeting still ahead can be changed; one in the past is a record.
        let ahead = page.date().is_some_and(|day| day >= site.today);
        let advise = |warning: Diagnostic| {
            if ahead {
                warning
            } else {
                warning.as_advisory()
            }
        };
        for item in meeting.agenda.iter().filter(|item| is_status(item)) {
            let minutes = item
                .minutes
                .map_or(String::new(), |minutes| format!(" ({minutes} min)"));
            let warning = Diagnostic::warning(format!(
                "agenda item `{}`{minutes} looks like status: status goes to e-mail",
                item.item
            ))
            .in_file(&page.file.display)
            .with_help(
                "send the numbers before the meeting and spend the time on what only a meeting \
                 can do; if the item is not status, say what it is with `type:` (strategy, \
                 role-play, skill, share or recognition)",
            );
            warnings.push(advise(place(
                warning,
                page,
                Some((item.line, item.column)),
                1,
            )));
        }
        if !has_meeting_work(meeting) {
            let warning = Diagnostic::warning(format!(
                "meeting `{}` has no strategy, role-play, skill or share item: status goes to e-mail",
                page.title
            ))
            .in_file(&page.file.display)
            .with_help(
                "give the time to a live deal's strategy (`type: strategy`), a role play of a \
                 hard case (`role-play`), a skill (`skill`) or a win shared with its actions \
                 (`share`)",
            );
            let at = agenda_key_line(page).map(|line| (line, 1));
            warnings.push(advise(place(warning, page, at, "agenda".len())));
        }
    }
    warnings
}

/// An untyped item titled like status.
fn is_status(item: &AgendaItem) -> bool {
    item.kind == AgendaType::Other && looks_like_status(&item.item)
}

/// Whether a meeting does something only a meeting can.
fn has_meeting_work(meeting: &Meeting) -> bool {
    meeting.agenda.iter().any(|item| {
        matches!(
            item.kind,
            AgendaType::Strategy | AgendaType::RolePlay | AgendaType::Skill | AgendaType::Share
        )
    })
}

/// The line of a meeting's top-level `agenda:` key, or of its `title:`
/// when it has no agenda.
fn agenda_key_line(page: &Page) -> Option<usize> {
    let front_matter = page.file.text.lines().take_while({
        let mut fences = 0;
        move |line| {
            if line.trim_end() == "---" {
                fences += 1;
            }
            fences < 2
        }
    });
    let mut title = None;
    for (number, line) in front_matter.enumerate() {
        if line.starts_with("agenda:") {
            return Some(number + 1);
        }
        if line.starts_with("title:") {
            title = Some(number + 1);
        }
    }
    title
}

/// ` (manager: dana)`, or nothing when there is none.
fn managed_by(site: &Site, manager: Option<usize>) -> String {
    manager.map_or(String::new(), |manager| {
        format!(" (manager: {})", site.pages[manager].id())
    })
}

/// Points a warning at a place of the page's file, or at the file.
fn place(warning: Diagnostic, page: &Page, at: Option<(usize, usize)>, width: usize) -> Diagnostic {
    match at {
        Some((line, column)) => warning.at(&page.file.text, line, column, width),
        None => warning,
    }
}

#[cfg(test)]
mod tests {
    use super::looks_like_status;

    #[test]
    fn status_is_recognised_by_whole_words() {
        for status in [
            "Status",
            "Pipeline review",
            "Deal updates",
            "Round the table",
            "Q4 forecast",
            "Round-robin: each rep's week",
            "KPIs",
        ] {
            assert!(looks_like_status(status), "{status}");
        }
        for work in [
            "Role play: the procurement call",
            "Forecasting skill: commit categories",
            "Pipeline generation ideas",
            "Updated battlecard",
            "Win shared: Haverford",
        ] {
            assert!(!looks_like_status(work), "{work}");
        }
    }
}
