//! The spare generation beside the output (`.public.huddle-spare`): the build
//! before last, kept so that the next build can bring it up to date in place
//! and swap it in, instead of writing a whole new generation and deleting the
//! old one. At 10,000 pages, creating 10,000 folders and deleting 10,000
//! others was nearly all of an unchanged rebuild.
//!
//! The spare's own marker says exactly what it holds, so an update touches
//! only the files whose bytes differ. Many of its files are hard links of the
//! live output's, so a file is never written in place: it is unlinked, then
//! written anew or linked from the live output.
//!
//! While it is updated the spare carries `.huddle-incomplete`, which lists
//! every file it may hold until the update ends; a build killed half way
//! leaves a spare that the next one recognises and finishes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::manifest::{self, INCOMPLETE, INCOMPLETE_NEXT, MARKER, Stamp};
use super::survey::{Listed, survey};
use super::{
    Audience, OutputError, OutputFile, Plan, Previous, io_error, is_file, read_bytes, refused,
    write_new,
};

/// A spare whose markers have been read, not yet walked.
pub(super) struct Spare {
    root: PathBuf,
    marked: Marked,
}

enum Marked {
    Missing,
    /// A folder with no marker: made but not yet marked, or emptied.
    Unmarked,
    Complete(HashMap<String, Stamp>),
    /// Being updated when a build stopped: these files may be there.
    Incomplete(HashSet<String>),
}

/// A spare walked and found to hold nothing huddle did not write.
pub(super) struct CheckedSpare {
    root: PathBuf,
    exists: bool,
    /// Every file it holds, with its size.
    files: HashMap<String, u64>,
    folders: HashSet<String>,
    /// The files whose bytes its manifest vouches for: listed, complete,
    /// and of the listed size (not edited through a hard link since).
    trusted: HashMap<String, Stamp>,
}

impl Spare {
    /// Reads the spare's markers, refusing anything under its name that
    /// huddle did not make.
    pub(super) fn open(root: PathBuf) -> Result<Spare, OutputError> {
        let metadata = match fs::symlink_metadata(&root) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return Ok(Spare {
                    root,
                    marked: Marked::Missing,
                });
            }
            Err(error) => return Err(io_error("inspect", &root, error)),
        };
        if !metadata.is_dir() {
            return Err(refuse(
                &root,
                &root,
                "it is a file or a symbolic link, not a folder huddle made",
            ));
        }
        let incomplete = root.join(INCOMPLETE);
        let marker = root.join(MARKER);
        let marked = if is_file(&incomplete) {
            Marked::Incomplete(read_marker(&root, &incomplete, manifest::parse_incomplete)?)
        } else if is_file(&marker) {
            Marked::Complete(read_marker(&root, &marker, manifest::parse)?)
        } else {
            Marked::Unmarked
        };
        Ok(Spare { root, marked })
    }

    /// Walks the spare, refusing it if it holds anything huddle did not write.
    pub(super) fn check(self) -> Result<CheckedSpare, OutputError> {
        let Spare { root, marked } = self;
        let listed = match &marked {
            Marked::Missing => {
                return Ok(CheckedSpare {
                    root,
                    exists: false,
                    files: HashMap::new(),
                    folders: HashSet::new(),
                    trusted: HashMap::new(),
                });
            }
            Marked::Unmarked => Listed::new([]),
            Marked::Complete(manifest) => Listed::new(manifest.keys().map(String::as_str)),
            Marked::Incomplete(paths) => Listed::new(paths.iter().map(String::as_str)),
        };
        let found = survey(&root, &listed)?;
        if let Some(first) = found.foreign.first() {
            let more = match found.foreign.len() - 1 {
                0 => String::new(),
                others => format!(" (and {others} more)"),
            };
            let problem = match marked {
                Marked::Unmarked => format!(
                    "it holds {}{more} but no huddle marker, so huddle did not write it",
                    first.display()
                ),
                _ => format!("{}{more} was not written by huddle", first.display()),
            };
            return Err(refuse(&root, first, &problem));
        }
        let trusted = match marked {
            Marked::Complete(manifest) => manifest
                .into_iter()
                .filter(|(path, stamp)| found.files.get(path) == Some(&stamp.size))
                .collect(),
            _ => HashMap::new(),
        };
        Ok(CheckedSpare {
            root,
            exists: true,
            files: found.files,
            folders: found.folders,
            trusted,
        })
    }
}

