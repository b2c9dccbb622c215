//! Warnings, never errors, for pages that are valid but teach nothing: a
//! story without actions, a playbook nobody owns. Each says in one line why
//! it matters, and points where the missing key goes (the closing `---`).

use crate::content::{FrontMatter, Kind, Outcome};
use crate::diagnostic::Diagnostic;
use crate::fields::YamlSource;

/// The nudges for one page of `kind`. `outcome_written`: the story has an
/// `outcome` key, even one that failed to read (that has its own error).
pub fn nudges(
    front_matter: &FrontMatter,
    kind: Kind,
    source: &YamlSource,
    outcome_written: bool,
) -> Vec<Diagnostic> {
    let mut missing: Vec<(&str, &str)> = Vec::new();
    match kind {
        Kind::Story => {
            let closed = matches!(front_matter.outcome, Some(Outcome::Won | Outcome::Lost));
            if front_matter.outcome.is_none() && !outcome_written {
                missing.push((
                    "outcome",
                    "add `outcome: won`, `lost` or `open`: without one the story is not counted in any win rate",
                ));
            }
            if closed && front_matter.actions.is_empty() {
                missing.push((
                    "actions",
                    "a story without actions is an announcement, not a lesson: list what was done under `actions:`",
                ));
            }
            if closed && front_matter.results.is_empty() {
                missing.push((
                    "results",
                    "a closed story without results does not say what it came to: list them under `results:`",
                ));
            }
        }
        Kind::Playbook if front_matter.owner.is_none() => missing.push((
            "owner",
            "a playbook nobody owns goes stale: nobody is asked to review it; add `owner:` with a rep's id",
        )),
        Kind::Rep if front_matter.strengths.is_empty() => missing.push((
            "strengths",
            "without strengths the team does not know what to ask this rep about; add `strengths: [...]`",
        )),
        _ => {}
    }
    let line = source.closing_line();
    missing
        .into_iter()
        .map(|(key, why)| {
            source
                .diagnostic(
                    Diagnostic::warning(format!("this {} has no `{key}`", kind.name())),
                    line,
                    1,
                    3,
                )
                .with_help(why)
        })
        .collect()
}

/// What is lost when a key of a `kind` page is misspelt as another that
/// `meant` would have been, with `value` written: said beside the "did you
/// mean", since the page then builds but is not counted.
pub fn lost_by_misspelling(kind: &str, meant: &str, value: Option<&str>) -> Option<String> {
    let value = value.map(|value| value.trim().to_ascii_lowercase());
    Some(match (kind, meant, value.as_deref()) {
        ("story", "outcome", Some("won" | "win")) => "this story is not counted as a win".into(),
        ("story", "outcome", Some("lost" | "loss")) => "this story is not counted as a loss".into(),
        ("story", "outcome", _) => "this story is not counted in any win rate".into(),
        ("story", "rep" | "reps", _) => "this story is not counted for its rep".into(),
        ("story", "playbooks", _) => "this story is not shown on its playbooks".into(),
        ("playbook", "owner", _) => "this playbook is not shown as owned by anyone".into(),
        ("rep", "strengths", _) => "these strengths are not shown".into(),
        ("rep", "manager", _) => "this rep is not shown under a manager".into(),
        _ => return None,
    })
}
