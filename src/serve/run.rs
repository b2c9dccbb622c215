//! `huddle serve` from start to stop: build the site in memory, serve it,
//! and on every change rebuild what changed and tell open tabs. A broken
//! edit shows its error in the tabs while the last good site stays served;
//! a site broken from the start is served as an error page until it builds.

use std::sync::Arc;
use std::time::Duration;

use super::{Body, LiveSite, RunningServer, ServerOptions, Snapshot, start};
use crate::build::Session;
use crate::config::BuildOptions;
use crate::diagnostic::Diagnostic;
use crate::live::{self, Outcome};
use crate::output::Contents;
use crate::watch::SiteWatcher;

/// Everything `serve` was asked to do.
pub struct ServeSettings {
    pub build: BuildOptions,
    pub server: ServerOptions,
    /// Poll the files instead of relying on file-system events.
    pub poll: bool,
}

/// What happened, for the terminal.
pub enum ServeEvent<'a> {
    /// Listening at this URL.
    Listening(&'a str),
    /// The site was built (at start or after a change); its warnings.
    Built {
        pages: usize,
        elapsed: Duration,
        warnings: Vec<Diagnostic>,
    },
    /// A change was published to open tabs.
    Rebuilt {
        changed: usize,
        removed: usize,
        elapsed: Duration,
    },
    /// A build failed; the last good site (if any) is still served.
    Failed(&'a [Diagnostic]),
}

/// Why serving stopped.
#[derive(Debug)]
pub struct ServeFailure(pub String);

impl std::fmt::Display for ServeFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ServeFailure {}

/// Serves until the watcher stops (the process is interrupted).
pub fn run(
    settings: ServeSettings,
    mut on_event: impl FnMut(ServeEvent),
) -> Result<(), ServeFailure> {
    let started = std::time::Instant::now();
    // Watch before building, so no edit slips in between.
    let mut watcher = SiteWatcher::new(
        &settings.build.root,
        &settings.build.output_folder(),
        settings.poll,
    )
    .map_err(|error| ServeFailure(error.to_string()))?;
    let first = Session::start(settings.build.clone());
    let site = match &first {
        Ok(session) => LiveSite::new(snapshot(session)),
        Err(diagnostics) => {
            let site = LiveSite::new(error_snapshot());
            site.report_error(describe(diagnostics));
            site
        }
    };
    let server = start(&settings.server, Arc::clone(&site))
        .map_err(|error| ServeFailure(error.to_string()))?;
    on_event(ServeEvent::Listening(&server.url()));
    let mut session = match first {
        Ok(session) => session,
        Err(diagnostics) => {
            on_event(ServeEvent::Failed(&diagnostics));
            let waited = live::start_when_valid(&settings.build, &mut watcher, |diagnostics| {
                site.report_error(describe(&diagnostics));
                on_event(ServeEvent::Failed(&diagnostics));
            });
            match waited {
                Ok(Some(session)) => {
                    site.publish(snapshot(&session), &["index.html".to_string()]);
                    session
                }
                Ok(None) => return stop(server),
                Err(error) => return Err(ServeFailure(error.to_string())),
            }
        }
    };
    on_event(ServeEvent::Built {
        pages: crate::build::count_pages(session.site()),
        elapsed: started.elapsed(),
        warnings: session.warnings(),
    });
    let result = live::rebuild_loop(&mut session, &mut watcher, |outcome| match outcome {
        Outcome::Updated {
            session,
            update,
            elapsed,
        } => {
            let mut changed = update.changed.clone();
            changed.extend(update.removed.iter().cloned());
            // An empty update after a failure still clears the overlay.
            site.publish(snapshot(session), &changed);
            if !update.is_empty() {
                on_event(ServeEvent::Rebuilt {
                    changed: update.changed.len(),
                    removed: update.removed.len(),
                    elapsed,
                });
            }
        }
        Outcome::Failed(diagnostics) => {
            site.report_error(describe(&diagnostics));
            on_event(ServeEvent::Failed(&diagnostics));
        }
    });
    result.map_err(|error| ServeFailure(error.to_string()))?;
    stop(server)
}

fn stop(server: RunningServer) -> Result<(), ServeFailure> {
    server.stop();
    Ok(())
}

/// The session's output as the server serves it. Bytes are shared, not copied.
pub fn snapshot(session: &Session) -> Snapshot {
    let mut snapshot = Snapshot::new();
    for (path, contents) in session.outputs() {
        let body = match contents {
            Contents::Bytes(bytes) => Body::Bytes(Arc::clone(bytes)),
            Contents::Copy(source) => Body::File(source.clone()),
        };
        snapshot.insert(path.clone(), body);
    }
    snapshot
}

/// What a site that has never built serves: a page for the overlay to sit on.
fn error_snapshot() -> Snapshot {
    let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>huddle: the site has errors</title></head><body><main><h1>The site does not build yet</h1><p>Fix the errors shown here and in the terminal; this page reloads by itself.</p></main></body></html>";
    let mut snapshot = Snapshot::new();
    snapshot.insert("index.html", page);
    snapshot.insert("404.html", page);
    snapshot
}

/// The diagnostics as the terminal prints them.
pub fn describe(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut text = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n\n");
    text.push_str(&format!(
        "\n\n{errors} error(s); the last good version of the site is still served"
    ));
    text
}
