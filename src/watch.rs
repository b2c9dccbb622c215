//! Watching a site's sources for `serve` and `build --watch`: file-system
//! events, filtered to what can change the site and debounced into batches.
//!
//! Editors save through temporary files and renames, and a branch checkout
//! touches hundreds of files at once; both should cause one rebuild. So
//! events are collected until the sources have been quiet for a moment
//! (with a cap, so a never-ending stream still rebuilds), and whatever
//! arrives during a rebuild becomes the next batch. The debouncing is a plain
//! state machine (`Debouncer`) so it is tested with injected events.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::driver::change::{ChangeKind, classify};

/// The folders of a site whose files feed the build.
pub(crate) const WATCHED_FOLDERS: [&str; 4] = ["content", "templates", "themes", "static"];

/// What the build should do next.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Batch {
    /// These paths were created, modified, removed or renamed.
    Changed(Vec<PathBuf>),
    /// Events were lost (a watcher overflow): rebuild everything.
    Rescan,
}

/// One report from the file-system watcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Signal {
    Paths(Vec<PathBuf>),
    Rescan,
}

/// Collects signals and says when a batch is ready.
#[derive(Debug)]
pub(crate) struct Debouncer {
    quiet: Duration,
    max_wait: Duration,
    paths: BTreeSet<PathBuf>,
    rescan: bool,
    first: Option<Instant>,
    last: Option<Instant>,
}

impl Debouncer {
    /// `quiet`: how long the sources must be still; `max_wait`: the longest
    /// a batch is held back while events keep coming.
    pub(crate) fn new(quiet: Duration, max_wait: Duration) -> Debouncer {
        Debouncer {
            quiet,
            max_wait,
            paths: BTreeSet::new(),
            rescan: false,
            first: None,
            last: None,
        }
    }

    pub(crate) fn push(&mut self, signal: Signal, now: Instant) {
        match signal {
            Signal::Paths(paths) if paths.is_empty() => return,
            Signal::Paths(paths) => self.paths.extend(paths),
            Signal::Rescan => self.rescan = true,
        }
        self.first.get_or_insert(now);
        self.last = Some(now);
    }

    /// When the pending batch is due, if anything is pending.
    pub(crate) fn deadline(&self) -> Option<Instant> {
        let (first, last) = (self.first?, self.last?);
        Some((last + self.quiet).min(first + self.max_wait))
    }

    /// The pending batch, if its deadline has passed at `now`.
    pub(crate) fn take_ready(&mut self, now: Instant) -> Option<Batch> {
        if self.deadline()? > now {
            return None;
        }
        self.first = None;
        self.last = None;
        let paths = std::mem::take(&mut self.paths);
        if std::mem::take(&mut self.rescan) {
            Some(Batch::Rescan)
        } else {
            Some(Batch::Changed(paths.into_iter().collect()))
        }
    }
}

/// Watches a site folder; `next_batch` blocks until something changed.
pub(crate) struct SiteWatcher {
    _watcher: Box<dyn Watcher + Send>,
    signals: Receiver<Signal>,
    debouncer: Debouncer,
    root: PathBuf,
    output: PathBuf,
    poll: bool,
    /// Which of the source folders existed when watching started.
    folders: Vec<bool>,
}

/// Why watching could not start: the file-system watcher's own error.
#[derive(Debug)]
pub struct WatchError(notify::Error);

impl std::fmt::Display for WatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot watch the site's files: {}", self.0)
    }
}

impl std::error::Error for WatchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

impl SiteWatcher {
    /// Watches `root`'s config and source folders (never `output`).
    /// `poll` checks the files every half second instead of relying on
    /// events, for file systems that have none (network shares, some VMs).
    pub(crate) fn new(root: &Path, output: &Path, poll: bool) -> Result<SiteWatcher, WatchError> {
        let (sender, signals) = mpsc::channel();
        let filter = SourceFilter {
            root: root.to_path_buf(),
            output: output.to_path_buf(),
        };
        let handler = move |event: notify::Result<notify::Event>| {
            let signal = match event {
                Ok(event) if event.need_rescan() => Some(Signal::Rescan),
                Ok(event) if matches!(event.kind, EventKind::Access(_)) => None,
                Ok(event) => {
                    let paths: Vec<PathBuf> = event
                        .paths
                        .into_iter()
                        .filter(|path| filter.is_source(path))
                        .collect();
                    (!paths.is_empty()).then_some(Signal::Paths(paths))
                }
                // An overflowing or failing watcher has lost events.
                Err(_) => Some(Signal::Rescan),
            };
            if let Some(signal) = signal {
                let _ = sender.send(signal);
            }
        };
        let mut watcher: Box<dyn Watcher + Send> = if poll {
            // Polling compares contents, not just times: modification times
            // are kept in whole seconds there, and an edit within the same
            // second as the last look would otherwise go unseen.
            let config = notify::Config::default()
                .with_poll_interval(Duration::from_millis(500))
                .with_compare_contents(true);
            Box::new(notify::PollWatcher::new(handler, config).map_err(WatchError)?)
        } else {
            Box::new(notify::recommended_watcher(handler).map_err(WatchError)?)
        };
        // The root itself, not recursively: huddle.yaml, and source folders
        // created after the start (their events arrive as changed paths and
        // cause a full rebuild; `serve` restarts watching then).
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(WatchError)?;
        for folder in WATCHED_FOLDERS {
            let path = root.join(folder);
            if path.is_dir() {
                watcher
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(WatchError)?;
            }
        }
        Ok(SiteWatcher {
            _watcher: watcher,
            signals,
            // Editors' save sequences (write temp, rename) land within a few
            // milliseconds; a longer wait only adds to every edit's latency.
            debouncer: Debouncer::new(Duration::from_millis(10), Duration::from_millis(300)),
            root: root.to_path_buf(),
            output: output.to_path_buf(),
            poll,
            folders: existing_folders(root),
        })
    }

