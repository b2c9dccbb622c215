//! The front matter of the coaching loop's four kinds (DESIGN.md, "The
//! coaching loop: four more kinds"): observations and plans (private),
//! meetings and roles (published), with their nested lists — a plan's
//! goals, a meeting's agenda, a role's skills — read item by item so a
//! problem points into the item.

use serde::Serialize;

use super::FrontMatter;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::fields::{Fields, Located};

/// What a manager watched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ObservationType {
    Field,
    Call,
    Demo,
    Meeting,
}

impl ObservationType {
    const CHOICES: [(&'static str, ObservationType); 4] = [
        ("field", ObservationType::Field),
        ("call", ObservationType::Call),
        ("demo", ObservationType::Demo),
        ("meeting", ObservationType::Meeting),
    ];

    pub fn name(self) -> &'static str {
        name_of(&Self::CHOICES, self)
    }
}

/// Observe > Learn > Develop: the rep's goal agreed before, the rep's own
/// assessment first, strengths, then one development point.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Observation {
    pub rep: Option<Located<String>>,
    pub observer: Option<Located<String>>,
    pub kind: Option<ObservationType>,
    pub goal: Option<String>,
    pub watch: Option<String>,
    pub self_assessment: Option<String>,
    pub strengths: Vec<String>,
    pub development_point: Option<String>,
    /// Skill → 1–5, in the order written.
    pub ratings: Vec<Rating>,
    pub follow_up: Option<Date>,
    /// Where `follow_up:`'s value stands (line, column), for `check`'s
    /// "past due" warning.
    pub follow_up_at: Option<(usize, usize)>,
    pub follow_up_done: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rating {
    pub skill: String,
    pub score: u8,
}

/// A rep's development plan: the six questions of performance planning
/// and the goals agreed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub rep: Option<Located<String>>,
    /// Default: the rep's manager.
    pub manager: Option<Located<String>>,
    pub period: Option<String>,
    pub reviewed: Option<Date>,
    /// Where `reviewed:`'s value stands (line, column), for `check`'s
    /// "past its review" warning.
    pub reviewed_at: Option<(usize, usize)>,
    /// Days; default [`PLAN_REVIEW_DAYS`].
    pub review_every: Option<i64>,
    pub independence: Option<String>,
    pub manager_needs: Option<String>,
    pub improve: Option<String>,
    pub support: Option<String>,
    pub career: Option<String>,
    pub exposure: Option<String>,
    pub goals: Vec<Goal>,
}

/// How often a plan is reviewed when it does not say.
pub const PLAN_REVIEW_DAYS: i64 = 90;

#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    pub goal: String,
    pub measure: Option<String>,
    pub due: Option<Date>,
    pub status: GoalStatus,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GoalStatus {
    #[default]
    Planned,
    OnTrack,
    AtRisk,
    Done,
    Dropped,
}

impl GoalStatus {
    const CHOICES: [(&'static str, GoalStatus); 5] = [
        ("planned", GoalStatus::Planned),
        ("on-track", GoalStatus::OnTrack),
        ("at-risk", GoalStatus::AtRisk),
        ("done", GoalStatus::Done),
        ("dropped", GoalStatus::Dropped),
    ];

    pub fn name(self) -> &'static str {
        name_of(&Self::CHOICES, self)
    }
}

