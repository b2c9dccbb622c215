//! Writes the built site to disk; no other part of huddle writes files.
//!
//! Every build writes a complete *generation* of the output folder beside it
//! and swaps it in with one `renameat2(RENAME_EXCHANGE)`, so a build that
//! fails or is killed half way leaves the previous site exactly as it was,
//! and a reader never sees half of each.
//!
//! Writing tens of thousands of files and folders on every build, and
//! deleting as many, costs seconds; so the generation the swap replaces is
//! kept beside the output as the *spare* (`spare.rs`), and the next build
//! updates the spare in place (only the files whose bytes changed) and swaps
//! it in, making the replaced one the spare again. Without a spare (the
//! second build of an output, for one) a new one is made, hard-linking each
//! unchanged file from the live output. The `.huddle-output` marker at the
//! top of each generation holds the manifest (path, hash, size) of what it
//! holds.
//!
//! The markers also make this safe: huddle changes only a generation that
//! carries its marker and holds nothing the manifest does not list, so a
//! file huddle did not write is never deleted nor published.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::{error, fmt};

mod audience;
mod manifest;
mod spare;
mod survey;
mod swap;
#[cfg(test)]
mod tests;

pub use audience::{Audience, audience_of, check_audience};
use manifest::{INCOMPLETE, INCOMPLETE_NEXT, MARKER, MARKERS, Stamp};
use rayon::prelude::*;
use spare::{CheckedSpare, Spare};
use survey::{Listed, survey};
use swap::{Siblings, swap_in};

/// One file of the site, as the pure stages of the build planned it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated: `stories/big-win/index.html`.
    pub path: String,
    pub contents: Contents,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Contents {
    /// Shared, because a build session keeps every output in memory between
    /// rebuilds and hands out copies of the list.
    Bytes(Arc<[u8]>),
    /// Copied from this source file (assets, `static/`), read only at write
    /// time so planning the site never holds every image in memory.
    Copy(PathBuf),
}

/// What a build changed on disk, for the summary line `huddle build` prints.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files written because they are new or their bytes changed.
    pub written: usize,
    /// Files the previous generation already had with the same bytes, kept
    /// or hard-linked rather than written.
    pub linked: usize,
    /// Files of the previous generation that the new one no longer has.
    pub removed: usize,
}

