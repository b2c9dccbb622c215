//! Walks `content/` and reads every Markdown file, in parallel.

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;
use walkdir::WalkDir;

use super::{Asset, Content, SourceFile};
use crate::diagnostic::Diagnostic;

/// Finds and reads the site's content. Unreadable files are reported, the
/// rest still load, so one bad file does not hide the others' problems.
pub fn discover(content_dir: &Path) -> (Content, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(format!("no content folder at {}", content_dir.display()))
                .with_help("create content/ with your Markdown pages, or run `huddle init`"),
        );
        return (Content::default(), diagnostics);
    }
    let walker = WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_ignored(entry.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error
                    .path()
                    .map(|path| display_path(content_dir, path))
                    .unwrap_or_else(|| "content".into());
                diagnostics.push(
                    Diagnostic::error(format!("cannot read {path}: {}", io_reason(&error)))
                        .in_file(path),
                );
                continue;
            }
        };
        // content/ itself may be a symbolic link (to a shared checkout):
        // it is what the site says to read, and it is read.
        if entry.file_type().is_dir() || entry.depth() == 0 {
            continue;
        }
        let Some(relative) = relative_path(content_dir, entry.path()) else {
            diagnostics.push(
                Diagnostic::error("file name is not valid UTF-8")
                    .in_file(display_path(content_dir, entry.path()))
                    .with_help("rename the file using UTF-8 characters"),
            );
            continue;
        };
        // Output paths are `/`-separated and line-based in the output's
        // manifest; such a name would only fail later, without its file.
        if relative.contains('\\') || relative.contains(char::is_control) {
            diagnostics.push(
                Diagnostic::error("file name contains a backslash or a control character")
                    .in_file(format!("content/{}", relative.escape_debug()))
                    .with_help("rename the file using letters, digits, spaces, - and _"),
            );
            continue;
        }
        if entry.file_type().is_symlink() {
            diagnostics.push(
                Diagnostic::warning("skipping a symbolic link")
                    .in_file(format!("content/{relative}"))
                    .with_help("huddle reads only files inside content/; copy the file instead"),
            );
            continue;
        }
        // A named pipe would block the read for ever, and a device or socket
        // is no page either.
        if !entry.file_type().is_file() {
            diagnostics.push(
                Diagnostic::warning("skipping something that is not a regular file")
                    .in_file(format!("content/{relative}"))
                    .with_help("a pipe, socket or device cannot be a page or an asset; remove it"),
            );
            continue;
        }
        if is_markdown(&relative) {
            markdown.push((relative, entry.into_path()));
        } else {
            assets.push(Asset {
                relative,
                absolute: entry.into_path(),
                image: None,
            });
        }
    }

    // Image headers: a few bytes each, read beside the pages.
    assets
        .par_iter_mut()
        .filter(|asset| super::images::is_image_path(&asset.relative))
        .for_each(|asset| asset.image = super::images::read_size(&asset.absolute));

    // One `git log` for the whole folder, beside the reads.
    let history = {
        let content_dir = content_dir.to_path_buf();
        std::thread::spawn(move || super::git::last_commits(&content_dir))
    };
    let folders_with_index: HashSet<&str> = markdown
        .iter()
        .filter_map(|(relative, _)| {
            let (folder, name) = relative.rsplit_once('/').unwrap_or(("", relative));
            let stem = crate::kinds::strip_markdown_extension(name)?;
            matches!(stem, "index" | "_index").then_some(folder)
        })
        .collect();
    let read: Vec<Result<SourceFile, Diagnostic>> = markdown
        .par_iter()
        .map(|(relative, absolute)| {
            let display = format!("content/{relative}");
            let text = read_text(absolute, &display)?;
            let folder = relative.rsplit_once('/').map_or("", |(folder, _)| folder);
            Ok(SourceFile::new(
                relative,
                absolute.clone(),
                text,
                folders_with_index.contains(folder),
            ))
        })
        .collect();
    let history = history.join().unwrap_or_default();
    let mut files = Vec::with_capacity(read.len());
    for result in read {
        match result {
            Ok(mut file) => {
                file.last_commit = history.get(&file.relative).copied();
                files.push(file);
            }
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    move_pages_shadowed_by_folders(&mut files, &mut diagnostics);
    (Content { files, assets }, diagnostics)
}

/// `guide.md` and `guide/index.md` both want `guide/index.html`. GitHub
/// shows them as two pages, and handbooks grown over years have both; so
/// the folder keeps its URL and the plain page moves to `guide.html`, with
/// a warning. (Playbooks, stories and reps keep the error: their ids must
/// be unique.)
fn move_pages_shadowed_by_folders(files: &mut [SourceFile], diagnostics: &mut Vec<Diagnostic>) {
    use super::{Kind, Role};
    let folder_pages: HashSet<String> = files
        .iter()
        .filter(|file| file.kind == Kind::Page && is_folder_page(&file.relative))
        .map(|file| file.output_path.clone())
        .collect();
    for file in files.iter_mut() {
        if file.kind != Kind::Page
            || file.role != Role::Page
            || is_folder_page(&file.relative)
            || !folder_pages.contains(&file.output_path)
        {
            continue;
        }
        let moved = format!("{}.html", file.id);
        diagnostics.push(
            Diagnostic::warning(format!(
                "{} and the index page of the folder {}/ both want {}; this page is published at {moved}",
                file.display, file.id, file.output_path
            ))
            .in_file(&file.display)
            .with_help("rename one of them so each has a URL of its own"),
        );
        file.output_path = moved;
    }
}

fn is_folder_page(relative: &str) -> bool {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    stem == "index" || stem == "_index" || stem.eq_ignore_ascii_case("readme")
}

/// Dot-files, editor swap and backup files, and OS litter never become pages or assets.
pub fn is_ignored(name: &std::ffi::OsStr) -> bool {
    let Some(name) = name.to_str() else {
        return false;
    };
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "Thumbs.db"
        || name == "desktop.ini"
}

/// `.md`, `.markdown` and `.mdx` (read as Markdown text), in any case.
fn is_markdown(relative: &str) -> bool {
    crate::kinds::is_markdown_path(relative)
}

/// Reads a Markdown file's text as [`decode`] does, for the first build
/// and for every re-read under `serve` alike. What is no longer a regular
/// file (a pipe, a symbolic link swapped in) is not read: a pipe would block.
pub fn read_text(absolute: &Path, display: &str) -> Result<String, Diagnostic> {
    let cannot = |reason: String| Diagnostic::error(reason).in_file(display);
    match std::fs::symlink_metadata(absolute) {
        Ok(metadata) if !metadata.is_file() => {
            return Err(cannot("cannot read file: not a regular file".into())
                .with_help("a pipe, socket, device or symbolic link cannot be a page"));
        }
        Err(error) => return Err(cannot(format!("cannot read file: {error}"))),
        Ok(_) => {}
    }
    let bytes =
        std::fs::read(absolute).map_err(|error| cannot(format!("cannot read file: {error}")))?;
    decode(bytes).map_err(|(reason, line, column)| {
        let diagnostic = cannot(reason).with_help("save the file as UTF-8");
        match line {
            0 => diagnostic,
            line => diagnostic.at_position(line, column),
        }
    })
}

/// Text from bytes: UTF-8 with or without BOM, NUL replaced, old Mac line
/// endings (a lone CR) made newlines. UTF-16 is a clear error rather than
/// mojibake. The error carries its line and column (0 for the whole file).
fn decode(bytes: Vec<u8>) -> Result<String, (String, usize, usize)> {
    let utf16 = || ("file is UTF-16; huddle reads UTF-8".to_string(), 0, 0);
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(utf16());
    }
    // Without a byte-order mark, UTF-16 text is valid UTF-8 with a NUL
    // after (or before) every ASCII letter; no Markdown file looks like that.
    let nul_bytes = bytes.iter().filter(|&&byte| byte == 0).count();
    if bytes.len() >= 4 && nul_bytes * 3 >= bytes.len() {
        return Err(utf16());
    }
    match String::from_utf8(bytes) {
        // CommonMark replaces NUL with U+FFFD "for security reasons"; the
        // Markdown parser does not, so it would reach the HTML and the
        // search index as it is.
        Ok(text) if text.contains('\0') => Ok(lone_cr_to_lf(text.replace('\0', "\u{FFFD}"))),
        Ok(text) => Ok(lone_cr_to_lf(text)),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let before = std::str::from_utf8(&error.as_bytes()[..valid]).unwrap_or_default();
            let line = before.matches('\n').count() + 1;
            let column = before
                .rsplit('\n')
                .next()
                .unwrap_or_default()
                .chars()
                .count()
                + 1;
            Err((format!("invalid UTF-8 on line {line}"), line, column))
        }
    }
}

