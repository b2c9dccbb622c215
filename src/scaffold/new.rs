//! `huddle new`: a page of a kind with every key written out, each with a
//! short comment (AUTHORS-GUIDE.md says more), marked as a draft so that
//! the fields left empty do not stop anyone's build.
//!
//! The coaching loop's pages carry the prompts of their practice: an
//! observation the Observe > Learn > Develop steps, a plan the six
//! questions of performance planning, a meeting an agenda that leaves no
//! time for status. An observation or a plan is about a rep, so it is
//! named by the rep's id, which must exist.

use std::path::{Path, PathBuf};

use super::{ScaffoldError, write_new};
use crate::config::CONFIG_FILE;
use crate::content::{Kind, Role, SourceFile, parse_front_matter};
use crate::date::Date;
use crate::diagnostic::did_you_mean;
use crate::site::slugify;

/// Days from an observation to its follow-up: soon enough that the
/// development point is still fresh, late enough to have practised it.
const FOLLOW_UP_DAYS: i64 = 14;

/// Creates a page of `kind` under `content/`, dated `today`: for a story,
/// playbook, rep, meeting or role `name` is its title; for an observation
/// or a plan, the id (or the name) of the rep it is about.
pub fn new_page(
    root: &Path,
    kind: Kind,
    name: &str,
    today: Date,
) -> Result<PathBuf, ScaffoldError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ScaffoldError::EmptyTitle);
    }
    if !name.chars().any(char::is_alphanumeric) {
        return Err(ScaffoldError::NoWordInTitle {
            title: name.to_string(),
            kind,
        });
    }
    if !root.join(CONFIG_FILE).is_file() {
        return Err(ScaffoldError::NotInASite(root.to_path_buf()));
    }
    let folder = root.join("content").join(kind.folder());
    let (stem, text) = match kind {
        Kind::Observation | Kind::Plan => {
            let rep = find_rep(root, name, kind)?;
            let stem = match kind {
                Kind::Observation => format!("{today}-{}", slugify(&rep.id)),
                _ => format!("{}-{}", slugify(&rep.id), slugify(&half_year(today))),
            };
            (stem, loop_text(kind, &rep, today))
        }
        Kind::Meeting => (
            format!("{today}-{}", file_stem(&slugify(name))),
            page_text(kind, &yaml_string(name), today),
        ),
        Kind::Story | Kind::Playbook | Kind::Rep | Kind::Role | Kind::Page => (
            file_stem(&slugify(name)),
            page_text(kind, &yaml_string(name), today),
        ),
    };
    // Two observations of one rep on one day (a morning call, an afternoon
    // demo) each get a file; any other name is refused if taken.
    let mut path = folder.join(format!("{stem}.md"));
    if kind == Kind::Observation {
        let mut number = 2;
        while path.exists() {
            path = folder.join(format!("{stem}-{number}.md"));
            number += 1;
        }
    }
    write_new(&path, &text)?;
    Ok(path)
}

/// A rep a new observation or plan is about.
struct Rep {
    id: String,
    name: String,
    /// Their manager's id, as the rep's page gives it.
    manager: Option<String>,
}

/// The rep `wanted` names: an id (`sam-lee`), or a name (`Sam Lee`).
fn find_rep(root: &Path, wanted: &str, kind: Kind) -> Result<Rep, ScaffoldError> {
    let reps = read_reps(&root.join("content"));
    let slug = slugify(wanted);
    let found = (reps.iter())
        .find(|rep| rep.id == wanted)
        .or_else(|| {
            reps.iter()
                .find(|rep| rep.name.eq_ignore_ascii_case(wanted))
        })
        .or_else(|| reps.iter().find(|rep| rep.id == slug));
    match found {
        Some(rep) => Ok(Rep {
            id: rep.id.clone(),
            name: rep.name.clone(),
            manager: rep.manager.clone(),
        }),
        None => Err(ScaffoldError::UnknownRep {
            rep: wanted.to_string(),
            kind,
            suggestion: did_you_mean(wanted, reps.iter().map(|rep| rep.id.as_str()))
                .or_else(|| did_you_mean(&slug, reps.iter().map(|rep| rep.id.as_str())))
                .map(str::to_string),
            known: reps.iter().map(|rep| rep.id.clone()).collect(),
        }),
    }
}

