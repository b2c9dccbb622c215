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
//! Pure: the site model in, values out. Sizes stay sane at any scale: the
//! quarters chart shows the last [`QUARTERS`], the matrix the first
//! [`MATRIX_REPS`] people and [`MATRIX_SKILLS`] skills of a team, and the
//! playbook chart the [`TOP_PLAYBOOKS`] most used; rows say what was left out.

use std::collections::BTreeMap;
use std::fmt::Write;

use tera::{Map, Value};

use crate::content::Outcome;
use crate::site::{Site, slugify};

use super::context::href;
use super::feed::escape;

/// Quarters the wins-and-losses charts show, newest last.
pub const QUARTERS: usize = 12;
/// People per team in the skills matrix (managers first, then by name).
pub const MATRIX_REPS: usize = 25;
/// Skills per team in the matrix, the most named first.
pub const MATRIX_SKILLS: usize = 14;
/// Playbooks in the usage chart, the most used first.
pub const TOP_PLAYBOOKS: usize = 15;

/// `site.insight`: every site-wide chart.
pub fn site_insight(site: &Site, summaries: &[Value]) -> Value {
    let mut map = Map::new();
    map.insert(
        "quarters".into(),
        quarters_chart(
            site,
            &site.stories,
            "quarters",
            "Wins and losses per quarter",
        ),
    );
    map.insert("teams".into(), team_matrices(site, summaries));
    map.insert("playbooks".into(), playbook_chart(site, summaries));
    Value::from(map)
}

/// A rep's own wins and losses per quarter (`page.insight` on a rep page).
pub fn rep_quarters(site: &Site, rep: usize) -> Value {
    let title = format!("{}: wins and losses per quarter", site.pages[rep].title);
    quarters_chart(site, &site.relations[rep].stories, "rep-quarters", &title)
}

/// Won, lost and open stories of one quarter.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct QuarterCount {
    pub year: i32,
    pub quarter: u32,
    pub won: usize,
    pub lost: usize,
    pub open: usize,
}

/// Stories counted per quarter, oldest first, the last [`QUARTERS`] up to
/// the newest story, with empty quarters in between kept (a gap is news).
pub fn count_quarters(site: &Site, stories: &[usize]) -> Vec<QuarterCount> {
    let mut counts: BTreeMap<(i32, u32), QuarterCount> = BTreeMap::new();
    for &story in stories {
        let page = &site.pages[story];
        let Some(date) = page.front_matter.date else {
            continue;
        };
        let quarter = (date.month - 1) / 3 + 1;
        let year = date.year;
        let count = counts.entry((year, quarter)).or_insert(QuarterCount {
            year,
            quarter,
            ..QuarterCount::default()
        });
        match page.front_matter.outcome {
            Some(Outcome::Won) => count.won += 1,
            Some(Outcome::Lost) => count.lost += 1,
            _ => count.open += 1,
        }
    }
    let Some(&(last_year, last_quarter)) = counts.keys().next_back() else {
        return Vec::new();
    };
    let &(first_year, first_quarter) = counts.keys().next().unwrap_or(&(last_year, last_quarter));
    let mut out = Vec::new();
    let (mut year, mut quarter) = (last_year, last_quarter);
    while out.len() < QUARTERS && (year, quarter) >= (first_year, first_quarter) {
        out.push(
            counts
                .get(&(year, quarter))
                .copied()
                .unwrap_or(QuarterCount {
                    year,
                    quarter,
                    ..QuarterCount::default()
                }),
        );
        (year, quarter) = if quarter == 1 {
            (year - 1, 4)
        } else {
            (year, quarter - 1)
        };
    }
    out.reverse();
    out
}

