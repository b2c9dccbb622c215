//! The rebuild loop behind `serve` and `build --watch`: wait for a batch of
//! changed files, bring the session up to date, hand the outcome to the
//! caller (who publishes or writes it). A failed rebuild leaves the last good
//! site in place; a panic inside a rebuild is caught and reported like an
//! error, and the loop goes on.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use crate::build::{Session, Update};
use crate::config::BuildOptions;
use crate::diagnostic::Diagnostic;
use crate::watch::{Batch, SiteWatcher, WatchError};

/// What one rebuild came to.
pub enum Outcome<'a> {
    /// The site changed (or was checked and nothing changed: `update` is empty).
    Updated {
        session: &'a Session,
        update: Update,
        elapsed: Duration,
    },
    /// The rebuild found errors; the session still holds the last good site.
    Failed(Vec<Diagnostic>),
}

/// Builds the site, and while it has errors reports them and waits for the
/// next change to try again. Returns None when the watcher stops first.
/// Start the watcher before calling, so no edit slips between build and watch.
pub fn start_when_valid(
    options: &BuildOptions,
    watcher: &mut SiteWatcher,
    mut on_failure: impl FnMut(Vec<Diagnostic>),
) -> Result<Option<Session>, WatchError> {
    loop {
        match catch_unwind(AssertUnwindSafe(|| Session::start(options.clone()))) {
            Ok(Ok(session)) => return Ok(Some(session)),
            Ok(Err(diagnostics)) => on_failure(diagnostics),
            Err(panic) => on_failure(vec![Diagnostic::error(format!(
                "internal error while building: {}",
                panic_message(&panic)
            ))]),
        }
        if watcher.next_batch().is_none() {
            return Ok(None);
        }
        watcher.refresh()?;
    }
}

/// Rebuilds on every batch of changes until the watcher stops.
pub fn rebuild_loop(
    session: &mut Session,
    watcher: &mut SiteWatcher,
    mut on_outcome: impl FnMut(Outcome),
) -> Result<(), WatchError> {
    while let Some(batch) = watcher.next_batch() {
        // A source folder created or removed since watching started needs a
        // watch of its own; a full rebuild reads whatever came with it.
        let batch = if watcher.refresh()? {
            Batch::Rescan
        } else {
            batch
        };
        let started = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| match &batch {
            Batch::Rescan => session.rebuild_all(),
            Batch::Changed(paths) => session.apply(paths),
        }));
        match result {
            Ok(Ok(update)) => on_outcome(Outcome::Updated {
                session,
                update,
                elapsed: started.elapsed(),
            }),
            Ok(Err(diagnostics)) => on_outcome(Outcome::Failed(diagnostics)),
            Err(panic) => on_outcome(Outcome::Failed(vec![
                Diagnostic::error(format!(
                    "internal error while rebuilding: {}",
                    panic_message(&panic)
                ))
                .with_help("this is a bug in huddle; the last good site is still served"),
            ])),
        }
    }
    Ok(())
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(message) = panic.downcast_ref::<&str>() {
        message.to_string()
    } else if let Some(message) = panic.downcast_ref::<String>() {
        message.clone()
    } else {
        "unknown panic".to_string()
    }
}
