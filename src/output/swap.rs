//! The folders beside the output and the one step that swaps a new
//! generation in.
//!
//! `renameat2(RENAME_EXCHANGE)` swaps the new generation and the output in one
//! atomic step, so the output path always holds a complete site, and the
//! replaced generation is then where the new one was: the spare. Some file
//! systems refuse it; then three renames do the job, leaving a moment without
//! an output, which the next build repairs if this one is killed in it.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{INCOMPLETE, MARKER, OutputError, io_error, is_file, refused};

/// The folders beside the output that a build uses: `.public.huddle-spare`
/// holds the build before last, which the next build updates and swaps in;
/// `.public.huddle-old` the previous output while the output is swapped with
/// renames instead of one exchange. Before the spare, huddle wrote each new
/// generation into `.public.huddle-new`; what a killed build left there is
/// still cleared.
pub(super) struct Siblings {
    pub(super) spare: PathBuf,
    pub(super) staging: PathBuf,
    pub(super) replaced: PathBuf,
}

impl Siblings {
    pub(super) fn of(output: &Path) -> Siblings {
        let name = output.file_name().unwrap_or_default();
        let sibling = |suffix: &str| {
            let mut sibling = OsString::from(".");
            sibling.push(name);
            sibling.push(suffix);
            output.with_file_name(sibling)
        };
        Siblings {
            spare: sibling(".huddle-spare"),
            staging: sibling(".huddle-new"),
            replaced: sibling(".huddle-old"),
        }
    }

    /// Tidies what a killed build left. If it was killed between the
    /// renames of the fallback swap, the output is missing and the previous
    /// generation is put back; if killed after the second, the previous
    /// generation becomes the spare, as the third would have made it.
    pub(super) fn clear_leftovers(&self, output: &Path) -> Result<(), OutputError> {
        if is_leftover(&self.replaced)? {
            if is_missing(output)? {
                fs::rename(&self.replaced, output)
                    .map_err(|error| io_error("restore", &self.replaced, error))?;
            } else if is_missing(&self.spare)? {
                // The spare is checked from top to bottom before it is used.
                fs::rename(&self.replaced, &self.spare)
                    .map_err(|error| io_error("restore", &self.replaced, error))?;
            } else {
                remove_generation(&self.replaced)
                    .map_err(|error| io_error("remove", &self.replaced, error))?;
            }
        }
        if is_leftover(&self.staging)? {
            remove_generation(&self.staging)
                .map_err(|error| io_error("remove", &self.staging, error))?;
        }
        Ok(())
    }
}

/// Takes an exclusive lock on the folder that holds the output (and its
/// siblings), waiting while another build holds it; the lock ends when the
/// returned file is dropped, or the process dies. Best effort: where the
/// folder cannot be opened or locked (some network file systems), builds
/// go unserialised as before.
pub(super) fn lock_folder_of(output: &Path) -> Option<fs::File> {
    let parent = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent).ok()?;
    let folder = fs::File::open(parent).ok()?;
    #[cfg(unix)]
    rustix::fs::flock(&folder, rustix::fs::FlockOperation::LockExclusive).ok()?;
    Some(folder)
}

fn is_missing(path: &Path) -> Result<bool, OutputError> {
    match fs::symlink_metadata(path) {
        Ok(_) => Ok(false),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(true),
        Err(error) => Err(io_error("inspect", path, error)),
    }
}

/// A sibling is huddle's to remove only if it carries one of its markers, or
/// is empty: what `remove_generation` leaves when killed at its last step.
fn is_leftover(sibling: &Path) -> Result<bool, OutputError> {
    let metadata = match fs::symlink_metadata(sibling) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(error) => return Err(io_error("inspect", sibling, error)),
        Ok(metadata) => metadata,
    };
    if metadata.is_dir() {
        if is_file(&sibling.join(MARKER)) || is_file(&sibling.join(INCOMPLETE)) {
            return Ok(true);
        }
        let mut entries =
            fs::read_dir(sibling).map_err(|error| io_error("read", sibling, error))?;
        if entries.next().is_none() {
            return Ok(true);
        }
    }
    let message = format!(
        "refusing to remove {}: huddle uses this name for unfinished builds, but it carries no huddle marker; move it away or delete it",
        sibling.display()
    );
    Err(refused(sibling, message))
}

/// Deletes a generation with its markers last, so that a build killed while
/// deleting (the slowest step on some disks) leaves a folder the next build
/// still recognises as its own.
pub(super) fn remove_generation(generation: &Path) -> io::Result<()> {
    for entry in fs::read_dir(generation)? {
        let entry = entry?;
        let name = entry.file_name();
        if name == MARKER || name == INCOMPLETE {
            continue;
        }
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())?;
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    for marker in [INCOMPLETE, MARKER] {
        match fs::remove_file(generation.join(marker)) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
            _ => {}
        }
    }
    fs::remove_dir(generation)
}

/// Puts the updated spare in the output's place; the replaced output, if
/// there was one, is the spare afterwards.
pub(super) fn swap_in(
    spare: &Path,
    output: &Path,
    replaced: &Path,
    output_exists: bool,
) -> io::Result<()> {
    if !output_exists {
        return fs::rename(spare, output);
    }
    if exchange(spare, output)? {
        return Ok(());
    }
    rotate_by_renames(spare, output, replaced)
}

/// Swaps two folders in one step; `false` when the file system cannot.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(super) fn exchange(first: &Path, second: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, first, CWD, second, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
        Err(errno) => Err(errno.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(super) fn exchange(_first: &Path, _second: &Path) -> io::Result<bool> {
    Ok(false)
}

/// The fallback: the output is missing for a moment, and a build killed in
/// that moment is repaired by the next one (`clear_leftovers`).
pub(super) fn rotate_by_renames(spare: &Path, output: &Path, replaced: &Path) -> io::Result<()> {
    fs::rename(output, replaced)?;
    if let Err(error) = fs::rename(spare, output) {
        let _ = fs::rename(replaced, output);
        return Err(error);
    }
    // The new site is in place. Should this last step fail, the next build
    // makes the previous generation the spare (`clear_leftovers`).
    let _ = fs::rename(replaced, spare);
    Ok(())
}