/// Readies the spare for `plan`, before any of its files is written:
/// marks it incomplete (listing every file it may hold until it is
/// complete), removes the files and folders the plan lacks, and creates
/// every folder the plan needs, once.
pub(super) fn prepare(spare: &CheckedSpare, plan: &Plan) -> Result<(), OutputError> {
    let root = &spare.root;
    if !spare.exists {
        if let Some(parent) = root.parent() {
            fs::create_dir_all(parent).map_err(|error| io_error("create", parent, error))?;
        }
        fs::create_dir(root).map_err(|error| io_error("create", root, error))?;
    }
    // Until the manifest is written, the spare may hold any file it holds now
    // and any planned one (perhaps half written).
    let mut possible: Vec<&str> = spare.files.keys().map(String::as_str).collect();
    possible.extend(
        plan.order
            .iter()
            .copied()
            .filter(|path| !spare.files.contains_key(*path)),
    );
    replace_incomplete(root, &manifest::render_incomplete(possible))?;
    remove_if_there(&root.join(MARKER))?;

    // Files first, then the folders they leave empty, deepest first. A
    // folder the new generation lacks holds no file it keeps.
    spare
        .files
        .par_iter()
        .filter(|(path, _)| !plan.index.contains_key(path.as_str()))
        .try_for_each(|(path, _)| remove_if_there(&root.join(path)))?;
    let unwanted = spare
        .folders
        .iter()
        .map(String::as_str)
        .filter(|folder| plan.folders.binary_search(folder).is_err());
    for level in by_depth(unwanted).into_values().rev() {
        level.par_iter().try_for_each(|folder| {
            let path = root.join(folder);
            fs::remove_dir(&path).map_err(|error| io_error("remove", &path, error))
        })?;
    }
    let missing = plan
        .folders
        .iter()
        .copied()
        .filter(|folder| !spare.folders.contains(*folder));
    for level in by_depth(missing).into_values() {
        create_folders(root, &level)?;
    }
    Ok(())
}

/// Writes the manifest of a spare whose every file is in place, and takes
/// its in-progress marker off: from here on it is a complete generation.
pub(super) fn complete(
    spare: &CheckedSpare,
    entries: Vec<(&str, Stamp)>,
    audience: Audience,
) -> Result<(), OutputError> {
    let root = &spare.root;
    write_new(
        &root.join(MARKER),
        manifest::render(entries, audience).as_bytes(),
    )?;
    let incomplete = root.join(INCOMPLETE);
    fs::remove_file(&incomplete).map_err(|error| io_error("remove", &incomplete, error))
}

/// Creates the folders of one level. Most of a site's folders share a
/// parent (`stories/` holds one per story), and the kernel adds one entry
/// to a folder at a time: threads creating entries in the same parent only
/// wait for each other, spinning on the core the pages render on. So each
/// parent's folders are made by one thread, parents in parallel.
fn create_folders(root: &Path, level: &[&str]) -> Result<(), OutputError> {
    let mut by_parent: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for folder in level {
        let parent = folder.rsplit_once('/').map_or("", |(parent, _)| parent);
        by_parent.entry(parent).or_default().push(folder);
    }
    by_parent.into_par_iter().try_for_each(|(_, folders)| {
        folders.iter().try_for_each(|folder| {
            let path = root.join(folder);
            fs::create_dir(&path).map_err(|error| io_error("create", &path, error))
        })
    })
}

/// Puts one file into the spare unless it is there already; `true` when the
/// live output has the same bytes.
pub(super) fn place(
    spare: &CheckedSpare,
    file: &OutputFile,
    previous: Option<&Previous>,
) -> Result<(Stamp, bool), OutputError> {
    let bytes = read_bytes(&file.contents)?;
    let stamp = Stamp::of(&bytes);
    let live = previous.filter(|previous| previous.linkable.get(&file.path) == Some(&stamp));
    if spare.trusted.get(&file.path) == Some(&stamp) {
        return Ok((stamp, live.is_some()));
    }
    let target = spare.root.join(&file.path);
    if spare.files.contains_key(&file.path) {
        remove_if_there(&target)?;
    }
    if let Some(live) = live {
        // A failed link (another file system, link limit) is only a lost
        // shortcut: the file is written below instead.
        if fs::hard_link(live.root.join(&file.path), &target).is_ok() {
            return Ok((stamp, true));
        }
    }
    write_new(&target, &bytes)?;
    Ok((stamp, live.is_some()))
}

/// Writes the in-progress marker beside the old one and renames it over, so
/// that a build killed meanwhile leaves the old marker whole.
fn replace_incomplete(root: &Path, text: &str) -> Result<(), OutputError> {
    let next = root.join(INCOMPLETE_NEXT);
    remove_if_there(&next)?;
    write_new(&next, text.as_bytes())?;
    let incomplete = root.join(INCOMPLETE);
    fs::rename(&next, &incomplete).map_err(|error| io_error("write", &incomplete, error))
}

/// Groups folders by how deep they are, so that each level can be created
/// (or removed) in parallel once the level above (or below) is done.
fn by_depth<'folders>(
    folders: impl Iterator<Item = &'folders str>,
) -> BTreeMap<usize, Vec<&'folders str>> {
    let mut levels: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for folder in folders {
        levels
            .entry(folder.matches('/').count())
            .or_default()
            .push(folder);
    }
    levels
}

fn remove_if_there(path: &Path) -> Result<(), OutputError> {
    match fs::remove_file(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => {
            Err(io_error("remove", path, error))
        }
        _ => Ok(()),
    }
}

fn read_marker<T>(
    root: &Path,
    marker: &Path,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, OutputError> {
    let text = fs::read_to_string(marker).map_err(|error| io_error("read", marker, error))?;
    parse(&text).map_err(|problem| {
        let problem = format!("its marker {} is damaged ({problem})", marker.display());
        refuse(root, marker, &problem)
    })
}

/// The spare is never used nor deleted when huddle cannot vouch for all of
/// it; the person who put something there decides.
fn refuse(root: &Path, path: &Path, problem: &str) -> OutputError {
    let message = format!(
        "refusing to use {}: {problem}; huddle keeps the build before last there to update it in place: move what is yours out of it, or delete the folder",
        root.display()
    );
    refused(path, message)
}
