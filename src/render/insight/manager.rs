//! The charts that answer a sales manager's questions: why we win and why
//! we lose (every reason customers gave), how we fare against each
//! competitor, whether the team's bench covers the skills hiring roles
//! must have, and — in private builds only — each manager's time with
//! their reps (observations per manager, and per month on the coaching
//! page).

use serde::Serialize;
use tera::Value;

use crate::content::Outcome;
use crate::date::{Date, MONTHS as MONTH_NAMES};
use crate::kinds::Taxonomy;
use crate::site::{Site, coaching};

use super::super::tally::Tally;
use super::numbers::{self, FEW_DECIDED};
use super::svg::{Bar, Column, columns, stacked_bars};
use super::{Chart, NoMore, TermLink, counted, pages};

/// Reasons in each of the why-we-win and why-we-lose charts.
pub const TOP_REASONS: usize = 10;
/// Competitors in the results chart, the most met first.
pub const TOP_COMPETITORS: usize = 15;
/// Must-have skills in the coverage chart, the thinnest bench first.
pub const TOP_SKILLS: usize = 20;

#[derive(Serialize)]
pub(crate) struct ReasonRow {
    reason: TermLink,
    /// Stories of the chart's outcome that gave the reason.
    stories: usize,
    /// Those stories as a percent of all the outcome's stories.
    share: usize,
}

#[derive(Serialize)]
pub(crate) struct ReasonMore {
    /// The won (or lost) stories, with or without reasons.
    out_of: usize,
    /// Of those, the stories that give no reason.
    without_reasons: usize,
    more_reasons: usize,
}