/// The reps under `content/reps/`, read for their name and manager. A file
/// that cannot be read is no rep here; the build reports it.
fn read_reps(content: &Path) -> Vec<Rep> {
    let mut files = Vec::new();
    collect_markdown(content, &content.join(Kind::Rep.folder()), &mut files);
    files
        .into_iter()
        .filter_map(|(relative, absolute)| {
            let text = std::fs::read_to_string(&absolute).ok()?;
            let file = SourceFile::new(&relative, absolute, text, false);
            if file.kind != Kind::Rep || file.role != Role::Page {
                return None;
            }
            let (front_matter, _, _) = parse_front_matter(&file);
            Some(Rep {
                name: front_matter.title.unwrap_or_else(|| file.id.clone()),
                manager: front_matter.manager.map(|manager| manager.value),
                id: file.id,
            })
        })
        .collect()
}

/// Markdown files under `folder`, as (path under `content/`, path on disk),
/// skipping what the build skips (editor backups, hidden files).
fn collect_markdown(content: &Path, folder: &Path, files: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        if crate::content::is_ignored_name(&entry.file_name()) {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            collect_markdown(content, &path, files);
        } else if path.extension().is_some_and(|extension| extension == "md")
            && let Ok(relative) = path.strip_prefix(content)
        {
            let relative = relative.to_string_lossy().replace('\\', "/");
            files.push((relative, path));
        }
    }
}

/// `2026 H2`: the half year of `today`, a plan's usual period.
fn half_year(today: Date) -> String {
    format!("{} H{}", today.year, if today.month <= 6 { 1 } else { 2 })
}

/// The last day of `today`'s half year, when a plan's goals fall due.
fn end_of_half(today: Date) -> Date {
    let (month, day) = if today.month <= 6 { (6, 30) } else { (12, 31) };
    Date {
        year: today.year,
        month,
        day,
    }
}

/// One line of a new page's front matter.
enum Line {
    /// `key: value  # comment`, the comments of a block lined up.
    Field(&'static str, String, &'static str),
    /// `# comment` on its own line: the practice's step the keys below serve.
    Note(String),
    /// Written as it is: the items of a nested list.
    Raw(String),
}

fn field(key: &'static str, value: impl Into<String>, comment: &'static str) -> Line {
    Line::Field(key, value.into(), comment)
}

fn note(text: impl Into<String>) -> Line {
    Line::Note(text.into())
}

