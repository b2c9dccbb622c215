use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;

use super::swap::rotate_by_renames;
use super::*;
use walkdir::WalkDir;

fn page(path: &str, text: &str) -> OutputFile {
    OutputFile {
        path: path.to_owned(),
        contents: Contents::Bytes(text.as_bytes().into()),
    }
}

/// Every file, folder and link under `root`, with file bytes, to compare a
/// folder before and after something that must not touch it.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    WalkDir::new(root)
        .into_iter()
        .map(|entry| {
            let entry = entry.unwrap();
            let bytes = entry
                .file_type()
                .is_file()
                .then(|| fs::read(entry.path()).unwrap());
            (entry.path().to_path_buf(), bytes)
        })
        .collect()
}

fn inode(path: &Path) -> u64 {
    fs::metadata(path).unwrap().ino()
}

fn links(path: &Path) -> u64 {
    fs::metadata(path).unwrap().nlink()
}

/// Every file and folder under `root`, relative, with file bytes: to compare
/// two generations.
fn tree(root: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    snapshot(root)
        .into_iter()
        .map(|(path, bytes)| (path.strip_prefix(root).unwrap().to_path_buf(), bytes))
        .collect()
}

/// Names in the folder that holds the output, to see that no sibling is left.
fn beside(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// Beside an output written more than once: the output and its spare.
const WITH_SPARE: [&str; 2] = [".public.huddle-spare", "public"];

fn site() -> Vec<OutputFile> {
    vec![
        page("index.html", "home"),
        page("stories/big-win/index.html", "big win"),
        page("stories/lost-deal/index.html", "lost deal"),
        page("reps/ana/index.html", "ana"),
    ]
}

fn written_site() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let output = temp.path().join("public");
    write_site(&output, &site()).unwrap();
    (temp, output)
}

/// A site written twice: the output and a spare that shares every file.
fn site_with_spare() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (temp, output) = written_site();
    write_site(&output, &site()).unwrap();
    let spare = temp.path().join(".public.huddle-spare");
    (temp, output, spare)
}

#[test]
fn first_write_creates_every_file_and_the_marker() {
    let temp = tempfile::tempdir().unwrap();
    let asset = temp.path().join("logo.svg");
    fs::write(&asset, "<svg/>").unwrap();
    let output = temp.path().join("public");
    let mut files = site();
    files.push(OutputFile {
        path: "assets/logo.svg".to_owned(),
        contents: Contents::Copy(asset),
    });

    let report = write_site(&output, &files).unwrap();

    assert_eq!(
        report,
        WriteReport {
            written: 5,
            linked: 0,
            removed: 0
        }
    );
    assert_eq!(
        fs::read_to_string(output.join("stories/big-win/index.html")).unwrap(),
        "big win"
    );
    assert_eq!(
        fs::read_to_string(output.join("assets/logo.svg")).unwrap(),
        "<svg/>"
    );
    assert!(is_huddle_output(&output));
    assert!(!output.join(INCOMPLETE).exists());
    let manifest = manifest::parse(&fs::read_to_string(output.join(MARKER)).unwrap()).unwrap();
    assert_eq!(manifest.len(), 5);
    assert_eq!(manifest["index.html"], Stamp::of(b"home"));
    assert_eq!(beside(temp.path()), ["logo.svg", "public"]);
}

#[test]
fn rewrite_links_unchanged_files_and_writes_changed_ones() {
    let (temp, output) = written_site();
    let home = inode(&output.join("index.html"));
    let big_win = inode(&output.join("stories/big-win/index.html"));
    let files = vec![
        page("index.html", "home"),
        page("stories/big-win/index.html", "bigger win"),
        page("reps/ana/index.html", "ana"),
        page("reps/bo/index.html", "bo"),
    ];

    let report = write_site(&output, &files).unwrap();

    assert_eq!(
        report,
        WriteReport {
            written: 2,
            linked: 2,
            removed: 1
        }
    );
    assert_eq!(inode(&output.join("index.html")), home);
    // The previous generation is the spare now, and shares the file.
    assert_eq!(fs::metadata(output.join("index.html")).unwrap().nlink(), 2);
    let changed = output.join("stories/big-win/index.html");
    assert_ne!(inode(&changed), big_win);
    assert_eq!(fs::read_to_string(changed).unwrap(), "bigger win");
    assert!(!output.join("stories/lost-deal").exists());
    assert_eq!(
        fs::read_to_string(output.join("reps/bo/index.html")).unwrap(),
        "bo"
    );
    assert_eq!(beside(temp.path()), WITH_SPARE);
}

