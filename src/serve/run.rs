//! `huddle serve` from start to stop: build the site in memory, serve it,
//! and on every change rebuild what changed and tell open tabs. A broken
//! edit shows its error in the tabs while the last good site stays served;
//! a site broken from the start is served as an error page until it builds.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{Body, LiveSite, ServeError, ServerOptions, Snapshot, start};
use crate::config::BuildOptions;
use crate::diagnostic::Diagnostic;
use crate::driver::{Session, Update};
use crate::live::{self, Publish};
use crate::output::Contents;
use crate::watch::{SiteWatcher, WatchError};

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
    /// The first change built after a failure, with no error left: how many
    /// pages it rebuilt.
    Cleared { pages: usize },
    /// A build failed; `served`: a last good site is still served (there
    /// is none while the site has never built).
    Failed {
        diagnostics: &'a [Diagnostic],
        served: bool,
    },
}

/// Why serving stopped.
#[derive(Debug)]
pub enum ServeFailure {
    /// The site's files could not be watched.
    Watch(WatchError),
    /// The server could not listen or start.
    Server(ServeError),
}

impl std::fmt::Display for ServeFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeFailure::Watch(error) => error.fmt(f),
            ServeFailure::Server(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for ServeFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServeFailure::Watch(error) => Some(error),
            ServeFailure::Server(error) => Some(error),
        }
    }
}

impl ServeSettings {
    /// A preview for the author at `server`: drafts show (marked as drafts);
    /// `private:` data only when asked for.
    pub fn preview(
        root: PathBuf,
        private: bool,
        server: ServerOptions,
        poll: bool,
    ) -> ServeSettings {
        let mut build = BuildOptions::new(root);
        build.drafts = true;
        build.private = private;
        ServeSettings {
            build,
            server,
            poll,
        }
    }

    /// What a reader on the network can see that the author may not mean
    /// to share, when the address is not loopback.
    pub fn exposure_warning(&self) -> Option<String> {
        let bind = self.server.bind;
        (!bind.is_loopback()).then(|| {
            format!(
                "serving on {bind}: anyone who can reach this address sees drafts{}",
                if self.build.private {
                    " and private fields"
                } else {
                    ""
                }
            )
        })
    }
}

/// Serves until the watcher stops (the process is interrupted).
pub fn run(settings: ServeSettings, on_event: impl FnMut(ServeEvent)) -> Result<(), ServeFailure> {
    let started = std::time::Instant::now();
    // Watch before building, so no edit slips in between.
    let mut watcher = SiteWatcher::new(
        &settings.build.root,
        &settings.build.output_folder(),
        settings.poll,
    )
    .map_err(ServeFailure::Watch)?;
    let first = live::first_build(&settings.build);
    let site = match &first {
        Ok(session) => LiveSite::new(snapshot(session)),
        Err(diagnostics) => {
            let site = LiveSite::new(error_snapshot());
            site.report_error(describe(diagnostics, false));
            site
        }
    };
    let server = start(&settings.server, Arc::clone(&site)).map_err(ServeFailure::Server)?;
    let mut tabs = Tabs {
        site,
        started,
        waited: first.is_err(),
        failing: false,
        on_event,
    };
    (tabs.on_event)(ServeEvent::Listening(&server.url()));
    let result = live::keep_up(&settings.build, first, &mut watcher, &mut tabs);
    server.stop();
    result.map_err(ServeFailure::Watch)
}

/// `serve`'s target: the site the server answers from, and the open tabs.
struct Tabs<F> {
    site: Arc<LiveSite>,
    started: Instant,
    /// Whether the tabs show the error page of a site that never built.
    waited: bool,
    /// Whether the last build failed, so the next good one clears errors.
    failing: bool,
    on_event: F,
}

impl<F: FnMut(ServeEvent)> Tabs<F> {
    /// Shows the errors a build kept going past (a draft's, under `serve`,
    /// which shows drafts) in the overlay; returns whether there were any.
    fn show_draft_errors(&self, session: &Session) -> bool {
        let errors: Vec<Diagnostic> = session
            .warnings()
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        if !errors.is_empty() {
            self.site.report_error(describe(&errors, false));
        }
        !errors.is_empty()
    }
}

impl<F: FnMut(ServeEvent)> Publish for Tabs<F> {
    fn started(&mut self, session: &Session) {
        if std::mem::take(&mut self.waited) {
            self.site
                .publish(snapshot(session), &["index.html".to_string()]);
        }
        (self.on_event)(ServeEvent::Built {
            pages: crate::driver::count_pages(session.site()),
            elapsed: self.started.elapsed(),
            warnings: session.warnings(),
        });
        self.failing = self.show_draft_errors(session);
    }

    fn updated(&mut self, session: &Session, update: &Update, elapsed: Duration) {
        let mut changed = update.changed.clone();
        changed.extend(update.removed.iter().cloned());
        // An empty update after a failure still clears the overlay.
        self.site.publish(snapshot(session), &changed);
        let errors_left = self.show_draft_errors(session);
        if std::mem::replace(&mut self.failing, errors_left) && !errors_left {
            let pages = update
                .changed
                .iter()
                .filter(|path| path.ends_with(".html"))
                .count();
            (self.on_event)(ServeEvent::Cleared { pages });
        } else if !update.is_empty() {
            (self.on_event)(ServeEvent::Rebuilt {
                changed: update.changed.len(),
                removed: update.removed.len(),
                elapsed,
            });
        }
    }

    fn failed(&mut self, diagnostics: &[Diagnostic], first: bool) {
        self.failing = true;
        self.site.report_error(describe(diagnostics, !first));
        (self.on_event)(ServeEvent::Failed {
            diagnostics,
            served: !first,
        });
    }
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

/// The errors among `diagnostics` as the terminal prints them, for the
/// overlay; `served`: a last good site is still served under it.
pub(crate) fn describe(diagnostics: &[Diagnostic], served: bool) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut text = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n\n");
    text.push_str(&format!("\n\n{errors} error(s)"));
    if served {
        text.push_str("; the last good version of the site is still served");
    }
    text
}
