//! The rebuild loop behind `serve` and `build --watch`: wait for a batch of
//! changed files, bring the session up to date, hand the outcome to the
//! caller (who publishes or writes it). A failed rebuild leaves the last good
//! site in place; a panic inside a rebuild is caught and reported like an
//! error, and the loop goes on.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::build::{Session, Update};
use crate::config::BuildOptions;
use crate::diagnostic::Diagnostic;
use crate::watch::{Batch, SiteWatcher, WATCHED_FOLDERS, WatchError};

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
pub fn start_when_valid(
    options: &BuildOptions,
    poll: bool,
    mut on_failure: impl FnMut(Vec<Diagnostic>),
) -> Result<Option<Session>, WatchError> {
    let mut watcher: Option<SiteWatcher> = None;
    loop {
        match catch_unwind(AssertUnwindSafe(|| Session::start(options.clone()))) {
            Ok(Ok(session)) => return Ok(Some(session)),
            Ok(Err(diagnostics)) => on_failure(diagnostics),
            Err(panic) => on_failure(vec![Diagnostic::error(format!(
                "internal error while building: {}",
                panic_message(&panic)
            ))]),
        }
        let watcher = match &mut watcher {
            Some(watcher) => watcher,
            None => watcher.insert(SiteWatcher::new(
                &options.root,
                &options.output_folder(),
                poll,
            )?),
        };
        if watcher.next_batch().is_none() {
            return Ok(None);
        }
    }
}

/// Rebuilds on every batch of changes until the watcher stops.
pub fn rebuild_loop(
    session: &mut Session,
    poll: bool,
    mut on_outcome: impl FnMut(Outcome),
) -> Result<(), WatchError> {
    let root = session.options().root.clone();
    let output = session.options().output_folder();
    let mut watched = existing_folders(&root);
    let mut watcher = SiteWatcher::new(&root, &output, poll)?;
    while let Some(batch) = watcher.next_batch() {
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
        // A source folder created (or removed) since the start needs its own watch.
        let now = existing_folders(&root);
        if now != watched {
            watcher = SiteWatcher::new(&root, &output, poll)?;
            watched = now;
        }
    }
    Ok(())
}

fn existing_folders(root: &Path) -> Vec<bool> {
    WATCHED_FOLDERS
        .iter()
        .map(|folder| root.join(folder).is_dir())
        .collect()
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
