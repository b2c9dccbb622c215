//! The driver's bookkeeping files: the `.huddle-output` marker and the flag
//! of a build with drafts or private data live in the output folder for
//! huddle's own use; readers never get them from the sitemap or `serve`.

use crate::common;

use huddle::config::BuildOptions;
use huddle::date::Date;
use huddle::driver::Session;

use common::{Site, assert_lacks};

fn beside_output(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(&site.root)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_build_with_drafts_flags_its_own_generation_and_the_next_build_drops_it() {
    let site = Site::fixture("team");
    site.build().success();
    site.run(&["build", "--drafts"]).success();
    // The flag is inside the generation, written before it was swapped in.
    assert!(site.exists(".huddle-sensitive"));
    assert_eq!(beside_output(&site), [".public.huddle-spare"]);
    site.build().success();
    assert!(!site.exists(".huddle-sensitive"));
    // The spare was the drafts build: deleted, not kept beside the site.
    assert_eq!(beside_output(&site), Vec::<String>::new());
    site.build().success();
    assert_eq!(beside_output(&site), [".public.huddle-spare"]);
}

#[test]
fn the_flag_of_earlier_versions_beside_the_output_still_drops_the_spare() {
    let site = Site::fixture("team");
    site.build().success();
    site.build().success();
    std::fs::write(site.path(".public.huddle-sensitive"), "old flag\n").unwrap();
    site.build().success();
    assert_eq!(beside_output(&site), Vec::<String>::new());
}

#[test]
fn the_output_marker_is_neither_in_the_sitemap_nor_served() {
    let site = Site::fixture("team");
    site.build().success();
    assert!(site.exists(".huddle-output"), "the marker stays on disk");
    let sitemap = site.read("sitemap.xml");
    assert_lacks(&sitemap, ".huddle-output");
    assert_lacks(&sitemap, ".huddle-sensitive");

    let mut options = BuildOptions::new(&site.root);
    options.today = Date::parse(common::TODAY);
    options.drafts = true;
    let session = Session::start(options).unwrap();
    let snapshot = huddle::serve::snapshot(&session);
    for name in [".huddle-output", ".huddle-sensitive"] {
        assert!(
            !session.outputs().contains_key(name) && !snapshot.files.contains_key(name),
            "serve answers {name}"
        );
    }
}