/// The text of a new observation or plan about `rep`.
fn loop_text(kind: Kind, rep: &Rep, today: Date) -> String {
    let rep_comment = "the rep's id: a file name in content/reps/, without .md";
    let lines = match kind {
        Kind::Observation => {
            let observer = match &rep.manager {
                Some(manager) => field(
                    "observer",
                    manager.as_str(),
                    "your rep id; here the rep's manager",
                ),
                None => field("observer", "", "your own rep id (the rep names no manager)"),
            };
            let title = yaml_string(&format!("Observation of {}, {today}", rep.name));
            vec![
                field(
                    "title",
                    title,
                    "what you watched, like: Sam at Acme, first meeting",
                ),
                field("rep", rep.id.as_str(), rep_comment),
                observer,
                field(
                    "date",
                    today.to_string(),
                    "the day of the call or visit, YYYY-MM-DD",
                ),
                field(
                    "draft",
                    "true",
                    "remove this line when written up (private either way)",
                ),
                field("type", "field", "field, call, demo or meeting"),
                note("Observe: agree these with the rep before the call"),
                field(
                    "goal",
                    "",
                    "what the rep wants from the call, in their words",
                ),
                field(
                    "watch",
                    "",
                    "the one skill or behaviour you watch, like discovery",
                ),
                note("Learn: after the call the rep speaks first"),
                field(
                    "self_assessment",
                    "",
                    "how the rep thinks it went, before you say a word",
                ),
                field(
                    "strengths",
                    "[]",
                    "what went well, one item each; say these first",
                ),
                note("Develop: one point, developmental, not judgmental"),
                field("development_point", "", "the one thing to work on next"),
                field(
                    "ratings",
                    "{}",
                    "skill: 1 to 5 for what you watched, like {discovery: 3}",
                ),
                field(
                    "follow_up",
                    today.add_days(FOLLOW_UP_DAYS).to_string(),
                    "when you check the point together",
                ),
                field("follow_up_done", "false", "true once you have"),
            ]
        }
        _ => {
            let manager = match &rep.manager {
                Some(manager) => format!("{} (the rep's manager)", manager),
                None => "none named on the rep's page".to_string(),
            };
            let period = half_year(today);
            let title = yaml_string(&format!("{}: development plan, {period}", rep.name));
            let mut lines = vec![
                field(
                    "title",
                    title,
                    "shown on the rep's page and the coaching page",
                ),
                field("rep", rep.id.as_str(), rep_comment),
                field(
                    "period",
                    yaml_string(&period),
                    "what the plan covers, like 2026 H2",
                ),
                field(
                    "reviewed",
                    today.to_string(),
                    "the day you last went through it with the rep",
                ),
                field("review_every", "90", "days until the next review"),
                field(
                    "draft",
                    "true",
                    "remove this line when agreed (private either way)",
                ),
                note("The six questions, answered with the rep"),
                field("independence", "", "where they can operate on their own"),
                field(
                    "manager_needs",
                    "",
                    "what you need from them, and how often",
                ),
                field("improve", "", "how they can get better"),
                field("support", "", "what you will do to help"),
                field("career", "", "what a career here looks like for them"),
                field(
                    "exposure",
                    "",
                    "how they get positive exposure to leadership",
                ),
                note("Goals: status is planned, on-track, at-risk, done or dropped"),
                field(
                    "goals",
                    "",
                    "one item per goal, each with what shows it is met",
                ),
            ];
            lines.push(Line::Raw(format!(
                "  - goal:\n    measure:\n    due: {}\n    status: planned",
                end_of_half(today)
            )));
            // `manager:` is left out: it defaults to the rep's manager.
            lines.push(note(format!(
                "manager: {manager}; add `manager:` only to name another"
            )));
            lines
        }
    };
    let body = match kind {
        Kind::Observation => "## What I saw\n\n## Agreed next step\n",
        _ => "## Notes from the review\n",
    };
    render(&lines, body)
}