/// Why we win (`Outcome::Won`) or why we lose: every reason given in the
/// stories of that outcome, most given first.
pub(super) fn reasons_chart(site: &Site, outcome: Outcome) -> Chart<ReasonRow, ReasonMore> {
    let (out_of, reasons) = numbers::reasons(site, outcome);
    let (id, title, noun, class) = match outcome {
        Outcome::Won => ("reasons-won", "Why we win", "won", "won"),
        _ => ("reasons-lost", "Why we lose", "lost", "lost"),
    };
    let shown = &reasons[..reasons.len().min(TOP_REASONS)];
    let without_reasons = site
        .stories
        .iter()
        .filter(|&&story| {
            let front_matter = &site.pages[story].front_matter;
            front_matter.outcome == Some(outcome) && front_matter.reasons.is_empty()
        })
        .count();
    let share = |stories: usize| (stories * 100 + out_of / 2) / out_of.max(1);
    let description = if shown.is_empty() {
        format!("No {noun} story gives its reasons yet.")
    } else {
        format!(
            "The reasons customers gave in {out_of} {noun} {}, most given first. {}.",
            if out_of == 1 { "story" } else { "stories" },
            shown
                .iter()
                .map(|reason| format!("{}: {} of {out_of}", reason.name, reason.stories))
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    let rows = shown
        .iter()
        .map(|reason| ReasonRow {
            reason: TermLink::new(site, Taxonomy::Reasons, reason.name, reason.slug),
            stories: reason.stories,
            share: share(reason.stories),
        })
        .collect();
    let svg = if shown.is_empty() {
        String::new()
    } else {
        let bars: Vec<Bar> = shown
            .iter()
            .map(|reason| Bar {
                label: reason.name.to_string(),
                segments: vec![(class, reason.stories)],
                note: format!("{} of {out_of} {noun}", reason.stories),
                target: None,
            })
            .collect();
        stacked_bars(id, title, &description, &bars, "Stories")
    };
    let more = ReasonMore {
        out_of,
        without_reasons,
        more_reasons: reasons.len() - shown.len(),
    };
    Chart::new(id, title, description, svg, rows, more)
}

#[derive(Serialize)]
pub(crate) struct CompetitorRow {
    competitor: TermLink,
    stories: usize,
    #[serde(flatten)]
    tally: Tally,
    win_rate: Option<usize>,
    /// The rate rests on fewer than three decided stories.
    few: bool,
    /// Playbooks naming the competitor: its battlecards.
    battlecards: Value,
}

#[derive(Serialize)]
pub(crate) struct CompetitorMore {
    more_competitors: usize,
}

/// Won, lost and open against each competitor, the most met first.
pub(super) fn competitors_chart(
    site: &Site,
    summaries: &[Value],
) -> Chart<CompetitorRow, CompetitorMore> {
    let results = numbers::competitor_results(site);
    let shown = &results[..results.len().min(TOP_COMPETITORS)];
    let id = "competitors";
    let title = "Results against each competitor";
    let description = if shown.is_empty() {
        "No story names a competitor yet.".to_string()
    } else {
        format!(
            "Stories won, lost and open against each competitor, the most met first. {}.",
            shown
                .iter()
                .map(|result| format!(
                    "{}: {} won, {} lost, {} open",
                    result.name, result.tally.won, result.tally.lost, result.tally.open
                ))
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    let rows = shown
        .iter()
        .map(|result| CompetitorRow {
            competitor: TermLink::new(site, Taxonomy::Competitors, result.name, result.slug),
            stories: result.tally.total(),
            tally: result.tally,
            win_rate: result.tally.win_rate(),
            few: few(result.tally),
            battlecards: pages(summaries, result.battlecards),
        })
        .collect();
    let svg = if shown.is_empty() {
        String::new()
    } else {
        let bars: Vec<Bar> = shown
            .iter()
            .map(|result| Bar {
                label: result.name.to_string(),
                segments: vec![
                    ("won", result.tally.won),
                    ("lost", result.tally.lost),
                    ("open", result.tally.open),
                ],
                note: format!("{} · {}", result.tally.total(), rate_note(result.tally)),
                target: None,
            })
            .collect();
        stacked_bars(id, title, &description, &bars, "Stories")
    };
    let more = CompetitorMore {
        more_competitors: results.len() - shown.len(),
    };
    Chart::new(id, title, description, svg, rows, more)
}

/// Whether a win rate rests on too few decided stories to go by.
pub(super) fn few(tally: Tally) -> bool {
    tally.won + tally.lost < FEW_DECIDED
}

/// A bar's note on its win rate: `67% won`, or `50% of 2 decided` when
/// the rate rests on fewer than three decided stories.
pub(super) fn rate_note(tally: Tally) -> String {
    match tally.win_rate() {
        Some(rate) if few(tally) => format!("{rate}% of {} decided", tally.won + tally.lost),
        Some(rate) => format!("{rate}% won"),
        None => "none decided".to_string(),
    }
}

#[derive(Serialize)]
pub(crate) struct CoverageRow {
    skill: TermLink,
    /// The roles that must have it.
    roles: Value,
    /// Reps strong in it.
    strong: Value,
    /// Reps developing it, not yet strong in it.
    developing: Value,
}

#[derive(Serialize)]
pub(crate) struct CoverageMore {
    /// Must-have skills nobody on the team is strong in.
    gaps: usize,
    more_skills: usize,
}

/// Skill coverage: each skill a hiring role must have, against the reps
/// strong in it and those developing it.
pub(super) fn coverage_chart(site: &Site, summaries: &[Value]) -> Chart<CoverageRow, CoverageMore> {
    let coverage = numbers::skill_coverage(site);
    let shown = &coverage[..coverage.len().min(TOP_SKILLS)];
    let id = "coverage";
    let title = "Skill coverage";
    let gaps = coverage
        .iter()
        .filter(|skill| skill.strong.is_empty())
        .count();
    let description = if shown.is_empty() {
        "No hiring role names a must-have skill yet.".to_string()
    } else {
        format!(
            "The skills hiring roles must have, against the people strong in each and those developing it, the thinnest bench first; {} with nobody strong. {}.",
            counted(gaps, "skill", "skills"),
            shown
                .iter()
                .map(|skill| format!(
                    "{}: {} strong, {} developing",
                    skill.name,
                    skill.strong.len(),
                    skill.developing.len()
                ))
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    let rows = shown
        .iter()
        .map(|skill| CoverageRow {
            skill: TermLink::new(site, Taxonomy::Skills, &skill.name, &skill.slug),
            roles: pages(summaries, &skill.roles),
            strong: pages(summaries, skill.strong),
            developing: pages(summaries, &skill.developing),
        })
        .collect();
    let svg = if shown.is_empty() {
        String::new()
    } else {
        let bars: Vec<Bar> = shown
            .iter()
            .map(|skill| Bar {
                label: skill.name.clone(),
                segments: vec![
                    ("strong", skill.strong.len()),
                    ("developing", skill.developing.len()),
                ],
                note: if skill.strong.is_empty() {
                    format!("nobody strong · {} developing", skill.developing.len())
                } else {
                    format!(
                        "{} strong · {} developing",
                        skill.strong.len(),
                        skill.developing.len()
                    )
                },
                target: None,
            })
            .collect();
        stacked_bars(id, title, &description, &bars, "People")
    };
    let more = CoverageMore {
        gaps,
        more_skills: coverage.len() - shown.len(),
    };
    Chart::new(id, title, description, svg, rows, more)
}

#[derive(Serialize)]
pub(crate) struct FieldTimeRow {
    manager: Value,
    reports: usize,
    /// Observations they made in the window.
    observations: usize,
    /// Observations in the window that keep every report observed within
    /// `coaching.observe_every`.
    #[serde(serialize_with = "super::whole_or_decimal")]
    target: f64,
    last_observed: Option<Date>,
}

#[derive(Serialize)]
pub(crate) struct FieldTimeMore {
    /// Calendar months counted, this one included.
    months: usize,
    observe_every: i64,
}

/// Field time per manager (private builds only): observations made in
/// the last six months against what keeps every report within the interval.
pub(super) fn field_time_chart(
    site: &Site,
    summaries: &[Value],
) -> Option<Chart<FieldTimeRow, FieldTimeMore>> {
    if !site.private {
        return None;
    }
    let people = numbers::field_time(site);
    let id = "field-time";
    let title = "Field time per manager";
    let description = if people.is_empty() {
        "No manager yet.".to_string()
    } else {
        format!(
            "Observations each manager made in the last {} months, against the number that observes every direct report at least every {} days. {}.",
            coaching::MONTHS,
            site.config.observe_every,
            people
                .iter()
                .map(|person| format!(
                    "{}: {} of {}",
                    site.pages[person.manager].title,
                    person.observations,
                    super::svg::decimal(person.target)
                ))
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    let rows = people
        .iter()
        .map(|person| FieldTimeRow {
            manager: summaries[person.manager].clone(),
            reports: person.reports,
            observations: person.observations,
            target: person.target,
            last_observed: person.last,
        })
        .collect();
    let svg = if people.is_empty() {
        String::new()
    } else {
        let bars: Vec<Bar> = people
            .iter()
            .map(|person| Bar {
                label: site.pages[person.manager].title.clone(),
                segments: vec![("observed", person.observations)],
                note: format!(
                    "{} of {}",
                    person.observations,
                    super::svg::decimal(person.target)
                ),
                target: (person.target > 0.0).then_some(person.target),
            })
            .collect();
        stacked_bars(id, title, &description, &bars, "Observations")
    };
    let more = FieldTimeMore {
        months: coaching::MONTHS,
        observe_every: site.config.observe_every,
    };
    Some(Chart::new(id, title, description, svg, rows, more))
}

/// One calendar month of a manager's observations.
#[derive(Serialize)]
pub(crate) struct MonthRow {
    /// `2026-11`.
    month: String,
    /// `November 2026`.
    label: String,
    observations: usize,
}

/// A manager's observations per month against the monthly target, for the
/// coaching page (private builds only). `months` are `(2026-11, count)`,
/// oldest first.
pub(crate) fn observations_per_month(
    site: &Site,
    manager: usize,
    months: &[(String, usize)],
    target: f64,
) -> (Vec<MonthRow>, Chart<MonthRow, NoMore>) {
    let month_name = |month: &str| -> (String, String) {
        let number: usize = month
            .get(5..7)
            .and_then(|number| number.parse().ok())
            .unwrap_or(1);
        let name = MONTH_NAMES[number.clamp(1, 12) - 1];
        (
            name.chars().take(3).collect(),
            format!("{name} {}", month.get(..4).unwrap_or_default()),
        )
    };
    let name = &site.pages[manager].title;
    let id = format!(
        "observations-{}",
        crate::kinds::slugify(site.pages[manager].id())
    );
    let title = format!("{name}: observations per month");
    let description = format!(
        "Observations {name} made in each of the last {}, against a target of {} a month. {}.",
        counted(months.len(), "month", "months"),
        super::svg::decimal(target),
        months
            .iter()
            .map(|(month, count)| format!("{}: {count}", month_name(month).1))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let rows = || {
        months
            .iter()
            .map(|(month, count)| MonthRow {
                month: month.clone(),
                label: month_name(month).1,
                observations: *count,
            })
            .collect::<Vec<_>>()
    };
    let bars: Vec<Column> = months
        .iter()
        .map(|(month, count)| Column {
            label: month_name(month).0,
            value: *count,
        })
        .collect();
    let svg = columns(
        &id,
        &title,
        &description,
        &bars,
        (target > 0.0).then_some(target),
        "observed",
    );
    let chart = Chart::new(&id, &title, description, svg, rows(), NoMore {});
    (rows(), chart)
}