/// A CR not followed by LF ends a line to Markdown but not to the front
/// matter fences, which would publish a file's front matter (`private:`
/// too) as its body. Same length, so offsets stay put.
fn lone_cr_to_lf(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for at in 0..bytes.len() {
        if bytes[at] == b'\r' && bytes.get(at + 1) != Some(&b'\n') {
            bytes[at] = b'\n';
        }
    }
    // Only ASCII bytes changed.
    String::from_utf8(bytes).unwrap_or_default()
}

fn relative_path(root: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for component in relative.components() {
        parts.push(component.as_os_str().to_str()?);
    }
    Some(parts.join("/"))
}

fn display_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    format!("content/{}", relative.to_string_lossy())
}

fn io_reason(error: &walkdir::Error) -> String {
    if error.loop_ancestor().is_some() {
        return "symbolic link loop".into();
    }
    error
        .io_error()
        .map(ToString::to_string)
        .unwrap_or_else(|| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn decodes_utf8_with_nul_replaced_and_refuses_utf16() {
        assert_eq!(decode(b"a\0b".to_vec()).unwrap(), "a\u{FFFD}b");
        assert_eq!(
            decode("ok\nné ".bytes().chain([0xE9, b'\n']).collect()),
            Err(("invalid UTF-8 on line 2".into(), 2, 4))
        );
        assert_eq!(decode(b"a\rb\r\nc\r".to_vec()).unwrap(), "a\nb\r\nc\n");
        for utf16 in [vec![0xFF, 0xFE, b'#', 0], b"#\0 \0T\0i\0t\0l\0e\0".to_vec()] {
            assert!(decode(utf16).unwrap_err().0.contains("UTF-16"));
        }
    }
}