/// A new page's text for a kind named by its title.
fn page_text(kind: Kind, quoted_title: &str, today: Date) -> String {
    let today = today.to_string();
    let title = || field("title", quoted_title, "");
    let lines: Vec<Line> = match kind {
        Kind::Story => vec![
            field("title", quoted_title, "what happened, in a few words"),
            field("draft", "true", "remove this line to publish"),
            field(
                "rep",
                "",
                "id of the rep: a file name in content/reps/, without .md",
            ),
            field("date", today.as_str(), "when it happened, YYYY-MM-DD"),
            field("outcome", "open", "won, lost or open"),
            field("customer", "", "the account's name"),
            field("industry", "", "the customer's industry"),
            field("value", "", "deal size as text, like 120k EUR ARR"),
            field("competitor", "", "who we were up against"),
            field(
                "playbooks",
                "[]",
                "ids of playbooks used, like [discovery-call]",
            ),
            field("skills", "[]", "skills it shows, like [discovery]"),
            field("tags", "[]", "free labels"),
            field("summary", "", "one sentence for lists and search"),
            field(
                "actions",
                "[]",
                "what we did, one item each (quote an item with a colon)",
            ),
            field("results", "[]", "what came of it, one item each"),
            field(
                "reasons",
                "[]",
                "every reason the customer gave, not just the first",
            ),
            field("lesson", "", "what the team should repeat or avoid"),
        ],
        Kind::Playbook => vec![
            field("title", quoted_title, "the playbook's name"),
            field("draft", "true", "remove this line to publish"),
            field("summary", "", "one sentence for lists and search"),
            field("owner", "", "id of the rep who keeps it current"),
            field("stage", "", "sales stage, like discovery or negotiation"),
            field("tags", "[]", "free labels"),
            field("skills", "[]", "skills it builds, like [discovery]"),
            field(
                "competitor",
                "",
                "for a battlecard: the competitor it is about",
            ),
            field(
                "updated",
                today.as_str(),
                "day of the last review, YYYY-MM-DD",
            ),
            field("review_every", "90", "days between reviews"),
        ],
        Kind::Rep => vec![
            field("name", quoted_title, "full name"),
            field("draft", "true", "remove this line to publish"),
            field("role", "", "job title"),
            field("team", "", "team name"),
            field("region", "", "territory"),
            field(
                "manager",
                "",
                "id of their manager: a file name in content/reps/",
            ),
            field("email", "", "work address"),
            field("joined", today.as_str(), "start date, YYYY-MM-DD"),
            field(
                "strengths",
                "[]",
                "skills to ask them about, like [discovery]",
            ),
            field("focus", "[]", "skills they are developing"),
            field("private", "{}", "notes shown only in a --private build"),
        ],
        Kind::Meeting => {
            let mut lines = vec![
                field("title", quoted_title, "the meeting's name"),
                field("date", today.as_str(), "the day it meets, YYYY-MM-DD"),
                field("draft", "true", "remove this line to publish"),
                field("team", "", "the team that meets, like Mid-Market"),
                field("facilitator", "", "id of who runs it"),
                field("attendees", "[]", "rep ids, like [sam-lee, priya-nair]"),
                field("summary", "", "one sentence for lists and search"),
                note("Time for what only a meeting can do; status goes to e-mail"),
                field(
                    "agenda",
                    "",
                    "each item time-boxed in minutes; story, playbook, skill, reps optional",
                ),
            ];
            for (item, kind, minutes, link) in AGENDA {
                let link = link.map_or(String::new(), |key| format!("\n    {key}:"));
                lines.push(Line::Raw(format!(
                    "  - item: \"{item}\"\n    type: {kind}\n    minutes: {minutes}{link}"
                )));
            }
            lines.push(field("decisions", "[]", "what was agreed, one item each"));
            lines
        }
        Kind::Role => vec![
            field("title", quoted_title, "the role's name"),
            field("draft", "true", "remove this line to publish"),
            field("team", "", "the team it joins"),
            field("level", "", "like Associate, Senior"),
            field("owner", "", "id of the hiring manager"),
            field("summary", "", "one sentence: why the role exists"),
            note("Hire for defined skills, and test each in the interview"),
            field(
                "skills",
                "",
                "must: true for a must-have; how_tested: the exercise or question",
            ),
            Line::Raw("  - skill:\n    must: true\n    how_tested:".to_string()),
            Line::Raw("  - skill:\n    must: false\n    how_tested:".to_string()),
        ],
        Kind::Observation | Kind::Plan | Kind::Page => vec![
            title(),
            field("draft", "true", "remove this line to publish"),
        ],
    };
    let body = match kind {
        Kind::Story => "## Situation\n\n## What we did\n\n## Result\n\n## Lesson\n",
        Kind::Playbook => {
            "## When to run it\n\n## Steps\n\n## What to say\n\n## Objections\n\n## Red flags\n"
        }
        Kind::Rep => "## About\n\n## Ask me about\n",
        Kind::Meeting => "## Notes\n",
        Kind::Role => {
            "## The role\n\n## What good looks like after six months\n\n## Interview loop\n"
        }
        Kind::Observation | Kind::Plan | Kind::Page => "",
    };
    render(&lines, body)
}