#[test]
fn copied_files_are_compared_by_their_bytes() {
    let temp = tempfile::tempdir().unwrap();
    let asset = temp.path().join("logo.svg");
    fs::write(&asset, "<svg/>").unwrap();
    let output = temp.path().join("public");
    let files = [OutputFile {
        path: "logo.svg".to_owned(),
        contents: Contents::Copy(asset.clone()),
    }];
    write_site(&output, &files).unwrap();
    assert_eq!(write_site(&output, &files).unwrap().linked, 1);

    fs::write(&asset, "<svg></svg>").unwrap();
    assert_eq!(write_site(&output, &files).unwrap().written, 1);
    assert_eq!(
        fs::read_to_string(output.join("logo.svg")).unwrap(),
        "<svg></svg>"
    );
}

#[test]
fn a_file_edited_in_the_output_is_rewritten_not_linked() {
    let (_temp, output) = written_site();
    fs::write(output.join("index.html"), "hand edit").unwrap();

    let report = write_site(&output, &site()).unwrap();

    assert_eq!((report.written, report.linked), (1, 3));
    assert_eq!(
        fs::read_to_string(output.join("index.html")).unwrap(),
        "home"
    );
}

#[test]
fn an_existing_empty_folder_is_used() {
    let temp = tempfile::tempdir().unwrap();
    let output = temp.path().join("public");
    fs::create_dir(&output).unwrap();
    assert_eq!(write_site(&output, &site()).unwrap().written, 4);
    assert_eq!(beside(temp.path()), ["public"]);
}

#[test]
fn refuses_the_site_root_the_content_folder_and_their_ancestors() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("site");
    let content = root.join("content");
    fs::create_dir_all(&content).unwrap();
    let refusal = |output: &Path| check_output_folder(&root, &content, output).unwrap_err();

    assert!(refusal(&root).to_string().contains("it is the site root"));
    assert!(
        refusal(&root.join("content/../."))
            .to_string()
            .contains("it is the site root")
    );
    assert!(
        refusal(&content)
            .to_string()
            .contains("it is the content folder")
    );
    assert!(
        refusal(temp.path())
            .to_string()
            .contains("it contains the site root")
    );
    let inside = refusal(&content.join("public"));
    assert!(
        inside
            .to_string()
            .contains("it is inside the content folder")
    );
    assert!(
        refusal(&root.join("missing/../content"))
            .to_string()
            .contains("content folder")
    );

    check_output_folder(&root, &content, &root.join("public")).unwrap();
    check_output_folder(&root, &content, &temp.path().join("elsewhere/public")).unwrap();
}

#[test]
fn refuses_a_content_folder_reached_through_a_symbolic_link() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("site");
    fs::create_dir_all(root.join("content")).unwrap();
    std::os::unix::fs::symlink(&root, temp.path().join("alias")).unwrap();

    let error = check_output_folder(
        &root,
        &root.join("content"),
        &temp.path().join("alias/content"),
    )
    .unwrap_err();

    assert!(
        error.to_string().contains("it is the content folder"),
        "{error}"
    );
}