#[derive(Debug)]
pub enum OutputError {
    /// Writing there could destroy the site's sources or files huddle did not
    /// write; the message says how to fix it.
    Refused { path: PathBuf, message: String },
    /// A planned output path would leave the output folder or clash with
    /// another; a bug in an earlier stage or a strange file name.
    BadPath { path: String, reason: &'static str },
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
}

/// Refuses dangerous output folders before any work is done, so a mistyped
/// `--out` costs nothing.
pub fn check_output_folder(
    site_root: &Path,
    content_dir: &Path,
    output: &Path,
) -> Result<(), OutputError> {
    let resolved = resolve(output)?;
    let site_root_resolved = resolve(site_root)?;
    let content_resolved = resolve(content_dir)?;
    let problem = if resolved == site_root_resolved {
        Some("it is the site root".to_owned())
    } else if resolved == content_resolved {
        Some("it is the content folder".to_owned())
    } else if site_root_resolved.starts_with(&resolved) {
        Some(format!("it contains the site root {}", site_root.display()))
    } else if content_resolved.starts_with(&resolved) {
        Some(format!(
            "it contains the content folder {}",
            content_dir.display()
        ))
    } else if resolved.starts_with(&content_resolved) {
        // Loading content would then read the site's own output back in.
        Some(format!(
            "it is inside the content folder {}",
            content_dir.display()
        ))
    } else {
        // The next build would read the output as templates or static files.
        ["templates", "static", "themes"]
            .into_iter()
            .find(|folder| resolved.starts_with(site_root_resolved.join(folder)))
            .map(|folder| format!("it is inside the site's {folder}/ folder"))
    };
    if let Some(problem) = problem {
        let message = format!(
            "refusing to write into {}: {problem}; choose another --out, such as public/",
            output.display()
        );
        return Err(refused(output, message));
    }
    inspect_output(output).map(|_| ())
}

/// Brings the spare generation (or a new one) up to date with `files` and
/// swaps it in atomically.
pub fn write_site(output: &Path, files: &[OutputFile]) -> Result<WriteReport, OutputError> {
    write_site_for(output, files, Audience::Published)
}

/// [`write_site`] for `audience`, which the new generation's marker records.
pub fn write_site_for(
    output: &Path,
    files: &[OutputFile],
    audience: Audience,
) -> Result<WriteReport, OutputError> {
    let paths = files.iter().map(|file| file.path.as_str());
    let generation = Generation::begin(output, paths, audience)?;
    files.par_iter().try_for_each(|file| generation.put(file))?;
    generation.finish()
}

/// A new generation of the output, written while the site renders:
/// [`begin`](Generation::begin) readies the spare for the planned paths
/// (its stale files removed, every folder created once), [`put`](Generation::put)
/// writes one file, from any thread, as soon as it is rendered, and
/// [`finish`](Generation::finish) writes the manifest and swaps the
/// generation in. Dropped unfinished (a template error, a broken link), it
/// leaves the spare marked incomplete for the next build to finish, and
/// the output exactly as it was.
pub struct Generation<'paths> {
    output: PathBuf,
    siblings: Siblings,
    existing: Existing,
    previous: Option<Previous>,
    spare: CheckedSpare,
    plan: Plan<'paths>,
    /// Each planned file's stamp once it is in place, and whether the live
    /// output already had those bytes; by its place in `plan.order`.
    placed: Vec<OnceLock<(Stamp, bool)>>,
    /// Held until the new generation is in and the old one gone: a second
    /// build of the same output waits here instead of deleting this one's
    /// generation, or swapping in its own half-written one.
    _lock: Option<fs::File>,
}

impl<'paths> Generation<'paths> {
    /// Checks the output folder and readies its spare to receive `paths`
    /// (relative, `/`-separated) for `audience`.
    pub fn begin(
        output: &Path,
        paths: impl IntoIterator<Item = &'paths str>,
        audience: Audience,
    ) -> Result<Generation<'paths>, OutputError> {
        let mut plan = plan(paths)?;
        plan.audience = audience;
        let output = named(output)?.into_owned();
        let lock = swap::lock_folder_of(&output);
        let siblings = Siblings::of(&output);
        siblings.clear_leftovers(&output)?;
        let existing = inspect_output(&output)?;
        let spare = Spare::open(siblings.spare.clone())?;
        // The two walks are most of the work when little changed.
        let (previous, spare) = rayon::join(
            || match existing {
                Existing::Missing => Ok(None),
                Existing::Empty => Ok(Some(Previous {
                    root: output.clone(),
                    linkable: HashMap::new(),
                    removed: 0,
                })),
                Existing::Ours => read_previous(&output, &plan).map(Some),
            },
            || spare.check(),
        );
        let (previous, spare) = (previous?, spare?);
        // A failed update leaves the spare marked incomplete, for the next
        // build to finish; the live output has not been touched.
        spare::prepare(&spare, &plan)?;
        let placed = plan.order.iter().map(|_| OnceLock::new()).collect();
        Ok(Generation {
            output,
            siblings,
            existing,
            previous,
            spare,
            plan,
            placed,
            _lock: lock,
        })
    }

    /// Puts one planned file into the new generation, unless it holds the
    /// same bytes already (or the live output does, to hard-link).
    pub fn put(&self, file: &OutputFile) -> Result<(), OutputError> {
        let Some(&at) = self.plan.index.get(file.path.as_str()) else {
            return Err(bad_path(&file.path, "it was not among the planned paths"));
        };
        if self.placed[at].get().is_some() {
            return Err(bad_path(&file.path, "two output files have this path"));
        }
        let placed = spare::place(&self.spare, file, self.previous.as_ref())?;
        self.placed[at]
            .set(placed)
            .map_err(|_| bad_path(&file.path, "two output files have this path"))
    }

    /// Writes the manifest and swaps the new generation in; the replaced
    /// one becomes the spare.
    pub fn finish(self) -> Result<WriteReport, OutputError> {
        let mut entries = Vec::with_capacity(self.placed.len());
        let mut linked = 0;
        for (path, placed) in self.plan.order.iter().zip(&self.placed) {
            let Some(&(stamp, unchanged)) = placed.get() else {
                return Err(bad_path(path, "it was planned but never written"));
            };
            linked += usize::from(unchanged);
            entries.push((*path, stamp));
        }
        spare::complete(&self.spare, entries, self.plan.audience)?;
        let output = &self.output;
        swap_in(
            &self.siblings.spare,
            output,
            &self.siblings.replaced,
            self.previous.is_some(),
        )
        .map_err(|source| io_error("swap in the new site at", output, source))?;
        if matches!(self.existing, Existing::Empty) {
            // The empty folder the site replaced is no spare worth keeping; if
            // something appeared in it meanwhile, the next build checks it.
            let _ = fs::remove_dir(&self.siblings.spare);
        }
        Ok(WriteReport {
            written: self.placed.len() - linked,
            linked,
            removed: self.previous.map_or(0, |previous| previous.removed),
        })
    }
}