/// A meeting's agenda skeleton: item, type, minutes, and the key that
/// links what the item is about.
const AGENDA: &[(&str, &str, u32, Option<&str>)] = &[
    (
        "Strategy: one live deal, its next step",
        "strategy",
        15,
        Some("story"),
    ),
    (
        "Role play: the hardest call of the week",
        "role-play",
        15,
        Some("playbook"),
    ),
    (
        "Skill: practise one, with a model answer",
        "skill",
        10,
        Some("skill"),
    ),
    (
        "Share: a win, with the actions that won it",
        "share",
        10,
        Some("story"),
    ),
    ("Recognition", "recognition", 5, None),
];

/// Front matter from lines, then the body.
fn render(lines: &[Line], body: &str) -> String {
    let width = (lines.iter())
        .filter_map(|line| match line {
            Line::Field(key, value, _) => Some(key.len() + value.len() + 2),
            Line::Note(_) | Line::Raw(_) => None,
        })
        .max()
        .unwrap_or(0);
    let mut text = String::from("---\n");
    for line in lines {
        match line {
            Line::Field(key, value, comment) => {
                let written = if value.is_empty() {
                    format!("{key}:")
                } else {
                    format!("{key}: {value}")
                };
                if comment.is_empty() {
                    text.push_str(&written);
                    text.push('\n');
                } else {
                    text.push_str(&format!("{written:<width$}  # {comment}\n"));
                }
            }
            Line::Note(note) => text.push_str(&format!("# {note}\n")),
            Line::Raw(raw) => {
                text.push_str(raw);
                text.push('\n');
            }
        }
    }
    text.push_str("---\n\n");
    text.push_str(body);
    text
}

/// Past this many bytes a slug is cut at a word: file systems refuse names
/// longer than 255 bytes, and a long title makes an unwieldy URL anyway.
const MAX_STEM: usize = 80;

fn file_stem(slug: &str) -> String {
    if slug.len() <= MAX_STEM {
        return slug.to_string();
    }
    let mut end = MAX_STEM;
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &slug[..end];
    match cut.rfind('-') {
        Some(dash) if dash > 0 => cut[..dash].to_string(),
        _ => cut.to_string(),
    }
}

/// A YAML scalar for a title: quoted when YAML would read it otherwise.
fn yaml_string(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_alphanumeric() || " -_.,()&/'".contains(c))
        && !text.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '\'');
    if plain {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_titles_yaml_would_misread() {
        assert_eq!(yaml_string("Acme renewal"), "Acme renewal");
        assert_eq!(
            yaml_string("Discovery: the first call"),
            "\"Discovery: the first call\""
        );
        assert_eq!(yaml_string("2026 plan"), "\"2026 plan\"");
    }

    #[test]
    fn cuts_a_long_slug_at_a_word() {
        let slug = slugify(&"word ".repeat(100));
        assert_eq!(file_stem(&slug), "word-".repeat(16).trim_end_matches('-'));
        assert_eq!(file_stem(&"é".repeat(100)).len(), 80);
    }

    #[test]
    fn a_plan_covers_the_half_year_of_today() {
        let day = |text| Date::parse(text).unwrap();
        assert_eq!(half_year(day("2026-06-30")), "2026 H1");
        assert_eq!(half_year(day("2026-07-01")), "2026 H2");
        assert_eq!(end_of_half(day("2026-02-11")).to_string(), "2026-06-30");
        assert_eq!(end_of_half(day("2026-12-02")).to_string(), "2026-12-31");
    }
}
