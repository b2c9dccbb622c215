//! The rebuild loop behind `serve` and `build --watch`: wait for a batch of
//! changed files, bring the session up to date, hand the outcome to a
//! [`Publish`] target (serve's tabs, or the output folder). A failed rebuild
//! leaves the last good site in place; a panic inside a rebuild is caught
//! and reported like an error, and the loop goes on.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::config::BuildOptions;
use crate::diagnostic::Diagnostic;
use crate::driver::{self, BuildReport, Session, Update};
use crate::output::OutputError;
use crate::watch::{Batch, SiteWatcher, WatchError};

/// Where a live session's results go: `serve`'s open tabs, or the output
/// folder of `build --watch`.
pub(crate) trait Publish {
    /// The first good build (after waiting for a fix, if the first attempt failed).
    fn started(&mut self, session: &Session);
    /// A rebuild went through; an empty `update` means the output is as it was.
    fn updated(&mut self, session: &Session, update: &Update, elapsed: Duration);
    /// A build failed; `first` while there has never been a good site.
    /// The session, if any, still holds the last good site.
    fn failed(&mut self, diagnostics: &[Diagnostic], first: bool);
}

/// The first build of a live session; a panic is reported like an error.
pub(crate) fn first_build(options: &BuildOptions) -> Result<Session, Vec<Diagnostic>> {
    catch_unwind(AssertUnwindSafe(|| Session::start(options.clone()))).unwrap_or_else(|panic| {
        Err(vec![Diagnostic::error(format!(
            "internal error while building: {}",
            panic_message(&panic)
        ))])
    })
}

/// Keeps `target` up to date with the site until the watcher stops: from
/// the `first` build (or, while it fails, from the first build that works
/// after a change), on every batch of changes.
/// Start the watcher before the first build, so no edit slips in between.
pub(crate) fn keep_up(
    options: &BuildOptions,
    first: Result<Session, Vec<Diagnostic>>,
    watcher: &mut SiteWatcher,
    target: &mut impl Publish,
) -> Result<(), WatchError> {
    let mut session = match first {
        Ok(session) => session,
        Err(diagnostics) => {
            target.failed(&diagnostics, true);
            loop {
                if watcher.next_batch().is_none() {
                    return Ok(());
                }
                watcher.refresh()?;
                match first_build(options) {
                    Ok(session) => break session,
                    Err(diagnostics) => target.failed(&diagnostics, true),
                }
            }
        }
    };
    target.started(&session);
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
            Ok(Ok(update)) => target.updated(&session, &update, started.elapsed()),
            Ok(Err(diagnostics)) => target.failed(&diagnostics, false),
            Err(panic) => target.failed(
                &[Diagnostic::error(format!(
                    "internal error while rebuilding: {}",
                    panic_message(&panic)
                ))
                .with_help("this is a bug in huddle; the last good site is still served")],
                false,
            ),
        }
    }
    Ok(())
}

/// What `build --watch` did, for the terminal.
pub enum WatchEvent<'a> {
    /// The first good build was written (`Ok`) or could not be (`Err`).
    Written(Result<BuildReport, Vec<Diagnostic>>),
    /// A change was rebuilt and written (or could not be written).
    Rewritten {
        written: Result<BuildReport, Vec<Diagnostic>>,
        changed: usize,
        removed: usize,
        build_time: Duration,
        write_time: Duration,
    },
    /// A rebuild after a failure found the output as it was before.
    Fixed,
    /// A build failed; `first` while there has never been a good site.
    /// The output folder is unchanged.
    Failed {
        diagnostics: &'a [Diagnostic],
        first: bool,
    },
}

/// Why `build --watch` stopped.
#[derive(Debug)]
pub enum LiveError {
    /// The output folder is not one huddle may write.
    Output(OutputError),
    /// The site's files could not be watched.
    Watch(WatchError),
}

impl std::fmt::Display for LiveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LiveError::Output(error) => error.fmt(f),
            LiveError::Watch(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for LiveError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LiveError::Output(error) => Some(error),
            LiveError::Watch(error) => Some(error),
        }
    }
}

/// `build --watch`: builds the site into its output folder, then rebuilds
/// and rewrites it on every change until the watcher stops.
/// `poll` checks files every half second instead of using file-system events.
pub fn watch_and_write(
    options: &BuildOptions,
    poll: bool,
    on_event: impl FnMut(WatchEvent),
) -> Result<(), LiveError> {
    let output = options.output_folder();
    crate::output::check_output_folder(&options.root, &options.content_folder(), &output)
        .map_err(LiveError::Output)?;
    let audience = crate::output::Audience::of_build(options.private);
    crate::output::check_audience(&output, audience, options.force).map_err(LiveError::Output)?;
    // Watch before building, so no edit slips in between.
    let mut watcher = SiteWatcher::new(&options.root, &output, poll).map_err(LiveError::Watch)?;
    let first = first_build(options);
    let mut writer = Writer {
        output,
        failing: false,
        on_event,
    };
    keep_up(options, first, &mut watcher, &mut writer).map_err(LiveError::Watch)
}

/// `build --watch`'s target: the output folder.
struct Writer<F> {
    output: PathBuf,
    /// Whether the last rebuild failed.
    failing: bool,
    on_event: F,
}

impl<F: FnMut(WatchEvent)> Publish for Writer<F> {
    fn started(&mut self, session: &Session) {
        (self.on_event)(WatchEvent::Written(driver::write(session, &self.output)));
    }

    fn updated(&mut self, session: &Session, update: &Update, elapsed: Duration) {
        if update.is_empty() {
            if std::mem::take(&mut self.failing) {
                (self.on_event)(WatchEvent::Fixed);
            }
            return;
        }
        self.failing = false;
        let started = Instant::now();
        let written = driver::write(session, &self.output);
        (self.on_event)(WatchEvent::Rewritten {
            written,
            changed: update.changed.len(),
            removed: update.removed.len(),
            build_time: elapsed,
            write_time: started.elapsed(),
        });
    }

    fn failed(&mut self, diagnostics: &[Diagnostic], first: bool) {
        self.failing |= !first;
        (self.on_event)(WatchEvent::Failed { diagnostics, first });
    }
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