/// Deletes the spare generation beside `output` (the build before last), if
/// huddle made it. A normal build calls this after one with drafts or
/// private data, so that data does not linger beside the published site.
/// Returns whether there was a spare to delete.
pub fn discard_spare(output: &Path) -> Result<bool, OutputError> {
    let spare = Siblings::of(output).spare;
    if fs::symlink_metadata(&spare).is_err() {
        return Ok(false);
    }
    let ours = fs::symlink_metadata(&spare).is_ok_and(|metadata| metadata.is_dir())
        && MARKERS.iter().any(|marker| is_file(&spare.join(marker)));
    if !ours {
        let message = format!(
            "refusing to delete {}: huddle did not make it (no marker); move it away",
            spare.display()
        );
        return Err(refused(&spare, message));
    }
    fs::remove_dir_all(&spare).map_err(|source| io_error("delete", &spare, source))?;
    Ok(true)
}

/// Whether the spare generation beside `output` holds the file `name` at its top.
pub fn spare_has(output: &Path, name: &str) -> bool {
    is_file(&Siblings::of(output).spare.join(name))
}

/// Lets `huddle serve` check that it serves a folder huddle built.
pub fn is_huddle_output(dir: &Path) -> bool {
    fs::symlink_metadata(dir).is_ok_and(|metadata| metadata.is_dir()) && is_file(&dir.join(MARKER))
}

impl OutputError {
    /// The file or folder the error is about.
    pub fn path(&self) -> &Path {
        match self {
            OutputError::Refused { path, .. } | OutputError::Io { path, .. } => path,
            OutputError::BadPath { path, .. } => Path::new(path),
        }
    }
}

impl fmt::Display for OutputError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::Refused { message, .. } => formatter.write_str(message),
            OutputError::BadPath { path, reason } => {
                write!(formatter, "invalid output path {path:?}: {reason}")
            }
            // The source is in the message too: main prints one line, not a chain.
            OutputError::Io {
                action,
                path,
                source,
            } => write!(formatter, "cannot {action} {}: {source}", path.display()),
        }
    }
}