    /// Starts watching again when a source folder appeared or went away
    /// since watching started (a recursive watch covers only what existed).
    /// Returns whether it did.
    pub(crate) fn refresh(&mut self) -> Result<bool, WatchError> {
        if existing_folders(&self.root) == self.folders {
            return Ok(false);
        }
        *self = SiteWatcher::new(&self.root, &self.output, self.poll)?;
        Ok(true)
    }

    /// Blocks until a batch is ready. None when the watcher stopped.
    pub(crate) fn next_batch(&mut self) -> Option<Batch> {
        loop {
            let now = Instant::now();
            if let Some(batch) = self.debouncer.take_ready(now) {
                return Some(batch);
            }
            let signal = match self.debouncer.deadline() {
                Some(deadline) => match self
                    .signals
                    .recv_timeout(deadline.saturating_duration_since(now))
                {
                    Ok(signal) => signal,
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => return None,
                },
                None => self.signals.recv().ok()?,
            };
            self.debouncer.push(signal, Instant::now());
        }
    }
}

fn existing_folders(root: &Path) -> Vec<bool> {
    WATCHED_FOLDERS
        .iter()
        .map(|folder| root.join(folder).is_dir())
        .collect()
}

/// Which paths can change the site.
struct SourceFilter {
    root: PathBuf,
    output: PathBuf,
}

impl SourceFilter {
    fn is_source(&self, path: &Path) -> bool {
        !path.starts_with(&self.output) && classify(&self.root, path) != ChangeKind::Ignored
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(names: &[&str]) -> Signal {
        Signal::Paths(names.iter().map(PathBuf::from).collect())
    }

    #[test]
    fn waits_for_quiet_then_delivers_one_batch() {
        let start = Instant::now();
        let ms = |n| start + Duration::from_millis(n);
        let mut debouncer = Debouncer::new(Duration::from_millis(30), Duration::from_millis(500));
        debouncer.push(paths(&["a.md"]), ms(0));
        debouncer.push(paths(&["b.md", "a.md"]), ms(20));
        assert_eq!(debouncer.take_ready(ms(40)), None, "still settling");
        assert_eq!(
            debouncer.take_ready(ms(50)),
            Some(Batch::Changed(vec!["a.md".into(), "b.md".into()]))
        );
        assert_eq!(debouncer.take_ready(ms(1000)), None, "nothing pending");
    }

    #[test]
    fn a_checkout_of_hundreds_of_files_is_one_batch() {
        let start = Instant::now();
        let mut debouncer = Debouncer::new(Duration::from_millis(30), Duration::from_millis(500));
        for n in 0..300 {
            debouncer.push(
                Signal::Paths(vec![PathBuf::from(format!("content/stories/s{n}.md"))]),
                start + Duration::from_millis(n / 10),
            );
        }
        match debouncer.take_ready(start + Duration::from_millis(100)) {
            Some(Batch::Changed(paths)) => assert_eq!(paths.len(), 300),
            other => panic!("expected one batch, got {other:?}"),
        }
    }

    #[test]
    fn a_steady_stream_still_rebuilds_after_the_cap() {
        let start = Instant::now();
        let mut debouncer = Debouncer::new(Duration::from_millis(30), Duration::from_millis(500));
        for n in 0..60 {
            debouncer.push(paths(&["a.md"]), start + Duration::from_millis(n * 10));
        }
        assert!(
            debouncer
                .take_ready(start + Duration::from_millis(500))
                .is_some()
        );
    }

    #[test]
    fn an_overflow_means_a_full_rebuild() {
        let start = Instant::now();
        let mut debouncer = Debouncer::new(Duration::from_millis(30), Duration::from_millis(500));
        debouncer.push(paths(&["a.md"]), start);
        debouncer.push(Signal::Rescan, start);
        assert_eq!(
            debouncer.take_ready(start + Duration::from_secs(1)),
            Some(Batch::Rescan)
        );
    }

    #[test]
    fn only_sources_count() {
        let filter = SourceFilter {
            root: "/site".into(),
            output: "/site/public".into(),
        };
        assert!(filter.is_source(Path::new("/site/content/stories/a.md")));
        assert!(filter.is_source(Path::new("/site/huddle.yaml")));
        assert!(filter.is_source(Path::new("/site/templates/story.html")));
        assert!(!filter.is_source(Path::new("/site/public/index.html")));
        assert!(!filter.is_source(Path::new("/site/content/stories/.a.md.swp")));
        assert!(!filter.is_source(Path::new("/site/content/stories/a.md~")));
        assert!(!filter.is_source(Path::new("/site/.git/index")));
        assert!(!filter.is_source(Path::new("/site/README.md")));
    }
}