/// A team meeting: strategy, role play and shared wins, not status.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Meeting {
    pub facilitator: Option<Located<String>>,
    pub attendees: Vec<Located<String>>,
    pub agenda: Vec<AgendaItem>,
    pub decisions: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AgendaItem {
    pub item: String,
    pub minutes: Option<i64>,
    pub kind: AgendaType,
    pub story: Option<Located<String>>,
    pub playbook: Option<Located<String>>,
    pub skill: Option<String>,
    pub reps: Vec<Located<String>>,
    /// Where the item's `-` stands, for `check`'s warnings about it.
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AgendaType {
    Strategy,
    RolePlay,
    Skill,
    Share,
    Recognition,
    #[default]
    Other,
}

impl AgendaType {
    const CHOICES: [(&'static str, AgendaType); 6] = [
        ("strategy", AgendaType::Strategy),
        ("role-play", AgendaType::RolePlay),
        ("skill", AgendaType::Skill),
        ("share", AgendaType::Share),
        ("recognition", AgendaType::Recognition),
        ("other", AgendaType::Other),
    ];

    pub fn name(self) -> &'static str {
        name_of(&Self::CHOICES, self)
    }
}

/// A hiring role: the skills it needs and how each is tested.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoleSpec {
    pub level: Option<String>,
    pub skills: Vec<RequiredSkill>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RequiredSkill {
    pub skill: String,
    pub must: bool,
    pub how_tested: Option<String>,
}

pub const OBSERVATION_KEYS: &[&str] = &[
    "title",
    "rep",
    "observer",
    "date",
    "type",
    "goal",
    "watch",
    "self_assessment",
    "strengths",
    "development_point",
    "ratings",
    "follow_up",
    "follow_up_done",
    "summary",
    "draft",
    "extra",
    "private",
];

pub(super) fn read_observation(fields: &mut Fields, front_matter: &mut FrontMatter) {
    let rep = required_id(fields, "rep", "the id of the rep you observed");
    let observer = required_id(fields, "observer", "your own rep id");
    if !fields.has("date") {
        fields.missing("date", "the day of the observation, like 2026-03-14");
    }
    front_matter.date = fields.date("date");
    let follow_up = fields.located_date("follow_up");
    let observation = Observation {
        kind: choice(fields, "type", &ObservationType::CHOICES),
        goal: fields.string("goal"),
        watch: fields.string("watch"),
        self_assessment: fields.string("self_assessment"),
        strengths: fields.plain_list("strengths"),
        development_point: fields.string("development_point"),
        ratings: read_ratings(fields),
        follow_up: follow_up.as_ref().map(|located| located.value),
        follow_up_at: follow_up.map(|located| (located.line, located.column)),
        follow_up_done: fields.bool("follow_up_done").unwrap_or(false),
        rep,
        observer,
    };
    front_matter.title = fields.string("title").or_else(|| {
        let rep = observation.rep.as_ref()?;
        let when = front_matter.date.map(|date| format!(", {date}"));
        Some(format!(
            "Observation of {}{}",
            rep.value,
            when.unwrap_or_default()
        ))
    });
    front_matter.observation = Some(Box::new(observation));
}

pub const PLAN_KEYS: &[&str] = &[
    "title",
    "rep",
    "manager",
    "period",
    "reviewed",
    "review_every",
    "independence",
    "manager_needs",
    "improve",
    "support",
    "career",
    "exposure",
    "goals",
    "summary",
    "draft",
    "extra",
    "private",
];

pub(super) fn read_plan(fields: &mut Fields, front_matter: &mut FrontMatter) {
    let rep = required_id(fields, "rep", "the id of the rep whose plan this is");
    let period = fields.required_string("period", "the plan's period, like `2026 H1`");
    if !fields.has("reviewed") {
        fields.missing("reviewed", "the day you last reviewed it with the rep");
    }
    let reviewed = fields.located_date("reviewed");
    let plan = Plan {
        manager: fields.located_string("manager"),
        reviewed: reviewed.as_ref().map(|located| located.value),
        reviewed_at: reviewed.map(|located| (located.line, located.column)),
        review_every: super::read_review_every(fields),
        independence: fields.string("independence"),
        manager_needs: fields.string("manager_needs"),
        improve: fields.string("improve"),
        support: fields.string("support"),
        career: fields.string("career"),
        exposure: fields.string("exposure"),
        goals: read_goals(fields),
        rep,
        period,
    };
    front_matter.title = fields.string("title").or_else(|| {
        let rep = plan.rep.as_ref()?;
        let period = plan.period.as_deref().map(|period| format!(", {period}"));
        Some(format!(
            "Development plan of {}{}",
            rep.value,
            period.unwrap_or_default()
        ))
    });
    front_matter.plan = Some(Box::new(plan));
}

pub const MEETING_KEYS: &[&str] = &[
    "title",
    "date",
    "team",
    "facilitator",
    "attendees",
    "agenda",
    "decisions",
    "summary",
    "tags",
    "draft",
    "extra",
    "private",
];

pub(super) fn read_meeting(fields: &mut Fields, front_matter: &mut FrontMatter) {
    front_matter.title = fields.required_string("title", "the meeting's name");
    if !fields.has("date") {
        fields.missing("date", "the day of the meeting, like 2026-03-14");
    }
    front_matter.date = fields.date("date");
    front_matter.team = fields.string("team");
    front_matter.tags = fields.term_list("tags");
    let meeting = Meeting {
        facilitator: fields.located_string("facilitator"),
        attendees: fields.list("attendees"),
        agenda: read_agenda(fields),
        decisions: fields.plain_list("decisions"),
    };
    front_matter.meeting = Some(Box::new(meeting));
}

pub const ROLE_KEYS: &[&str] = &[
    "title", "team", "level", "owner", "summary", "skills", "draft", "extra", "private",
];

pub(super) fn read_role(fields: &mut Fields, front_matter: &mut FrontMatter) {
    front_matter.title = fields.required_string("title", "the role's name");
    front_matter.team = fields.string("team");
    front_matter.owner = fields.located_string("owner");
    let mut skills = Vec::new();
    let mut records = fields.records("skills");
    for record in &mut records {
        // Every key is read before the skill is judged, so an item without
        // a skill gets one error, not also "unknown key" for its others.
        let skill = record.required_string("skill", "the skill's name");
        let must = record.bool("must").unwrap_or(false);
        let how_tested = record.string("how_tested");
        if let Some(skill) = skill {
            skills.push(RequiredSkill {
                skill,
                must,
                how_tested,
            });
        }
    }
    finish_records(
        fields,
        records,
        &["skill", "must", "how_tested"],
        "role skill",
    );
    front_matter.skills = skills.iter().map(|skill| skill.skill.clone()).collect();
    front_matter.role_spec = Some(Box::new(RoleSpec {
        level: fields.string("level"),
        skills,
    }));
}

fn read_goals(fields: &mut Fields) -> Vec<Goal> {
    let mut goals = Vec::new();
    let mut records = fields.records("goals");
    for record in &mut records {
        let goal = record.required_string("goal", "what the rep will achieve");
        let measure = record.string("measure");
        let due = record.date("due");
        let status = choice(record, "status", &GoalStatus::CHOICES).unwrap_or_default();
        if let Some(goal) = goal {
            goals.push(Goal {
                goal,
                measure,
                due,
                status,
            });
        }
    }
    finish_records(
        fields,
        records,
        &["goal", "measure", "due", "status"],
        "goal",
    );
    goals
}

fn read_agenda(fields: &mut Fields) -> Vec<AgendaItem> {
    let mut agenda = Vec::new();
    let mut records = fields.records("agenda");
    for record in &mut records {
        let item = record.required_string("item", "what the time is for");
        let minutes = record.integer("minutes").filter(|&minutes| {
            let fine = (0..=600).contains(&minutes);
            if !fine {
                let (line, column) = record.source.key_position("minutes");
                let diagnostic = record
                    .source
                    .error(
                        format!("`minutes` must be from 0 to 600, not {minutes}"),
                        line,
                        column,
                    )
                    .with_help("give the item's time box in minutes, like `minutes: 15`");
                record.diagnostics.push(diagnostic);
            }
            fine
        });
        let kind = choice(record, "type", &AgendaType::CHOICES).unwrap_or_default();
        let story = record.located_string("story");
        let playbook = record.located_string("playbook");
        let skill = record.string("skill");
        let reps = record.list("reps");
        let (line, column) = record.source.key_position("");
        if let Some(item) = item {
            agenda.push(AgendaItem {
                item,
                minutes,
                kind,
                story,
                playbook,
                skill,
                reps,
                line,
                column,
            });
        }
    }
    finish_records(
        fields,
        records,
        &[
            "item", "minutes", "type", "story", "playbook", "skill", "reps",
        ],
        "agenda item",
    );
    agenda
}

fn finish_records(fields: &mut Fields, records: Vec<Fields>, known: &[&str], what: &str) {
    for record in records {
        fields.diagnostics.extend(record.finish(known, what));
    }
}

/// A rep id the kind cannot do without.
fn required_id(fields: &mut Fields, key: &str, what: &str) -> Option<Located<String>> {
    let found = fields.located_string(key);
    if found.is_none() {
        fields.missing(key, what);
    }
    found
}

/// `ratings:` with `skill: 1..5` lines.
fn read_ratings(fields: &mut Fields) -> Vec<Rating> {
    let Some(serde_json::Value::Object(map)) = fields.mapping("ratings") else {
        return Vec::new();
    };
    let mut ratings = Vec::with_capacity(map.len());
    for (skill, value) in map {
        let score = value
            .as_i64()
            .or_else(|| value.as_str().and_then(|text| text.trim().parse().ok()));
        match score {
            Some(score @ 1..=5) => ratings.push(Rating {
                skill,
                score: score as u8,
            }),
            _ => {
                let (line, column) = fields.source.value_position("ratings", &skill);
                let diagnostic = fields
                    .source
                    .diagnostic(
                        Diagnostic::error(format!(
                            "the rating of `{skill}` must be a whole number from 1 to 5"
                        )),
                        line,
                        column,
                        skill.chars().count(),
                    )
                    .with_help("1 is just starting, 3 is solid, 5 could teach it");
                fields.diagnostics.push(diagnostic);
            }
        }
    }
    ratings
}

/// The word a value is written as: every value has one in its table.
fn name_of<T: PartialEq>(choices: &[(&'static str, T)], value: T) -> &'static str {
    choices
        .iter()
        .find(|(_, known)| *known == value)
        .map_or("", |(name, _)| name)
}

/// One of a fixed set of words, with "did you mean" for a near miss.
fn choice<T: Copy>(fields: &mut Fields, key: &str, choices: &[(&'static str, T)]) -> Option<T> {
    let located = fields.located_string(key)?;
    let written = located
        .value
        .trim()
        .to_ascii_lowercase()
        .replace([' ', '_'], "-");
    if let Some((_, value)) = choices.iter().find(|(name, _)| *name == written) {
        return Some(*value);
    }
    let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
    let listed = names
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let help = match did_you_mean(&written, names.iter().copied()) {
        Some(suggestion) => format!("did you mean `{suggestion}`?"),
        None => format!("one of {listed}"),
    };
    let diagnostic = fields
        .source
        .diagnostic(
            Diagnostic::error(format!(
                "`{key}` must be one of {listed}, not `{}`",
                located.value
            )),
            located.line,
            located.column,
            located.value.chars().count(),
        )
        .with_help(help);
    fields.diagnostics.push(diagnostic);
    None
}