impl error::Error for OutputError {
    fn source(&self) -> Option<&(dyn error::Error + 'static)> {
        match self {
            OutputError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The checked output paths and every folder they need, parents first, so
/// each folder is created once rather than once per file.
struct Plan<'paths> {
    /// Each path's place in `order`.
    index: HashMap<&'paths str, usize>,
    /// The paths in the order they were planned.
    order: Vec<&'paths str>,
    folders: Vec<&'paths str>,
    audience: Audience,
}

fn plan<'paths>(paths: impl IntoIterator<Item = &'paths str>) -> Result<Plan<'paths>, OutputError> {
    let mut index = HashMap::new();
    let mut order = Vec::new();
    let mut folders = BTreeSet::new();
    for path in paths {
        check_relative_path(path).map_err(|reason| bad_path(path, reason))?;
        if index.insert(path, order.len()).is_some() {
            return Err(bad_path(path, "two output files have this path"));
        }
        order.push(path);
        folders.extend(parent_folders(path));
    }
    if let Some(clash) = folders.iter().find(|folder| index.contains_key(*folder)) {
        return Err(bad_path(
            clash,
            "it is a file and the folder of other files",
        ));
    }
    // A path sorts after its prefixes, so parents come before their children.
    Ok(Plan {
        index,
        order,
        folders: folders.into_iter().collect(),
        audience: Audience::Published,
    })
}

/// Keeps every file inside the output folder and the manifest line-based.
fn check_relative_path(path: &str) -> Result<(), &'static str> {
    if path.is_empty() {
        return Err("it is empty");
    }
    if path.starts_with('/') {
        return Err("it is absolute; output paths are relative to the output folder");
    }
    if path.contains('\\') {
        return Err("it contains a backslash; separate folders with '/'");
    }
    if path.chars().any(char::is_control) {
        return Err("it contains NUL, a newline or another control character");
    }
    for component in path.split('/') {
        match component {
            "" => return Err("it has an empty component ('//' or a '/' at the end)"),
            "." => return Err("it has a '.' component"),
            ".." => return Err("it has a '..' component, which could leave the output folder"),
            _ => {}
        }
    }
    if [MARKER, INCOMPLETE, INCOMPLETE_NEXT].contains(&path) {
        return Err("huddle keeps this name for its marker file");
    }
    Ok(())
}

/// `stories/big-win/index.html` → `stories`, `stories/big-win`.
fn parent_folders(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(end, _)| &path[..end])
}

enum Existing {
    Missing,
    Empty,
    Ours,
}

/// The part of the safety checks that `write_site` repeats, because the
/// folder may have changed since `check_output_folder` ran.
fn inspect_output(output: &Path) -> Result<Existing, OutputError> {
    let metadata = match fs::symlink_metadata(output) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Existing::Missing),
        Err(error) => return Err(io_error("inspect", output, error)),
    };
    let shown = output.display();
    if metadata.is_symlink() {
        let message = format!(
            "refusing to write into {shown}: it is a symbolic link; give the folder it points to as --out"
        );
        return Err(refused(output, message));
    }
    if !metadata.is_dir() {
        let message = format!(
            "refusing to write into {shown}: it is a file, not a folder; choose another --out or remove the file"
        );
        return Err(refused(output, message));
    }
    if is_file(&output.join(MARKER)) {
        return Ok(Existing::Ours);
    }
    let mut entries = fs::read_dir(output).map_err(|error| io_error("read", output, error))?;
    if entries.next().is_none() {
        return Ok(Existing::Empty);
    }
    let message = format!(
        "refusing to write into {shown}: it holds files huddle did not write (no {MARKER} marker); choose another --out or empty it"
    );
    Err(refused(output, message))
}

/// The live generation, which the swap replaces: where it is, which of its
/// files may be hard-linked into the new one, and how many the new one drops.
struct Previous {
    root: PathBuf,
    linkable: HashMap<String, Stamp>,
    removed: usize,
}