#[test]
fn refuses_a_file_or_a_symbolic_link_as_the_output() {
    let temp = tempfile::tempdir().unwrap();
    let file = temp.path().join("public");
    fs::write(&file, "notes").unwrap();
    let link = temp.path().join("linked");
    std::os::unix::fs::symlink(temp.path(), &link).unwrap();

    let error = write_site(&file, &site()).unwrap_err();
    assert!(
        error.to_string().contains("it is a file, not a folder"),
        "{error}"
    );
    let error = write_site(&link, &site()).unwrap_err();
    assert!(
        error.to_string().contains("it is a symbolic link"),
        "{error}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "notes");
}

#[test]
fn refuses_a_non_empty_folder_without_marker() {
    let temp = tempfile::tempdir().unwrap();
    let output = temp.path().join("public");
    fs::create_dir(&output).unwrap();
    fs::write(output.join("notes.txt"), "mine").unwrap();

    let error = write_site(&output, &site()).unwrap_err();

    let expected = format!(
        "refusing to write into {}: it holds files huddle did not write (no .huddle-output marker); choose another --out or empty it",
        output.display()
    );
    assert_eq!(error.to_string(), expected);
    let site_root = temp.path().join("site");
    let checked = check_output_folder(&site_root, &site_root.join("content"), &output);
    assert_eq!(checked.unwrap_err().to_string(), expected);
    assert_eq!(
        fs::read_to_string(output.join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(beside(temp.path()), ["public"]);
}

#[test]
fn refuses_to_replace_an_output_holding_a_foreign_file() {
    let (temp, output) = written_site();
    fs::write(output.join("CNAME"), "wiki.example.com").unwrap();
    fs::create_dir(output.join("stories/big-win/drafts")).unwrap();
    let before = snapshot(&output);

    let error = write_site(&output, &site()).unwrap_err();

    let message = error.to_string();
    assert!(
        message.contains(&format!(
            "{} (and 1 more) was not written by huddle",
            output.join("CNAME").display()
        )),
        "{message}"
    );
    assert!(message.contains("static/"), "{message}");
    assert_eq!(error.path(), output.join("CNAME"));
    assert_eq!(snapshot(&output), before);
    assert_eq!(beside(temp.path()), ["public"]);
}

#[test]
fn refuses_a_symbolic_link_inside_the_previous_output() {
    let (_temp, output) = written_site();
    std::os::unix::fs::symlink("index.html", output.join("home.html")).unwrap();

    let error = write_site(&output, &site()).unwrap_err();

    assert!(
        error
            .to_string()
            .contains("home.html was not written by huddle"),
        "{error}"
    );
    assert!(
        fs::symlink_metadata(output.join("home.html"))
            .unwrap()
            .is_symlink()
    );
}

#[test]
fn refuses_a_damaged_marker() {
    let (_temp, output) = written_site();
    fs::write(output.join(MARKER), "huddle-output 1\ngarbage\n").unwrap();

    let error = write_site(&output, &site()).unwrap_err();

    assert!(
        error
            .to_string()
            .contains("is damaged (line 2: expected `hash size path`)"),
        "{error}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let (temp, output) = written_site();
    let before = snapshot(&output);
    let mut files = site();
    files[0] = page("index.html", "new home");
    let missing = temp.path().join("static/missing.png");
    files.push(OutputFile {
        path: "missing.png".to_owned(),
        contents: Contents::Copy(missing.clone()),
    });

    let error = write_site(&output, &files).unwrap_err();

    assert!(
        error
            .to_string()
            .starts_with(&format!("cannot read {}: ", missing.display())),
        "{error}"
    );
    assert!(error::Error::source(&error).is_some());
    assert_eq!(snapshot(&output), before);
    assert_eq!(fs::metadata(output.join("index.html")).unwrap().nlink(), 1);
    // What the build did write stays in the spare, marked unfinished.
    assert_eq!(beside(temp.path()), WITH_SPARE);
    assert!(
        temp.path()
            .join(".public.huddle-spare")
            .join(INCOMPLETE)
            .is_file()
    );
}

#[test]
fn leftovers_of_a_killed_build_are_removed() {
    let (temp, output) = written_site();
    let staging = temp.path().join(".public.huddle-new");
    fs::create_dir_all(staging.join("stories")).unwrap();
    fs::write(staging.join(INCOMPLETE), "").unwrap();
    fs::write(staging.join("stories/half.html"), "half").unwrap();

    assert_eq!(write_site(&output, &site()).unwrap().linked, 4);
    assert_eq!(beside(temp.path()), WITH_SPARE);
}

#[test]
fn a_build_killed_while_deleting_is_cleaned_up_by_the_next() {
    let (temp, output) = written_site();
    let siblings = Siblings::of(&output);
    // Killed after deleting everything but the marker, then before `rmdir`.
    fs::create_dir(&siblings.staging).unwrap();
    fs::write(siblings.staging.join(MARKER), "huddle-output 1\n").unwrap();
    fs::create_dir(&siblings.replaced).unwrap();

    write_site(&output, &site()).unwrap();

    assert_eq!(beside(temp.path()), WITH_SPARE);
}

#[test]
fn a_build_killed_between_the_fallback_renames_is_repaired() {
    let (temp, output) = written_site();
    let siblings = Siblings::of(&output);
    fs::rename(&output, &siblings.replaced).unwrap();

    let report = write_site(&output, &site()).unwrap();

    assert_eq!(
        report.linked, 4,
        "the previous generation was put back and reused"
    );
    assert_eq!(beside(temp.path()), WITH_SPARE);
}

#[test]
fn refuses_a_leftover_name_without_marker() {
    let (temp, output) = written_site();
    let stranger = temp.path().join(".public.huddle-new");
    fs::create_dir(&stranger).unwrap();
    fs::write(stranger.join("keep.txt"), "keep").unwrap();

    let error = write_site(&output, &site()).unwrap_err();

    assert!(
        error
            .to_string()
            .starts_with(&format!("refusing to remove {}", stranger.display())),
        "{error}"
    );
    assert_eq!(
        fs::read_to_string(stranger.join("keep.txt")).unwrap(),
        "keep"
    );
}

#[test]
fn the_fallback_swap_replaces_the_output_and_keeps_it_as_the_spare() {
    let (temp, output) = written_site();
    let siblings = Siblings::of(&output);
    fs::create_dir(&siblings.spare).unwrap();
    fs::write(siblings.spare.join("new.html"), "new").unwrap();

    rotate_by_renames(&siblings.spare, &output, &siblings.replaced).unwrap();

    assert_eq!(fs::read_to_string(output.join("new.html")).unwrap(), "new");
    assert!(siblings.spare.join("index.html").exists());
    assert_eq!(beside(temp.path()), WITH_SPARE);
}

#[test]
fn later_builds_update_the_spare_in_place_and_swap_it_in() {
    let (temp, output) = written_site();
    let spare = temp.path().join(".public.huddle-spare");
    let (first, home) = (inode(&output), inode(&output.join("index.html")));

    write_site(&output, &site()).unwrap();

    assert_eq!(inode(&spare), first, "the replaced output is the spare");
    assert_eq!(inode(&output.join("index.html")), home);
    assert_eq!(links(&output.join("index.html")), 2);
    let second = inode(&output);

    // Change one page, drop one, add one in a new folder.
    let files = vec![
        page("index.html", "home"),
        page("stories/big-win/index.html", "bigger win"),
        page("reps/ana/index.html", "ana"),
        page("reps/bo/index.html", "bo"),
    ];
    let report = write_site(&output, &files).unwrap();

    assert_eq!(
        report,
        WriteReport {
            written: 2,
            linked: 2,
            removed: 1
        }
    );
    assert_eq!(
        inode(&output),
        first,
        "the spare was updated and swapped in"
    );
    assert_eq!(inode(&spare), second);
    assert_eq!(inode(&output.join("index.html")), home);
    assert_eq!(links(&output.join("index.html")), 2);
    let big_win = Path::new("stories/big-win/index.html");
    assert_eq!(links(&output.join(big_win)), 1);
    assert_eq!(fs::read_to_string(spare.join(big_win)).unwrap(), "big win");
    assert!(!output.join("stories/lost-deal").exists());
    assert_eq!(
        fs::read_to_string(output.join("reps/bo/index.html")).unwrap(),
        "bo"
    );

    let report = write_site(&output, &files).unwrap();

    assert_eq!((report.written, report.linked, report.removed), (0, 4, 0));
    assert_eq!(inode(&output), second);
    assert_eq!(inode(&output.join(big_win)), inode(&spare.join(big_win)));
    assert_eq!(links(&output.join(big_win)), 2);
    assert_eq!(tree(&output), tree(&spare));
    assert!(!output.join("stories/lost-deal").exists());
    assert_eq!(beside(temp.path()), WITH_SPARE);
}

#[test]
fn updating_a_file_the_spare_shares_never_changes_the_live_one() {
    let (_temp, output, spare) = site_with_spare();
    let index = Path::new("index.html");
    assert_eq!(inode(&spare.join(index)), inode(&output.join(index)));
    // Whatever the build does to the spare, the file the site is serving
    // right now must keep its bytes.
    let mut served = fs::File::open(output.join(index)).unwrap();
    let mut files = site();
    files[0] = page("index.html", "new home");

    write_site(&output, &files).unwrap();

    let mut bytes = String::new();
    std::io::Read::read_to_string(&mut served, &mut bytes).unwrap();
    assert_eq!(bytes, "home");
    assert_eq!(fs::read_to_string(spare.join(index)).unwrap(), "home");
    assert_eq!(fs::read_to_string(output.join(index)).unwrap(), "new home");
}

#[test]
fn a_failed_update_of_the_spare_leaves_the_output_and_the_next_build_finishes_it() {
    let (temp, output, spare) = site_with_spare();
    let before = snapshot(&output);
    let previous = tree(&output);
    let mut files = site();
    files[0] = page("index.html", "new home");
    files.remove(2);
    let logo = temp.path().join("static/logo.png");
    files.push(OutputFile {
        path: "logo.png".to_owned(),
        contents: Contents::Copy(logo.clone()),
    });

    let error = write_site(&output, &files).unwrap_err();

    assert!(
        error
            .to_string()
            .starts_with(&format!("cannot read {}: ", logo.display())),
        "{error}"
    );
    assert_eq!(snapshot(&output), before);
    assert!(spare.join(INCOMPLETE).is_file());
    assert!(!spare.join(MARKER).exists());
    assert!(
        !spare.join("stories/lost-deal").exists(),
        "the update had begun"
    );

    fs::create_dir(temp.path().join("static")).unwrap();
    fs::write(&logo, "png").unwrap();
    let report = write_site(&output, &files).unwrap();

    assert_eq!((report.written, report.linked, report.removed), (2, 2, 1));
    assert_eq!(
        fs::read_to_string(output.join("index.html")).unwrap(),
        "new home"
    );
    assert_eq!(fs::read_to_string(output.join("logo.png")).unwrap(), "png");
    assert!(!output.join("stories/lost-deal").exists());
    assert!(!output.join(INCOMPLETE).exists());
    assert_eq!(tree(&spare), previous);
    // The previous output, now the spare, is updated as usual.
    assert_eq!(write_site(&output, &files).unwrap().linked, 4);
    assert_eq!(tree(&output), tree(&spare));
}

#[test]
fn a_spare_killed_before_its_marker_was_in_place_is_used() {
    let (temp, output) = written_site();
    let spare = temp.path().join(".public.huddle-spare");
    fs::create_dir(&spare).unwrap();
    fs::write(spare.join(INCOMPLETE_NEXT), "huddle-incomplete 1\nindex.ht").unwrap();

    assert_eq!(write_site(&output, &site()).unwrap().linked, 4);
    assert_eq!(beside(temp.path()), WITH_SPARE);
    assert!(!output.join(INCOMPLETE_NEXT).exists());
}

#[test]
fn refuses_a_spare_holding_a_foreign_file_and_keeps_it() {
    let (_temp, output, spare) = site_with_spare();
    let notes = spare.join("stories/notes.txt");
    fs::write(&notes, "mine").unwrap();
    let (live, kept) = (snapshot(&output), snapshot(&spare));

    let error = write_site(&output, &site()).unwrap_err();

    let message = error.to_string();
    assert!(
        message.starts_with(&format!(
            "refusing to use {}: {} was not written by huddle; ",
            spare.display(),
            notes.display()
        )),
        "{message}"
    );
    assert!(message.contains("delete the folder"), "{message}");
    assert_eq!(error.path(), notes);
    assert_eq!(snapshot(&output), live);
    assert_eq!(snapshot(&spare), kept);
}

#[test]
fn refuses_a_spare_huddle_did_not_make_and_keeps_it() {
    let (temp, output) = written_site();
    let spare = temp.path().join(".public.huddle-spare");
    fs::create_dir(&spare).unwrap();
    fs::write(spare.join("keep.txt"), "keep").unwrap();

    let error = write_site(&output, &site()).unwrap_err();

    assert!(
        error.to_string().starts_with(&format!(
            "refusing to use {}: it holds {} but no huddle marker",
            spare.display(),
            spare.join("keep.txt").display()
        )),
        "{error}"
    );
    assert_eq!(fs::read_to_string(spare.join("keep.txt")).unwrap(), "keep");

    fs::remove_dir_all(&spare).unwrap();
    std::os::unix::fs::symlink(&output, &spare).unwrap();
    let error = write_site(&output, &site()).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("it is a file or a symbolic link, not a folder huddle made"),
        "{error}"
    );
    assert!(fs::symlink_metadata(&spare).unwrap().is_symlink());
}

#[test]
fn refuses_a_spare_with_a_damaged_marker() {
    let (_temp, output, spare) = site_with_spare();
    fs::write(spare.join(MARKER), "huddle-output 1\ngarbage\n").unwrap();

    let error = write_site(&output, &site()).unwrap_err();

    assert!(
        error
            .to_string()
            .contains("is damaged (line 2: expected `hash size path`)"),
        "{error}"
    );
    assert!(spare.join("index.html").exists());
}

#[test]
fn a_build_killed_before_the_last_fallback_rename_keeps_the_spare() {
    let (temp, output, spare) = site_with_spare();
    let siblings = Siblings::of(&output);
    let previous = inode(&spare);
    fs::rename(&spare, &siblings.replaced).unwrap();

    assert_eq!(write_site(&output, &site()).unwrap().linked, 4);

    assert_eq!(inode(&output), previous, "it was the spare again");
    assert_eq!(beside(temp.path()), WITH_SPARE);
}

#[test]
fn an_output_deleted_by_hand_is_rebuilt_from_the_spare() {
    let (temp, output, spare) = site_with_spare();
    let kept = inode(&spare);
    fs::remove_dir_all(&output).unwrap();

    let report = write_site(&output, &site()).unwrap();

    assert_eq!((report.written, report.linked), (4, 0));
    assert_eq!(inode(&output), kept);
    assert_eq!(beside(temp.path()), ["public"]);
    assert_eq!(
        fs::read_to_string(output.join("index.html")).unwrap(),
        "home"
    );
}

#[test]
fn bad_output_paths_are_rejected_before_anything_is_written() {
    let temp = tempfile::tempdir().unwrap();
    let output = temp.path().join("public");
    for bad in [
        "",
        "/etc/passwd",
        "../escape.html",
        "stories/../../escape.html",
        "stories//index.html",
        "stories/",
        "./index.html",
        "stories\\index.html",
        "nul\0.html",
        "line\nbreak.html",
        ".huddle-output",
        ".huddle-incomplete",
        ".huddle-incomplete.next",
    ] {
        let error = write_site(&output, &[page(bad, "x")]).unwrap_err();
        assert!(
            matches!(&error, OutputError::BadPath { path, .. } if path == bad),
            "{bad:?}: {error}"
        );
        assert!(
            error
                .to_string()
                .starts_with(&format!("invalid output path {bad:?}: "))
        );
    }
    let duplicate = [page("a.html", "one"), page("a.html", "two")];
    let error = write_site(&output, &duplicate).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid output path \"a.html\": two output files have this path"
    );
    let clash = [page("a", "file"), page("a/b.html", "inside")];
    assert!(
        matches!(write_site(&output, &clash), Err(OutputError::BadPath { path, .. }) if path == "a")
    );
    assert!(beside(temp.path()).is_empty());
}

#[test]
fn the_manifest_reads_back_what_it_wrote() {
    let entries = vec![("b c.html", Stamp::of(b"b")), ("a.html", Stamp::of(b"a"))];
    let text = manifest::render(entries, Audience::Published);
    assert!(text.starts_with("huddle-output 1\n"));
    assert!(text.find("a.html").unwrap() < text.find("b c.html").unwrap());
    let stamps = manifest::parse(&text).unwrap();
    assert_eq!(stamps["b c.html"], Stamp::of(b"b"));
    assert_eq!(stamps.len(), 2);
    assert!(
        manifest::parse("huddle-output 2\n")
            .unwrap_err()
            .contains("unknown version")
    );
}

#[test]
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange_swaps_two_folders_in_one_step() {
    let temp = tempfile::tempdir().unwrap();
    let (first, second) = (temp.path().join("first"), temp.path().join("second"));
    fs::create_dir(&first).unwrap();
    fs::create_dir(&second).unwrap();
    fs::write(first.join("one"), "").unwrap();

    if !swap::exchange(&first, &second).unwrap() {
        return; // This file system cannot; `the_fallback_swap_replaces_the_output` covers it.
    }

    assert!(second.join("one").exists());
    assert!(!first.join("one").exists());
}