fn quarters_chart(site: &Site, stories: &[usize], id: &str, title: &str) -> Value {
    let quarters = count_quarters(site, stories);
    let label = |count: &QuarterCount| format!("{} Q{}", count.year, count.quarter);
    let description = match (quarters.first(), quarters.last()) {
        (Some(first), Some(last)) => {
            let won: usize = quarters.iter().map(|count| count.won).sum();
            let lost: usize = quarters.iter().map(|count| count.lost).sum();
            format!(
                "Stories won and lost per quarter from {} to {}: {won} won and {lost} lost in all. {}.",
                label(first),
                label(last),
                quarters
                    .iter()
                    .map(|count| format!(
                        "{}: {} won, {} lost",
                        label(count),
                        count.won,
                        count.lost
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        }
        _ => "No dated stories yet.".to_string(),
    };
    let rows: Vec<Value> = quarters
        .iter()
        .map(|count| {
            let mut row = Map::new();
            row.insert("label".into(), label(count).into());
            row.insert("won".into(), count.won.into());
            row.insert("lost".into(), count.lost.into());
            row.insert("open".into(), count.open.into());
            Value::from(row)
        })
        .collect();
    let svg = if quarters.is_empty() {
        String::new()
    } else {
        let bars: Vec<Bar> = quarters
            .iter()
            .map(|count| Bar {
                label: label(count),
                segments: vec![("won", count.won), ("lost", count.lost)],
                note: format!("{} won · {} lost", count.won, count.lost),
            })
            .collect();
        grouped_bars(id, title, &description, &bars, "Stories")
    };
    chart(id, title, &description, svg, rows)
}

/// One team's matrix: the people (rows) and skills (columns) it shows.
pub struct Matrix {
    pub team: Option<String>,
    pub reps: Vec<usize>,
    /// Skill names by slug, most named in the team first.
    pub skills: Vec<(String, String)>,
    /// Team members left out of the picture.
    pub more_reps: usize,
    pub more_skills: usize,
}

/// The skills matrix of each team (by team name; people without a team
/// last), from reps' `strengths` and `focus`.
pub fn matrices(site: &Site) -> Vec<Matrix> {
    let mut teams: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    let mut without = Vec::new();
    for &rep in &site.reps {
        match &site.pages[rep].front_matter.team {
            Some(team) if !team.trim().is_empty() => teams
                .entry(slugify(team))
                .or_insert_with(|| (team.trim().to_string(), Vec::new()))
                .1
                .push(rep),
            _ => without.push(rep),
        }
    }
    let mut groups: Vec<(Option<String>, Vec<usize>)> = teams
        .into_values()
        .map(|(name, reps)| (Some(name), reps))
        .collect();
    if !without.is_empty() {
        groups.push((None, without));
    }
    groups
        .into_iter()
        .map(|(team, mut reps)| {
            // Managers first, then by name (site.reps is by name already).
            reps.sort_by_key(|&rep| site.relations[rep].reports.is_empty());
            let mut skills: BTreeMap<String, (String, usize)> = BTreeMap::new();
            for &rep in &reps {
                let front_matter = &site.pages[rep].front_matter;
                for name in front_matter.strengths.iter().chain(&front_matter.focus) {
                    skills
                        .entry(slugify(name))
                        .or_insert_with(|| (name.trim().to_string(), 0))
                        .1 += 1;
                }
            }
            let mut skills: Vec<(String, String, usize)> = skills
                .into_iter()
                .map(|(slug, (name, count))| (slug, name, count))
                .collect();
            skills.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
            let more_skills = skills.len().saturating_sub(MATRIX_SKILLS);
            skills.truncate(MATRIX_SKILLS);
            let more_reps = reps.len().saturating_sub(MATRIX_REPS);
            reps.truncate(MATRIX_REPS);
            Matrix {
                team,
                reps,
                skills: skills
                    .into_iter()
                    .map(|(slug, name, _)| (slug, name))
                    .collect(),
                more_reps,
                more_skills,
            }
        })
        .collect()
}

fn team_matrices(site: &Site, summaries: &[Value]) -> Value {
    Value::from(
        matrices(site)
            .iter()
            .map(|matrix| matrix_chart(site, summaries, matrix))
            .collect::<Vec<_>>(),
    )
}

fn matrix_chart(site: &Site, summaries: &[Value], matrix: &Matrix) -> Value {
    let team_name = matrix.team.as_deref().unwrap_or("No team");
    let slug = matrix
        .team
        .as_deref()
        .map(slugify)
        .unwrap_or_else(|| "no-team".into());
    let id = format!("skills-{slug}");
    let title = format!("Skills matrix: {team_name}");
    let level = |rep: usize, skill: &str| -> &'static str {
        let front_matter = &site.pages[rep].front_matter;
        if front_matter
            .strengths
            .iter()
            .any(|name| slugify(name) == skill)
        {
            "strength"
        } else if front_matter.focus.iter().any(|name| slugify(name) == skill) {
            "focus"
        } else {
            ""
        }
    };
    let strengths: usize = matrix
        .reps
        .iter()
        .map(|&rep| {
            matrix
                .skills
                .iter()
                .filter(|(skill, _)| level(rep, skill) == "strength")
                .count()
        })
        .sum();
    let focus: usize = matrix
        .reps
        .iter()
        .map(|&rep| {
            matrix
                .skills
                .iter()
                .filter(|(skill, _)| level(rep, skill) == "focus")
                .count()
        })
        .sum();
    let mut description = format!(
        "{} of {team_name} against {}: {} (filled circles) and {} (open circles).",
        counted(matrix.reps.len(), "person", "people"),
        counted(matrix.skills.len(), "skill", "skills"),
        counted(strengths, "strength", "strengths"),
        counted(focus, "development goal", "development goals"),
    );
    if matrix.more_reps > 0 || matrix.more_skills > 0 {
        let _ = write!(
            description,
            " Not shown: {} and {}.",
            counted(matrix.more_reps, "more person", "more people"),
            counted(matrix.more_skills, "more skill", "more skills"),
        );
    }
    let rows: Vec<Value> = matrix
        .reps
        .iter()
        .map(|&rep| {
            let mut row = Map::new();
            row.insert("rep".into(), summaries[rep].clone());
            row.insert(
                "levels".into(),
                Value::from(
                    matrix
                        .skills
                        .iter()
                        .map(|(skill, _)| Value::from(level(rep, skill)))
                        .collect::<Vec<_>>(),
                ),
            );
            Value::from(row)
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
        let cells: Vec<Vec<&str>> = matrix
            .reps
            .iter()
            .map(|&rep| {
                matrix
                    .skills
                    .iter()
                    .map(|(skill, _)| level(rep, skill))
                    .collect()
            })
            .collect();
        matrix_svg(&id, &title, &description, &names, &skills, &cells)
    };
    let mut value = chart(&id, &title, &description, svg, rows)
        .as_map()
        .cloned()
        .unwrap_or_default();
    value.insert("team".into(), team_name.into());
    value.insert(
        "url".into(),
        matrix
            .team
            .as_deref()
            .map(|team| Value::from(href(site, &format!("teams/{}/index.html", slugify(team)))))
            .unwrap_or_else(Value::none),
    );
    value.insert(
        "skills".into(),
        Value::from(
            matrix
                .skills
                .iter()
                .map(|(slug, name)| {
                    let mut skill = Map::new();
                    skill.insert("name".into(), name.as_str().into());
                    skill.insert("slug".into(), slug.as_str().into());
                    skill.insert(
                        "url".into(),
                        href(site, &format!("skills/{slug}/index.html")).into(),
                    );
                    Value::from(skill)
                })
                .collect::<Vec<_>>(),
        ),
    );
    value.insert("more_reps".into(), matrix.more_reps.into());
    value.insert("more_skills".into(), matrix.more_skills.into());
    Value::from(value)
}

/// Stories per playbook with their outcomes, most used first.
pub fn playbook_usage(site: &Site) -> Vec<(usize, QuarterCount)> {
    let mut usage: Vec<(usize, QuarterCount)> = site
        .playbooks
        .iter()
        .map(|&playbook| {
            let mut count = QuarterCount::default();
            for &story in &site.relations[playbook].stories {
                match site.pages[story].front_matter.outcome {
                    Some(Outcome::Won) => count.won += 1,
                    Some(Outcome::Lost) => count.lost += 1,
                    _ => count.open += 1,
                }
            }
            (playbook, count)
        })
        .filter(|(_, count)| count.won + count.lost + count.open > 0)
        .collect();
    // Stable: site.playbooks is in a fixed order already.
    usage.sort_by_key(|(_, count)| std::cmp::Reverse(count.won + count.lost + count.open));
    usage
}

fn win_rate(count: &QuarterCount) -> Option<usize> {
    let decided = count.won + count.lost;
    (decided > 0).then(|| (count.won * 100 + decided / 2) / decided)
}

fn playbook_chart(site: &Site, summaries: &[Value]) -> Value {
    let usage = playbook_usage(site);
    let shown = &usage[..usage.len().min(TOP_PLAYBOOKS)];
    let title = "Playbook usage";
    let rate_text = |count: &QuarterCount| match win_rate(count) {
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
                .map(|(playbook, count)| format!(
                    "{}: {}, {}",
                    site.pages[*playbook].title,
                    counted(count.won + count.lost + count.open, "story", "stories"),
                    rate_text(count)
                ))
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    let rows: Vec<Value> = shown
        .iter()
        .map(|(playbook, count)| {
            let mut row = Map::new();
            row.insert("playbook".into(), summaries[*playbook].clone());
            row.insert(
                "stories".into(),
                (count.won + count.lost + count.open).into(),
            );
            row.insert("won".into(), count.won.into());
            row.insert("lost".into(), count.lost.into());
            row.insert("open".into(), count.open.into());
            row.insert(
                "win_rate".into(),
                win_rate(count).map(Value::from).unwrap_or_else(Value::none),
            );
            Value::from(row)
        })
        .collect();
    let svg = if shown.is_empty() {
        String::new()
    } else {
        let bars: Vec<Bar> = shown
            .iter()
            .map(|(playbook, count)| Bar {
                label: site.pages[*playbook].title.clone(),
                segments: vec![
                    ("won", count.won),
                    ("lost", count.lost),
                    ("open", count.open),
                ],
                note: format!(
                    "{} · {}",
                    count.won + count.lost + count.open,
                    rate_text(count)
                ),
            })
            .collect();
        stacked_bars("playbooks", title, &description, &bars, "Stories")
    };
    let mut value = chart("playbooks", title, &description, svg, rows)
        .as_map()
        .cloned()
        .unwrap_or_default();
    value.insert("in_use".into(), usage.len().into());
    value.insert("unused".into(), (site.playbooks.len() - usage.len()).into());
    Value::from(value)
}

fn chart(id: &str, title: &str, description: &str, svg: String, rows: Vec<Value>) -> Value {
    let mut map = Map::new();
    map.insert("id".into(), format!("chart-{id}").into());
    map.insert("title".into(), title.into());
    map.insert("description".into(), description.into());
    map.insert("svg".into(), Value::safe_string(&svg));
    map.insert("rows".into(), Value::from(rows));
    Value::from(map)
}

/// One row of a bar chart.
struct Bar {
    label: String,
    segments: Vec<(&'static str, usize)>,
    note: String,
}

const WIDTH: usize = 400;
const FONT: &str = "font-family=\"system-ui, sans-serif\" font-size=\"13\"";

fn fill(class: &str) -> &'static str {
    match class {
        "won" | "strength" => "#1f7a3a",
        "lost" => "#a4262c",
        "open" => "#8a5a00",
        _ => "#5b6670",
    }
}

fn open_svg(svg: &mut String, id: &str, title: &str, description: &str, height: usize) {
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"chart-{id}\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-labelledby=\"chart-{id}-title chart-{id}-desc\" {FONT}>\
         <title id=\"chart-{id}-title\">{}</title><desc id=\"chart-{id}-desc\">{}</desc>",
        escape(title),
        escape(description)
    );
}

/// The scale's maximum: the largest value rounded up to a readable step.
fn nice_max(max: usize) -> usize {
    let max = max.max(1);
    let step = match max {
        0..=5 => 1,
        6..=10 => 2,
        11..=25 => 5,
        26..=50 => 10,
        51..=100 => 20,
        _ => 10usize.pow((max as f64).log10().floor() as u32),
    };
    max.div_ceil(step) * step
}

/// The x axis under horizontal bars: ticks at 0, half and max, and its label.
fn x_axis(svg: &mut String, left: usize, right: usize, y: usize, max: usize, label: &str) {
    let _ = write!(
        svg,
        "<g class=\"axis\"><line x1=\"{left}\" y1=\"{y}\" x2=\"{right}\" y2=\"{y}\" stroke=\"#5b6670\"/>"
    );
    for tick in [0, max / 2, max] {
        let x = left + (right - left) * tick / max.max(1);
        // A tick label at the chart's edge would be cut in half by it.
        let anchor = if x + 20 > WIDTH {
            "end"
        } else if x < 20 {
            "start"
        } else {
            "middle"
        };
        let _ = write!(
            svg,
            "<line x1=\"{x}\" y1=\"{y}\" x2=\"{x}\" y2=\"{}\" stroke=\"#5b6670\"/><text x=\"{x}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"#5b6670\">{tick}</text>",
            y + 4,
            y + 17
        );
    }
    let _ = write!(
        svg,
        "<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#5b6670\">{}</text></g>",
        (left + right) / 2,
        y + 34,
        escape(label)
    );
}

/// Horizontal bars, one thin bar per segment (won, lost) in each row:
/// labels on the left, so rows stack on a narrow phone screen.
fn grouped_bars(id: &str, title: &str, description: &str, bars: &[Bar], axis: &str) -> String {
    const LEFT: usize = 72;
    const RIGHT: usize = WIDTH - 136;
    const ROW: usize = 30;
    const TOP: usize = 26;
    let max = nice_max(
        bars.iter()
            .flat_map(|bar| bar.segments.iter().map(|(_, value)| *value))
            .max()
            .unwrap_or(0),
    );
    let height = TOP + bars.len() * ROW + 44;
    let mut svg = String::with_capacity(512 + bars.len() * 400);
    open_svg(&mut svg, id, title, description, height);
    legend(&mut svg, &["won", "lost"]);
    for (row, bar) in bars.iter().enumerate() {
        let y = TOP + row * ROW;
        let _ = write!(
            svg,
            "<g class=\"row\"><text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"currentColor\">{}</text>",
            LEFT - 8,
            y + 17,
            escape(&bar.label)
        );
        for (segment, (class, value)) in bar.segments.iter().enumerate() {
            let width = (RIGHT - LEFT) * value / max;
            let _ = write!(
                svg,
                "<rect class=\"{class}\" x=\"{LEFT}\" y=\"{}\" width=\"{width}\" height=\"10\" fill=\"{}\"><title>{}: {value} {class}</title></rect>",
                y + 4 + segment * 12,
                fill(class),
                escape(&bar.label)
            );
        }
        let _ = write!(
            svg,
            "<text class=\"note\" x=\"{}\" y=\"{}\" fill=\"currentColor\">{}</text></g>",
            RIGHT + 6,
            y + 17,
            escape(&bar.note)
        );
    }
    x_axis(&mut svg, LEFT, RIGHT, TOP + bars.len() * ROW + 2, max, axis);
    svg.push_str("</svg>");
    svg
}

/// Horizontal stacked bars with the label above each bar, which leaves the
/// full width for long playbook titles.
fn stacked_bars(id: &str, title: &str, description: &str, bars: &[Bar], axis: &str) -> String {
    const LEFT: usize = 4;
    const RIGHT: usize = WIDTH - 4;
    const ROW: usize = 40;
    const TOP: usize = 26;
    // Characters of label and note that fit the width at the chart's font
    // size, wide letters included: a longer title is cut with `…`.
    const LABEL_CHARS: usize = 52;
    let max = nice_max(
        bars.iter()
            .map(|bar| bar.segments.iter().map(|(_, value)| *value).sum::<usize>())
            .max()
            .unwrap_or(0),
    );
    let height = TOP + bars.len() * ROW + 44;
    let mut svg = String::with_capacity(512 + bars.len() * 500);
    open_svg(&mut svg, id, title, description, height);
    legend(&mut svg, &["won", "lost", "open"]);
    for (row, bar) in bars.iter().enumerate() {
        let y = TOP + row * ROW;
        let _ = write!(
            svg,
            "<g class=\"row\"><text x=\"{LEFT}\" y=\"{}\" fill=\"currentColor\">{} <tspan class=\"note\" fill=\"#5b6670\">{}</tspan></text>",
            y + 13,
            escape(&truncate(
                &bar.label,
                LABEL_CHARS
                    .saturating_sub(bar.note.chars().count() + 1)
                    .max(12)
            )),
            escape(&bar.note)
        );
        let mut x = LEFT;
        for (class, value) in &bar.segments {
            let width = (RIGHT - LEFT) * value / max;
            if width > 0 {
                let _ = write!(
                    svg,
                    "<rect class=\"{class}\" x=\"{x}\" y=\"{}\" width=\"{width}\" height=\"14\" fill=\"{}\"><title>{}: {value} {class}</title></rect>",
                    y + 19,
                    fill(class),
                    escape(&bar.label)
                );
            }
            x += width;
        }
        svg.push_str("</g>");
    }
    x_axis(&mut svg, LEFT, RIGHT, TOP + bars.len() * ROW + 2, max, axis);
    svg.push_str("</svg>");
    svg
}

fn legend(svg: &mut String, classes: &[&str]) {
    svg.push_str("<g class=\"legend\">");
    let mut x = 4;
    for class in classes {
        let _ = write!(
            svg,
            "<rect class=\"{class}\" x=\"{x}\" y=\"4\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"15\" fill=\"currentColor\">{class}</text>",
            fill(class),
            x + 16
        );
        x += 64;
    }
    svg.push_str("</g>");
}

/// People (rows) × skills (columns): a filled circle for a strength, an
/// open one for a development focus. Skill names stand at an angle on top.
fn matrix_svg(
    id: &str,
    title: &str,
    description: &str,
    people: &[String],
    skills: &[&str],
    cells: &[Vec<&str>],
) -> String {
    const LEFT: usize = 150;
    const CELL: usize = 22;
    const TOP: usize = 124;
    // Room on the right for the last skill names, which lean that way.
    let width = LEFT + skills.len() * CELL + 100;
    let height = TOP + people.len() * CELL + 30;
    let mut svg = String::with_capacity(1024 + people.len() * skills.len() * 120);
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-matrix\" id=\"chart-{id}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"chart-{id}-title chart-{id}-desc\" {FONT}>\
         <title id=\"chart-{id}-title\">{}</title><desc id=\"chart-{id}-desc\">{}</desc>",
        escape(title),
        escape(description)
    );
    for (column, skill) in skills.iter().enumerate() {
        let x = LEFT + column * CELL + CELL / 2;
        let _ = write!(
            svg,
            "<text class=\"skill\" transform=\"translate({},{}) rotate(-50)\" fill=\"currentColor\">{}</text>",
            x + 4,
            TOP - 8,
            escape(&truncate(skill, 20))
        );
    }
    for (row, person) in people.iter().enumerate() {
        let y = TOP + row * CELL;
        svg.push_str("<g class=\"row\">");
        if row % 2 == 0 {
            let _ = write!(
                svg,
                "<rect class=\"stripe\" x=\"0\" y=\"{y}\" width=\"{}\" height=\"{CELL}\" fill=\"#5b6670\" fill-opacity=\"0.08\"/>",
                LEFT + skills.len() * CELL
            );
        }
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"currentColor\">{}</text>",
            LEFT - 8,
            y + 16,
            escape(&truncate(person, 20))
        );
        for (column, level) in cells[row].iter().enumerate() {
            let cx = LEFT + column * CELL + CELL / 2;
            let cy = y + CELL / 2;
            match *level {
                "strength" => {
                    let _ = write!(
                        svg,
                        "<circle class=\"strength\" cx=\"{cx}\" cy=\"{cy}\" r=\"7\" fill=\"{}\"><title>{}: strength in {}</title></circle>",
                        fill("strength"),
                        escape(person),
                        escape(skills[column])
                    );
                }
                "focus" => {
                    let _ = write!(
                        svg,
                        "<circle class=\"focus\" cx=\"{cx}\" cy=\"{cy}\" r=\"6\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"><title>{}: developing {}</title></circle>",
                        fill("focus"),
                        escape(person),
                        escape(skills[column])
                    );
                }
                _ => {}
            }
        }
        svg.push_str("</g>");
    }
    // The legend and axis names: people down, skills across.
    let legend_y = TOP + people.len() * CELL + 20;
    let _ = write!(
        svg,
        "<g class=\"legend\"><circle class=\"strength\" cx=\"10\" cy=\"{}\" r=\"6\" fill=\"{}\"/><text x=\"22\" y=\"{legend_y}\" fill=\"currentColor\">strength</text>\
         <circle class=\"focus\" cx=\"100\" cy=\"{}\" r=\"5\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/><text x=\"112\" y=\"{legend_y}\" fill=\"currentColor\">developing</text></g>\
         <text class=\"axis-label\" x=\"4\" y=\"{}\" fill=\"#5b6670\">People ↓ · Skills →</text>",
        legend_y - 5,
        fill("strength"),
        legend_y - 5,
        fill("focus"),
        TOP - 8
    );
    svg.push_str("</svg>");
    svg
}

/// `1 person`, `4 people`: a count with its noun in the right number.
fn counted(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

fn truncate(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        text.to_string()
    } else {
        let cut: String = text.chars().take(limit - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_round_up_to_readable_steps() {
        assert_eq!(nice_max(0), 1);
        assert_eq!(nice_max(3), 3);
        assert_eq!(nice_max(7), 8);
        assert_eq!(nice_max(13), 15);
        assert_eq!(nice_max(87), 100);
        assert_eq!(nice_max(1234), 2000);
    }

    #[test]
    fn escapes_text_for_xml() {
        assert_eq!(escape("R&D <b> \"x\""), "R&amp;D &lt;b&gt; &quot;x&quot;");
    }
}