/// Reads the manifest and walks the live generation, refusing if it holds
/// anything huddle did not write: that would vanish from the site, and
/// become part of the spare.
fn read_previous(output: &Path, plan: &Plan) -> Result<Previous, OutputError> {
    let marker = output.join(MARKER);
    let text = fs::read_to_string(&marker).map_err(|error| io_error("read", &marker, error))?;
    let manifest = manifest::parse(&text).map_err(|problem| {
        let message = format!(
            "refusing to replace {}: its marker {} is damaged ({problem}); delete the folder and build again",
            output.display(),
            marker.display()
        );
        refused(output, message)
    })?;
    let found = survey(output, &Listed::new(manifest.keys().map(String::as_str)))?;
    if let Some(first) = found.foreign.first() {
        let more = match found.foreign.len() - 1 {
            0 => String::new(),
            others => format!(" (and {others} more)"),
        };
        let message = format!(
            "refusing to replace {}: {}{more} was not written by huddle; move it into static/ so every build copies it, or out of the output folder",
            output.display(),
            first.display()
        );
        return Err(refused(first, message));
    }

    let removed = manifest
        .keys()
        .filter(|path| !plan.index.contains_key(path.as_str()))
        .count();
    // A file edited since huddle wrote it is still huddle's, but not to be
    // reused; a missing one cannot be.
    let linkable = manifest
        .into_iter()
        .filter(|(path, stamp)| found.files.get(path) == Some(&stamp.size))
        .collect();
    Ok(Previous {
        root: output.to_path_buf(),
        linkable,
        removed,
    })
}

/// A file's bytes: at hand, or read from its source.
fn read_bytes(contents: &Contents) -> Result<Cow<'_, [u8]>, OutputError> {
    match contents {
        Contents::Bytes(bytes) => Ok(Cow::Borrowed(&bytes[..])),
        Contents::Copy(source) => fs::read(source)
            .map(Cow::Owned)
            .map_err(|error| io_error("read", source, error)),
    }
}

fn write_new(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    use std::io::Write as _;
    fs::File::create_new(path)
        .and_then(|mut file| file.write_all(bytes))
        .map_err(|error| io_error("write", path, error))
}

/// Gives `.` or `..` a name, so the output has a parent to hold its siblings.
fn named(output: &Path) -> Result<Cow<'_, Path>, OutputError> {
    match output.file_name() {
        Some(_) => Ok(Cow::Borrowed(output)),
        None => output
            .canonicalize()
            .map(Cow::Owned)
            .map_err(|error| io_error("resolve", output, error)),
    }
}

/// Canonicalises a path that may not exist yet: its nearest existing
/// ancestor, then the rest.
fn resolve(path: &Path) -> Result<PathBuf, OutputError> {
    let absolute = std::path::absolute(path).map_err(|error| io_error("resolve", path, error))?;
    let components: Vec<Component> = absolute.components().collect();
    for existing in (1..=components.len()).rev() {
        let mut resolved = match components[..existing]
            .iter()
            .collect::<PathBuf>()
            .canonicalize()
        {
            Ok(resolved) => resolved,
            Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
            Err(error) => return Err(io_error("resolve", path, error)),
        };
        let rest = &components[existing..];
        for component in rest {
            match component {
                Component::ParentDir => {
                    resolved.pop();
                }
                Component::Normal(name) => resolved.push(name),
                _ => {}
            }
        }
        // `missing/../link` steps back into existing folders, where symbolic
        // links count again: resolve once more, now without `..`.
        if rest.contains(&Component::ParentDir) {
            return resolve(&resolved);
        }
        return Ok(resolved);
    }
    Ok(absolute)
}

fn is_file(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|metadata| metadata.is_file())
}

fn refused(path: &Path, message: String) -> OutputError {
    OutputError::Refused {
        path: path.to_path_buf(),
        message,
    }
}

fn bad_path(path: &str, reason: &'static str) -> OutputError {
    OutputError::BadPath {
        path: path.to_owned(),
        reason,
    }
}

fn io_error(action: &'static str, path: &Path, source: io::Error) -> OutputError {
    OutputError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}
