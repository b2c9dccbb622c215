//! Team insight, drawn at build time as inline SVG: wins and losses per
//! quarter (the team's and each rep's), the skills matrix of each team,
//! and how often each playbook was used and with what result.
//!
//! Each chart reaches the templates as `{id, title, description, svg, rows}`:
//! the SVG is accessible on its own (`role="img"`, a `<title>` and a `<desc>`
//! saying what it shows), and `rows` hold the same numbers for a table, the
//! text alternative a screen-reader user or a phone can read. Colours come
//! from CSS classes (`won`, `lost`, `strength`, `focus`), so the page's
//! stylesheet, dark mode included, decides them; the presentation attributes
//! are only a fallback for a theme without those classes.
//!
//! Three parts, one way: `numbers` counts from the site model, this module
//! (and `manager`, for the charts of the coaching loop: reasons,
//! competitors, skill coverage, field time) turns the counts into words
//! and template values, `svg` draws. Sizes stay
//! sane at any scale: the quarters chart shows the last
//! [`numbers::QUARTERS`], the matrix the first [`numbers::MATRIX_REPS`]
//! people and [`numbers::MATRIX_SKILLS`] skills of a team, and the playbook
//! chart the [`TOP_PLAYBOOKS`] most used; rows say what was left out.

mod manager;
mod numbers;
mod svg;

use std::fmt::Write;

use serde::Serialize;
use tera::Value;

use crate::kinds::Taxonomy;
use crate::links::url;
use crate::site::{Site, slugify};

use super::tally::Tally;
use crate::content::Outcome;
use manager::{
    CompetitorMore, CompetitorRow, CoverageMore, CoverageRow, FieldTimeMore, FieldTimeRow,
    ReasonMore, ReasonRow,
};
pub(crate) use manager::{MonthRow, observations_per_month};
use numbers::{Matrix, QuarterCount, count_quarters, level, matrices, playbook_usage};
use svg::{Bar, grouped_bars, matrix_svg, stacked_bars};

/// Playbooks in the usage chart, the most used first.
pub const TOP_PLAYBOOKS: usize = 15;

/// One chart as templates see it; `More` holds a chart's own extra fields.
#[derive(Serialize)]
pub(crate) struct Chart<Row, More> {
    id: String,
    title: String,
    description: String,
    /// Safe to print as it is.
    svg: Value,
    rows: Vec<Row>,
    #[serde(flatten)]
    more: More,
}

#[derive(Serialize)]
pub(crate) struct NoMore {}

impl<Row, More> Chart<Row, More> {
    fn new(
        id: &str,
        title: &str,
        description: String,
        svg: String,
        rows: Vec<Row>,
        more: More,
    ) -> Self {
        Chart {
            id: format!("chart-{id}"),
            title: title.to_string(),
            description,
            svg: Value::safe_string(&svg),
            rows,
            more,
        }
    }
}

/// `site.insight`: every site-wide chart.
#[derive(Serialize)]
pub(crate) struct SiteInsight {
    quarters: Chart<QuarterRow, NoMore>,
    teams: Vec<Chart<MatrixRow, MatrixMore>>,
    playbooks: Chart<PlaybookRow, PlaybookMore>,
    reasons_won: Chart<ReasonRow, ReasonMore>,
    reasons_lost: Chart<ReasonRow, ReasonMore>,
    competitors: Chart<CompetitorRow, CompetitorMore>,
    coverage: Chart<CoverageRow, CoverageMore>,
    /// Private builds only: none in a published build, so no count of
    /// observations reaches it.
    field_time: Option<Chart<FieldTimeRow, FieldTimeMore>>,
}

/// The site's charts; `summaries` (per page index) fill the rows that name pages.
pub(crate) fn site_insight(site: &Site, summaries: &[Value]) -> SiteInsight {
    SiteInsight {
        quarters: quarters_chart(
            site,
            &site.stories,
            "quarters",
            "Wins and losses per quarter",
        ),
        teams: matrices(site)
            .iter()
            .map(|matrix| matrix_chart(site, summaries, matrix))
            .collect(),
        playbooks: playbook_chart(site, summaries),
        reasons_won: manager::reasons_chart(site, Outcome::Won),
        reasons_lost: manager::reasons_chart(site, Outcome::Lost),
        competitors: manager::competitors_chart(site, summaries),
        coverage: manager::coverage_chart(site, summaries),
        field_time: manager::field_time_chart(site, summaries),
    }
}

