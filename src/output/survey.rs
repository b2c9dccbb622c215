//! Walks a generation to learn what it holds and whether anything in it was
//! not written by huddle.
//!
//! Once little has changed, these walks are most of a rebuild: at 10,000
//! pages, 10,000 folders to open, read and close and 10,000 files to stat.
//! Folders are independent, so each one's sub-folders are walked in
//! parallel.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::manifest::MARKERS;
use super::{OutputError, io_error, parent_folders};

/// The files a generation may hold; its folders are their parents.
pub(super) struct Listed<'paths> {
    files: HashSet<&'paths str>,
    folders: HashSet<&'paths str>,
}

/// What a walk found.
#[derive(Default)]
pub(super) struct Survey {
    /// Every listed file that is there, with its size.
    pub(super) files: HashMap<String, u64>,
    /// Every folder, relative to the generation's top, without the top.
    pub(super) folders: HashSet<String>,
    /// What huddle did not write, sorted: files and folders nothing lists,
    /// symbolic links, names that are not UTF-8. The walk does not enter a
    /// foreign folder.
    pub(super) foreign: Vec<PathBuf>,
}

impl<'paths> Listed<'paths> {
    pub(super) fn new(paths: impl IntoIterator<Item = &'paths str>) -> Listed<'paths> {
        let files: HashSet<&str> = paths.into_iter().collect();
        let folders = files.iter().flat_map(|path| parent_folders(path)).collect();
        Listed { files, folders }
    }
}

/// Walks `root`, which must be a folder. Its markers at the top are huddle's
/// and not reported.
pub(super) fn survey(root: &Path, listed: &Listed) -> Result<Survey, OutputError> {
    let found = walk_folder(root, "", listed)?;
    let mut survey = Survey {
        files: found.files.into_iter().collect(),
        folders: found.folders.into_iter().collect(),
        foreign: found.foreign,
    };
    survey.foreign.sort_unstable();
    Ok(survey)
}

/// One folder's findings and its sub-folders', merged as the walk returns.
#[derive(Default)]
struct Found {
    files: Vec<(String, u64)>,
    folders: Vec<String>,
    foreign: Vec<PathBuf>,
}

fn walk_folder(root: &Path, relative: &str, listed: &Listed) -> Result<Found, OutputError> {
    let folder = if relative.is_empty() {
        root.to_path_buf()
    } else {
        root.join(relative)
    };
    let mut found = Found::default();
    let mut subfolders = Vec::new();
    let entries = fs::read_dir(&folder).map_err(|error| io_error("read", &folder, error))?;
    for entry in entries {
        let entry = entry.map_err(|error| io_error("read", &folder, error))?;
        let file_type = entry
            .file_type()
            .map_err(|error| io_error("inspect", &entry.path(), error))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            found.foreign.push(entry.path());
            continue;
        };
        if relative.is_empty() && file_type.is_file() && MARKERS.contains(&name) {
            continue;
        }
        let path = if relative.is_empty() {
            name.to_owned()
        } else {
            format!("{relative}/{name}")
        };
        if file_type.is_dir() && listed.folders.contains(path.as_str()) {
            subfolders.push(path);
        } else if file_type.is_file() && listed.files.contains(path.as_str()) {
            let metadata = entry
                .metadata()
                .map_err(|error| io_error("inspect", &entry.path(), error))?;
            found.files.push((path, metadata.len()));
        } else {
            found.foreign.push(entry.path());
        }
    }
    let nested = subfolders
        .par_iter()
        .map(|subfolder| walk_folder(root, subfolder, listed))
        .try_reduce(Found::default, |left, right| Ok(left.merge(right)))?;
    found.folders.extend(subfolders);
    Ok(found.merge(nested))
}

impl Found {
    /// Appends the smaller to the larger, so merging up a tree of 10,000
    /// folders copies little.
    fn merge(self, other: Found) -> Found {
        let (mut larger, smaller) = if self.files.len() >= other.files.len() {
            (self, other)
        } else {
            (other, self)
        };
        larger.files.extend(smaller.files);
        larger.folders.extend(smaller.folders);
        larger.foreign.extend(smaller.foreign);
        larger
    }
}
