//! The numbers the insight charts draw, counted from the site model: wins
//! and losses per quarter, each team's skills matrix, playbook usage, the
//! reasons behind wins and losses, results against each competitor, the
//! skills hiring roles must have against the reps strong in them, and each
//! manager's observations (private builds only).

use std::collections::BTreeMap;

use crate::content::Outcome;
use crate::date::Date;
use crate::kinds::Taxonomy;
use crate::site::{Site, Term, coaching, slugify};

use super::super::tally::Tally;

/// Quarters the wins-and-losses charts show, newest last.
pub const QUARTERS: usize = 12;
/// People per team in the skills matrix (managers first, then by name).
pub const MATRIX_REPS: usize = 25;
/// Skills per team in the matrix, the most named first.
pub const MATRIX_SKILLS: usize = 14;
/// A win rate resting on fewer decided stories than this carries a note:
/// one or two deals say little.
pub const FEW_DECIDED: usize = 3;

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

/// The terms of one taxonomy (none when no page names one).
fn terms(site: &Site, taxonomy: Taxonomy) -> &[Term] {
    (site.taxonomies.iter())
        .find(|terms| terms.taxonomy == taxonomy)
        .map(|terms| terms.terms.as_slice())
        .unwrap_or_default()
}

/// How often one reason was given in the stories of one outcome.
pub struct ReasonCount<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub stories: usize,
}

/// The stories with `outcome`, and each reason given in them, most given
/// first (then by name). A story counts once per reason it gives.
pub fn reasons(site: &Site, outcome: Outcome) -> (usize, Vec<ReasonCount<'_>>) {
    let with_outcome = |stories: &[usize]| {
        (stories.iter())
            .filter(|&&story| site.pages[story].front_matter.outcome == Some(outcome))
            .count()
    };
    let mut counts: Vec<ReasonCount> = terms(site, Taxonomy::Reasons)
        .iter()
        .map(|term| ReasonCount {
            name: &term.name,
            slug: &term.slug,
            stories: with_outcome(&term.stories),
        })
        .filter(|count| count.stories > 0)
        .collect();
    // Stable, and the terms come sorted by name.
    counts.sort_by_key(|count| std::cmp::Reverse(count.stories));
    (with_outcome(&site.stories), counts)
}

/// The stories against one competitor and its battlecards.
pub struct CompetitorCount<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub tally: Tally,
    /// Playbooks naming the competitor.
    pub battlecards: &'a [usize],
}

/// Results against each competitor named in a story, most met first.
pub fn competitor_results(site: &Site) -> Vec<CompetitorCount<'_>> {
    let mut results: Vec<CompetitorCount> = terms(site, Taxonomy::Competitors)
        .iter()
        .filter(|term| !term.stories.is_empty())
        .map(|term| CompetitorCount {
            name: &term.name,
            slug: &term.slug,
            tally: Tally::of(site, &term.stories),
            battlecards: &term.playbooks,
        })
        .collect();
    results.sort_by_key(|count| std::cmp::Reverse(count.tally.total()));
    results
}

/// One skill that a hiring role must have, and the bench for it.
pub struct Coverage<'a> {
    pub name: String,
    pub slug: String,
    /// The roles that must have it, by title.
    pub roles: Vec<usize>,
    /// Reps strong in it, by name.
    pub strong: &'a [usize],
    /// Reps developing it who are not strong in it yet.
    pub developing: Vec<usize>,
}

/// Every must-have skill of a published role, the thinnest bench first
/// (then by name): where hiring or coaching has to fill a gap.
pub fn skill_coverage(site: &Site) -> Vec<Coverage<'_>> {
    let skills = terms(site, Taxonomy::Skills);
    let mut coverage: Vec<Coverage> = Vec::new();
    for &role in &site.roles {
        let Some(spec) = site.pages[role].front_matter.role_spec.as_deref() else {
            continue;
        };
        for required in spec.skills.iter().filter(|required| required.must) {
            let slug = slugify(&required.skill);
            match coverage.iter_mut().find(|known| known.slug == slug) {
                Some(known) => {
                    if !known.roles.contains(&role) {
                        known.roles.push(role);
                    }
                }
                None => {
                    let term = skills.iter().find(|term| term.slug == slug);
                    let strong = term.map(|term| term.reps.as_slice()).unwrap_or_default();
                    let developing = (term.map(|term| term.developing.as_slice()))
                        .unwrap_or_default()
                        .iter()
                        .copied()
                        .filter(|rep| !strong.contains(rep))
                        .collect();
                    coverage.push(Coverage {
                        // The skill as the wiki first names it, as its page does.
                        name: term.map_or_else(
                            || required.skill.trim().to_string(),
                            |term| term.name.clone(),
                        ),
                        slug,
                        roles: vec![role],
                        strong,
                        developing,
                    });
                }
            }
        }
    }
    coverage.sort_by(|a, b| {
        (a.strong.len().cmp(&b.strong.len()))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    coverage
}

/// One manager's time with their reps over the last [`coaching::MONTHS`].
pub struct FieldTime {
    pub manager: usize,
    pub reports: usize,
    pub observations: usize,
    /// Observations in the window that keep every report within the interval.
    pub target: f64,
    pub last: Option<Date>,
}

/// Observations per manager (a rep with direct reports, or anyone who
/// observed a colleague) in the last [`coaching::MONTHS`] calendar months,
/// managers by name, then other observers. Private builds only: empty in
/// a published one.
pub fn field_time(site: &Site) -> Vec<FieldTime> {
    if !site.private {
        return Vec::new();
    }
    let mut people: Vec<usize> = coaching::managers(site)
        .iter()
        .map(|found| found.manager)
        .collect();
    for &rep in &site.reps {
        if !site.relations[rep].observed.is_empty() && !people.contains(&rep) {
            people.push(rep);
        }
    }
    people
        .into_iter()
        .map(|manager| {
            let reports = site.relations[manager].reports.len();
            let observations = coaching::observations_by_month(site, manager, coaching::MONTHS)
                .iter()
                .map(|(_, count)| count)
                .sum();
            FieldTime {
                manager,
                reports,
                observations,
                target: (coaching::target_per_month(site, reports)
                    * coaching::MONTHS as f64
                    * 10.0)
                    .round()
                    / 10.0,
                last: (site.relations[manager].observed.iter())
                    .filter_map(|&observation| site.pages[observation].date())
                    .max(),
            }
        })
        .collect()
}
