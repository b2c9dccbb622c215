//! The numbers the insight charts draw, counted from the site model: wins
//! and losses per quarter, each team's skills matrix, playbook usage.

use std::collections::BTreeMap;

use crate::site::{Site, slugify};

use super::super::tally::Tally;

/// Quarters the wins-and-losses charts show, newest last.
pub const QUARTERS: usize = 12;
/// People per team in the skills matrix (managers first, then by name).
pub const MATRIX_REPS: usize = 25;
/// Skills per team in the matrix, the most named first.
pub const MATRIX_SKILLS: usize = 14;

/// The stories of one quarter.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct QuarterCount {
    pub year: i32,
    pub quarter: u32,
    pub tally: Tally,
}

impl QuarterCount {
    /// `2026 Q3`.
    pub fn label(&self) -> String {
        format!("{} Q{}", self.year, self.quarter)
    }
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
        counts
            .entry((year, quarter))
            .or_insert(QuarterCount {
                year,
                quarter,
                ..QuarterCount::default()
            })
            .tally
            .add(page.front_matter.outcome);
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

/// How a rep stands in a skill (by slug): `strength`, `focus` or `""`, the
/// words the matrix's rows and CSS classes use.
pub fn level(site: &Site, rep: usize, skill: &str) -> &'static str {
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
}

/// Stories per playbook with their outcomes, most used first; unused ones left out.
pub fn playbook_usage(site: &Site) -> Vec<(usize, Tally)> {
    let mut usage: Vec<(usize, Tally)> = site
        .playbooks
        .iter()
        .map(|&playbook| (playbook, Tally::of(site, &site.relations[playbook].stories)))
        .filter(|(_, tally)| tally.total() > 0)
        .collect();
    // Stable: site.playbooks is in a fixed order already.
    usage.sort_by_key(|(_, tally)| std::cmp::Reverse(tally.total()));
    usage
}