/// A rep's own wins and losses per quarter (`page.insight` on a rep page).
pub(crate) fn rep_quarters(site: &Site, rep: usize) -> Chart<QuarterRow, NoMore> {
    let title = format!("{}: wins and losses per quarter", site.pages[rep].title);
    quarters_chart(site, &site.relations[rep].stories, "rep-quarters", &title)
}

#[derive(Serialize)]
pub(crate) struct QuarterRow {
    label: String,
    #[serde(flatten)]
    tally: Tally,
}

fn quarters_chart(
    site: &Site,
    stories: &[usize],
    id: &str,
    title: &str,
) -> Chart<QuarterRow, NoMore> {
    let quarters = count_quarters(site, stories);
    let description = match (quarters.first(), quarters.last()) {
        (Some(first), Some(last)) => {
            let won: usize = quarters.iter().map(|count| count.tally.won).sum();
            let lost: usize = quarters.iter().map(|count| count.tally.lost).sum();
            format!(
                "Stories won and lost per quarter from {} to {}: {won} won and {lost} lost in all. {}.",
                first.label(),
                last.label(),
                quarters
                    .iter()
                    .map(|count| format!(
                        "{}: {} won, {} lost",
                        count.label(),
                        count.tally.won,
                        count.tally.lost
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        }
        _ => "No dated stories yet.".to_string(),
    };
    let rows = quarters
        .iter()
        .map(|count| QuarterRow {
            label: count.label(),
            tally: count.tally,
        })
        .collect();
    let svg = if quarters.is_empty() {
        String::new()
    } else {
        let bars: Vec<Bar> = quarters
            .iter()
            .map(|count: &QuarterCount| Bar {
                label: count.label(),
                segments: vec![("won", count.tally.won), ("lost", count.tally.lost)],
                note: format!("{} won · {} lost", count.tally.won, count.tally.lost),
                target: None,
            })
            .collect();
        grouped_bars(id, title, &description, &bars, "Stories")
    };
    Chart::new(id, title, description, svg, rows, NoMore {})
}

#[derive(Serialize)]
pub(crate) struct MatrixRow {
    rep: Value,
    levels: Vec<&'static str>,
}

#[derive(Serialize)]
pub(crate) struct MatrixMore {
    team: String,
    url: Option<String>,
    skills: Vec<TermLink>,
    more_reps: usize,
    more_skills: usize,
}

/// A term as a chart's rows name it: `{name, slug, url}`.
#[derive(Serialize)]
struct TermLink {
    name: String,
    slug: String,
    url: String,
}

impl TermLink {
    fn new(site: &Site, taxonomy: Taxonomy, name: &str, slug: &str) -> TermLink {
        TermLink {
            name: name.to_string(),
            slug: slug.to_string(),
            url: url::href(&url::term_page(taxonomy, slug), site.config.pretty_links),
        }
    }
}

/// The summaries of some pages, as a list.
fn pages(summaries: &[Value], indexes: &[usize]) -> Value {
    Value::from(
        (indexes.iter())
            .map(|&index| summaries[index].clone())
            .collect::<Vec<_>>(),
    )
}

fn matrix_chart(site: &Site, summaries: &[Value], matrix: &Matrix) -> Chart<MatrixRow, MatrixMore> {
    let team_name = matrix.team.as_deref().unwrap_or("No team");
    let slug = matrix
        .team
        .as_deref()
        .map(slugify)
        .unwrap_or_else(|| "no-team".into());
    let id = format!("skills-{slug}");
    let title = format!("Skills matrix: {team_name}");
    let cells: Vec<Vec<&'static str>> = matrix
        .reps
        .iter()
        .map(|&rep| {
            matrix
                .skills
                .iter()
                .map(|(skill, _)| level(site, rep, skill))
                .collect()
        })
        .collect();
    let count = |wanted: &str| {
        cells
            .iter()
            .flatten()
            .filter(|cell| **cell == wanted)
            .count()
    };
    let mut description = format!(
        "{} of {team_name} against {}: {} (filled circles) and {} (open circles).",
        counted(matrix.reps.len(), "person", "people"),
        counted(matrix.skills.len(), "skill", "skills"),
        counted(count("strength"), "strength", "strengths"),
        counted(count("focus"), "development goal", "development goals"),
    );
    if matrix.more_reps > 0 || matrix.more_skills > 0 {
        let _ = write!(
            description,
            " Not shown: {} and {}.",
            counted(matrix.more_reps, "more person", "more people"),
            counted(matrix.more_skills, "more skill", "more skills"),
        );
    }
    let rows = matrix
        .reps
        .iter()
        .zip(&cells)
        .map(|(&rep, levels)| MatrixRow {
            rep: summaries[rep].clone(),
            levels: levels.clone(),
        })
        .collect();
    let svg = if matrix.reps.is_empty() || matrix.skills.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = matrix
            .reps
            .iter()
            .map(|&rep| site.pages[rep].title.clone())
            .collect();
        let skills: Vec<&str> = matrix
            .skills
            .iter()
            .map(|(_, name)| name.as_str())
            .collect();
        matrix_svg(&id, &title, &description, &names, &skills, &cells)
    };
    let href = |output_path: &str| url::href(output_path, site.config.pretty_links);
    let more = MatrixMore {
        team: team_name.to_string(),
        url: matrix
            .team
            .as_deref()
            .map(|team| href(&url::term_page(Taxonomy::Teams, &slugify(team)))),
        skills: matrix
            .skills
            .iter()
            .map(|(slug, name)| TermLink::new(site, Taxonomy::Skills, name, slug))
            .collect(),
        more_reps: matrix.more_reps,
        more_skills: matrix.more_skills,
    };
    Chart::new(&id, &title, description, svg, rows, more)
}

#[derive(Serialize)]
pub(crate) struct PlaybookRow {
    playbook: Value,
    stories: usize,
    #[serde(flatten)]
    tally: Tally,
    win_rate: Option<usize>,
    /// The rate rests on fewer than three decided stories.
    few: bool,
}

#[derive(Serialize)]
pub(crate) struct PlaybookMore {
    in_use: usize,
    unused: usize,
}

fn playbook_chart(site: &Site, summaries: &[Value]) -> Chart<PlaybookRow, PlaybookMore> {
    let usage = playbook_usage(site);
    let shown = &usage[..usage.len().min(TOP_PLAYBOOKS)];
    let title = "Playbook usage";
    let rate_text = |tally: &Tally| match tally.win_rate() {
        Some(rate) if manager::few(*tally) => format!(
            "{rate}% won (of {}, too few to go by)",
            counted(tally.won + tally.lost, "decided story", "decided stories")
        ),
        Some(rate) => format!("{rate}% won"),
        None => "none decided".to_string(),
    };
    let description = if shown.is_empty() {
        "No story names a playbook yet.".to_string()
    } else {
        format!(
            "Stories per playbook and the share won, for the {} most used of {} playbooks in use. {}.",
            shown.len(),
            usage.len(),
            shown
                .iter()
                .map(|(playbook, tally)| format!(
                    "{}: {}, {}",
                    site.pages[*playbook].title,
                    counted(tally.total(), "story", "stories"),
                    rate_text(tally)
                ))
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    let rows = shown
        .iter()
        .map(|(playbook, tally)| PlaybookRow {
            playbook: summaries[*playbook].clone(),
            stories: tally.total(),
            tally: *tally,
            win_rate: tally.win_rate(),
            few: manager::few(*tally),
        })
        .collect();
    let svg = if shown.is_empty() {
        String::new()
    } else {
        let bars: Vec<Bar> = shown
            .iter()
            .map(|(playbook, tally)| Bar {
                label: site.pages[*playbook].title.clone(),
                segments: vec![
                    ("won", tally.won),
                    ("lost", tally.lost),
                    ("open", tally.open),
                ],
                note: format!("{} · {}", tally.total(), manager::rate_note(*tally)),
                target: None,
            })
            .collect();
        stacked_bars("playbooks", title, &description, &bars, "Stories")
    };
    let more = PlaybookMore {
        in_use: usage.len(),
        unused: site.playbooks.len() - usage.len(),
    };
    Chart::new("playbooks", title, description, svg, rows, more)
}

/// A target as people write it: `12`, not `12.0`; `2.5` stays.
pub(crate) fn whole_or_decimal<S: serde::Serializer>(
    value: &f64,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        serializer.serialize_i64(*value as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}

/// `1 person`, `4 people`: a count with its noun in the right number.
pub(super) fn counted(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}
