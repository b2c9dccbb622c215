//! Writes the built site to disk; no other part of huddle writes files.
//!
//! Every build writes a complete new *generation* of the output folder in a
//! sibling folder and swaps it in with one `renameat2(RENAME_EXCHANGE)`, so a
//! build that fails or is killed half way leaves the previous site exactly as
//! it was, and a reader never sees half of each. Writing tens of thousands of
//! files on every build costs seconds, so the new generation hard-links each
//! file whose bytes did not change from the previous generation and writes
//! only those that did; the `.huddle-output` marker at the top of the output
//! holds the manifest (path, hash, size) that makes this possible.
//!
//! The marker also makes the swap safe: the previous generation is deleted
//! whole, so huddle replaces only a folder that carries its marker and holds
//! nothing the manifest does not list.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::{error, fmt};

use rayon::prelude::*;

mod manifest;
mod survey;
mod swap;
#[cfg(test)]
mod tests;

use manifest::{MARKER, Stamp};
use survey::{Listed, survey};
use swap::{Siblings, remove_generation, swap_in};

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
    /// Files reused unchanged from the previous generation by a hard link.
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
        None
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

/// Writes a new generation of the site and swaps it in atomically.
pub fn write_site(output: &Path, files: &[OutputFile]) -> Result<WriteReport, OutputError> {
    let plan = plan(files)?;
    let output = named(output)?;
    let siblings = Siblings::of(&output);
    siblings.clear_leftovers(&output)?;
    let previous = match inspect_output(&output)? {
        Existing::Missing => None,
        Existing::Empty => Some(Previous {
            root: output.to_path_buf(),
            linkable: HashMap::new(),
            removed: 0,
        }),
        Existing::Ours => Some(read_previous(&output, &plan)?),
    };

    let staging = &siblings.staging;
    let swapped = build_generation(staging, files, &plan, previous.as_ref()).and_then(|counts| {
        let replaced = swap_in(staging, &output, &siblings.replaced, previous.is_some())
            .map_err(|source| io_error("swap in the new site at", &output, source))?;
        Ok((counts, replaced))
    });
    let ((written, linked), replaced) = swapped.inspect_err(|_| {
        // Best effort: the error that stopped the build matters more, and
        // the next build removes this folder by its marker anyway.
        let _ = remove_generation(staging);
    })?;
    if let Some(replaced) = replaced {
        remove_generation(&replaced)
            .map_err(|source| io_error("remove the replaced site at", &replaced, source))?;
    }
    Ok(WriteReport {
        written,
        linked,
        removed: previous.map_or(0, |previous| previous.removed),
    })
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

/// Written first into a generation being built, so that a folder left by a
/// killed build is recognisably huddle's and safe to remove.
const INCOMPLETE: &str = ".huddle-incomplete";

/// The checked output paths and every folder they need, parents first, so
/// each folder is created once rather than once per file.
struct Plan<'files> {
    paths: HashSet<&'files str>,
    folders: Vec<&'files str>,
}

fn plan(files: &[OutputFile]) -> Result<Plan<'_>, OutputError> {
    let mut paths = HashSet::with_capacity(files.len());
    let mut folders = BTreeSet::new();
    for file in files {
        let path = file.path.as_str();
        check_relative_path(path).map_err(|reason| bad_path(path, reason))?;
        if !paths.insert(path) {
            return Err(bad_path(path, "two output files have this path"));
        }
        folders.extend(parent_folders(path));
    }
    if let Some(clash) = folders.iter().find(|folder| paths.contains(*folder)) {
        return Err(bad_path(
            clash,
            "it is a file and the folder of other files",
        ));
    }
    // A path sorts after its prefixes, so parents come before their children.
    Ok(Plan {
        paths,
        folders: folders.into_iter().collect(),
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
    if path == MARKER || path == INCOMPLETE {
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

/// The generation being replaced: where it is, which of its files may be
/// hard-linked into the new one, and how many the new one drops.
struct Previous {
    root: PathBuf,
    linkable: HashMap<String, Stamp>,
    removed: usize,
}

/// Reads the manifest and walks the previous generation, refusing if it holds
/// anything huddle did not write: the swap deletes it whole.
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
        .filter(|path| !plan.paths.contains(path.as_str()))
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

/// Writes the whole new generation into `staging`; returns how many files it
/// wrote and how many it hard-linked.
fn build_generation(
    staging: &Path,
    files: &[OutputFile],
    plan: &Plan,
    previous: Option<&Previous>,
) -> Result<(usize, usize), OutputError> {
    if let Some(parent) = staging.parent() {
        fs::create_dir_all(parent).map_err(|error| io_error("create", parent, error))?;
    }
    fs::create_dir(staging).map_err(|error| io_error("create", staging, error))?;
    write_new(
        &staging.join(INCOMPLETE),
        b"huddle was writing this folder; the next build removes it\n",
    )?;
    for folder in &plan.folders {
        let path = staging.join(folder);
        fs::create_dir(&path).map_err(|error| io_error("create", &path, error))?;
    }
    let placed = files
        .par_iter()
        .map(|file| place(staging, file, previous))
        .collect::<Result<Vec<_>, _>>()?;

    let linked = placed.iter().filter(|(_, linked)| *linked).count();
    let entries = files
        .iter()
        .zip(&placed)
        .map(|(file, (stamp, _))| (file.path.as_str(), *stamp))
        .collect();
    // The marker goes in last: a generation that has it is complete.
    write_new(&staging.join(MARKER), manifest::render(entries).as_bytes())?;
    let incomplete = staging.join(INCOMPLETE);
    fs::remove_file(&incomplete).map_err(|error| io_error("remove", &incomplete, error))?;
    Ok((files.len() - linked, linked))
}

/// Puts one file into the new generation; `true` when it was hard-linked.
fn place(
    staging: &Path,
    file: &OutputFile,
    previous: Option<&Previous>,
) -> Result<(Stamp, bool), OutputError> {
    let bytes = match &file.contents {
        Contents::Bytes(bytes) => Cow::Borrowed(&bytes[..]),
        Contents::Copy(source) => {
            Cow::Owned(fs::read(source).map_err(|error| io_error("read", source, error))?)
        }
    };
    let stamp = Stamp::of(&bytes);
    let target = staging.join(&file.path);
    if let Some(previous) = previous {
        // A failed link (another file system, link limit) is only a lost
        // shortcut: the file is written below instead.
        if previous.linkable.get(&file.path) == Some(&stamp)
            && fs::hard_link(previous.root.join(&file.path), &target).is_ok()
        {
            return Ok((stamp, true));
        }
    }
    write_new(&target, &bytes)?;
    Ok((stamp, false))
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
