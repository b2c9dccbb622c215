//! Who an output folder is for. A published build goes to the folder a team
//! deploys; a private build (`--private`, development plans and the like)
//! must never land there, nor a published build replace a private copy
//! without a word. The output marker's header records which a folder holds.

use std::fs;
use std::path::Path;

use super::manifest::MARKER;
use super::{OutputError, refused};

/// Who may read an output folder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Audience {
    /// Anyone: the folder a team deploys.
    #[default]
    Published,
    /// Only those behind access control: `private:` data is in it.
    Private,
}

impl Audience {
    pub fn of_build(private: bool) -> Audience {
        if private {
            Audience::Private
        } else {
            Audience::Published
        }
    }

    /// The word after the marker header's version: none for a published build.
    pub(super) fn marker_word(self) -> Option<&'static str> {
        match self {
            Audience::Published => None,
            Audience::Private => Some("private"),
        }
    }
}

/// Who the build in `output` was for, when huddle made it.
pub fn audience_of(output: &Path) -> Option<Audience> {
    let text = fs::read_to_string(output.join(MARKER)).ok()?;
    let header = text.lines().next()?;
    Some(match header.split(' ').nth(2) {
        Some("private") => Audience::Private,
        _ => Audience::Published,
    })
}

/// Refuses to write a build for `audience` over one for the other, unless
/// `force`: one deploy of a private build publishes every development plan.
pub fn check_audience(output: &Path, audience: Audience, force: bool) -> Result<(), OutputError> {
    let Some(existing) = audience_of(output) else {
        return Ok(());
    };
    if existing == audience || force {
        return Ok(());
    }
    let shown = output.display();
    let message = match audience {
        Audience::Private => format!(
            "refusing to write a private build into {shown}: it holds a published build, \
             and a deploy of it would publish every `private:` field; \
             leave out --out to build into private/, or add --force to replace it"
        ),
        Audience::Published => format!(
            "refusing to write a published build into {shown}: it holds a private build \
             (made with --private); choose another --out, such as public/, \
             or add --force to replace it"
        ),
    };
    Err(refused(output, message))
}
