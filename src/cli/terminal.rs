//! What every command prints the same way: diagnostics, failures, paths.

use std::path::{Path, PathBuf};

use huddle::config::CONFIG_FILE;
use huddle::diagnostic::Diagnostic;

use super::{Global, Outcome};

/// The given root, or the nearest folder above the current one with a huddle.yaml.
pub fn site_root(global: &Global) -> Result<PathBuf, ()> {
    if let Some(root) = &global.root {
        return Ok(root.clone());
    }
    let current = std::env::current_dir().map_err(|error| {
        eprintln!("error: cannot read the current folder: {error}");
    })?;
    let mut folder: &Path = &current;
    loop {
        if folder.join(CONFIG_FILE).is_file() {
            return Ok(folder.to_path_buf());
        }
        match folder.parent() {
            Some(parent) => folder = parent,
            // Let the build report the missing config in the current folder.
            None => return Ok(current),
        }
    }
}

pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        eprintln!("{diagnostic}\n");
    }
}

pub fn fail(message: &dyn std::fmt::Display) -> Outcome {
    eprintln!("error: {message}");
    Err(())
}

/// Prints `what: N error(s)`.
pub fn fail_with_count(diagnostics: &[Diagnostic], what: &str) -> Outcome {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    eprintln!("{what}: {errors} error(s)");
    Err(())
}

/// A path relative to the current folder when it is below it.
pub fn display_relative(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|current| path.strip_prefix(current).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}
