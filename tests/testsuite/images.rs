//! Images for a phone: every `<img>` whose file the build can read gets its
//! `width` and `height`, all but a page's first load lazily, and a rep's
//! photo is resized to the size the theme shows, once: a second build takes
//! it from the cache beside the sources.

use crate::common;

use std::path::Path;

use huddle::config::BuildOptions;
use huddle::date::Date;
use huddle::driver::Session;
use huddle::output::Contents;

use common::Site;

/// A PNG of `width`×`height` pixels, in a gradient so it is no blank file.
fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut bytes = Vec::new();
    image
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

fn write_bytes(site: &Site, relative: &str, bytes: &[u8]) {
    let path = site.path(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn dimensions(path: &Path) -> (u32, u32) {
    image::ImageReader::open(path)
        .unwrap()
        .with_guessed_format()
        .unwrap()
        .into_dimensions()
        .unwrap()
}

const PAGE: &str = "---\ntitle: Pipeline\n---\n# Pipeline\n\n![The pipeline](chart.png)\n\nText.\n\n![Again](chart.png \"Q3\")\n\n<img src=\"chart.png\" alt=\"Raw\">\n\n![[chart.png]]\n";

#[test]
fn every_image_the_build_can_read_has_its_size_and_all_but_the_first_load_lazily() {
    let site = Site::with_files(&[("content/about/pipeline.md", PAGE)]);
    write_bytes(&site, "content/about/chart.png", &png(320, 180));
    site.build();
    let html = site.read("about/pipeline/index.html");
    let images: Vec<&str> = html
        .match_indices("<img")
        .map(|(at, _)| &html[at..at + html[at..].find('>').unwrap()])
        .collect();
    assert_eq!(images.len(), 4, "{html}");
    for image in &images {
        assert!(image.contains(r#"width="320" height="180""#), "{image}");
    }
    assert!(!images[0].contains("loading="), "{}", images[0]);
    for image in &images[1..] {
        assert!(image.contains(r#"loading="lazy""#), "{image}");
    }
    assert!(images[1].contains(r#"title="Q3""#), "{}", images[1]);
    site.check_output(&[]);
}

#[test]
fn a_portrait_jpeg_turned_by_its_exif_gets_the_size_it_is_shown_at() {
    // 40×20 pixels stored, with EXIF orientation 6 (turn 90°): shown 20×40.
    let stored = image::RgbImage::from_pixel(40, 20, image::Rgb([200, 10, 10]));
    let mut jpeg = Vec::new();
    stored
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    let tiff: [u8; 26] = [
        b'I', b'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0,
    ];
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut turned = jpeg[..2].to_vec();
    turned.extend([0xFF, 0xE1]);
    turned.extend(((app1.len() + 2) as u16).to_be_bytes());
    turned.extend(app1);
    turned.extend(&jpeg[2..]);
    let site = Site::with_files(&[(
        "content/about/team.md",
        "# Team\n\nIntro.\n\n![Us](team.jpg)\n",
    )]);
    write_bytes(&site, "content/about/team.jpg", &turned);
    site.build();
    let html = site.read("about/team/index.html");
    assert!(html.contains(r#"width="20" height="40""#), "{html}");
}

const REP: &str = "---\nname: Ana Lima\nphoto: ana.png\n---\nAna runs discovery.\n";

#[test]
fn a_reps_photo_is_resized_for_the_theme_linked_to_its_original_and_cached() {
    let site = Site::with_files(&[
        ("content/reps/ana-lima.md", REP),
        (
            "content/reps/bo-small.md",
            "---\nname: Bo Small\nphoto: bo.png\n---\nBo.\n",
        ),
    ]);
    write_bytes(&site, "content/reps/ana.png", &png(900, 600));
    write_bytes(&site, "content/reps/bo.png", &png(120, 120));
    site.build();

    // The page shows the small copy at the theme's size and links the original.
    let html = site.read("reps/ana-lima/index.html");
    assert!(
        html.contains(r#"<a class="photo-link" href="../../reps/ana.png"><img class="photo" src="../../reps/ana.192px.png" alt="Photo of Ana Lima" width="96" height="96"></a>"#),
        "{html}"
    );
    assert_eq!(
        dimensions(&site.path("public/reps/ana.192px.png")),
        (192, 192)
    );
    assert_eq!(dimensions(&site.path("public/reps/ana.png")), (900, 600));
    // A photo already that small is shown as it is.
    let small = site.read("reps/bo-small/index.html");
    assert!(small.contains(r#"src="../../reps/bo.png""#), "{small}");
    assert!(!site.exists("reps/bo.192px.png"));
    site.check_output(&[]);

    // The cache sits under the site root, never in content/.
    let cache = site.path(".huddle-cache/photos");
    let cached: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(cached.len(), 1, "{cached:?}");
    assert!(
        walkdir::WalkDir::new(site.path("content"))
            .into_iter()
            .filter_map(Result::ok)
            .all(|entry| !entry.file_name().to_string_lossy().contains("192")),
        "nothing is written into content/"
    );

    // The next build takes the photo from the cache: what the cache holds
    // is what it publishes, and the cached file is not written again.
    let marked = png(192, 191);
    std::fs::write(&cached[0], &marked).unwrap();
    let written = std::fs::metadata(&cached[0]).unwrap().modified().unwrap();
    site.build();
    assert_eq!(
        std::fs::read(site.path("public/reps/ana.192px.png")).unwrap(),
        marked
    );
    assert_eq!(
        std::fs::metadata(&cached[0]).unwrap().modified().unwrap(),
        written
    );

    // Another photo is another entry; the cache may be deleted at any time.
    write_bytes(&site, "content/reps/ana.png", &png(800, 800));
    std::fs::remove_dir_all(site.path(".huddle-cache")).unwrap();
    site.build();
    assert_eq!(
        dimensions(&site.path("public/reps/ana.192px.png")),
        (192, 192)
    );
}

#[test]
fn a_photo_that_cannot_be_decoded_is_a_warning_and_the_original_is_shown() {
    let site = Site::with_files(&[("content/reps/ana-lima.md", REP)]);
    let mut broken = png(400, 400);
    broken.truncate(80);
    write_bytes(&site, "content/reps/ana.png", &broken);
    let run = site.build();
    assert!(
        run.stderr().contains("cannot resize this photo"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("content/reps/ana.png"),
        "{}",
        run.stderr()
    );
    let html = site.read("reps/ana-lima/index.html");
    assert!(html.contains(r#"src="../../reps/ana.png""#), "{html}");
}

#[test]
fn init_keeps_the_cache_out_of_git() {
    let site = Site::empty();
    site.run(&["init", "wiki"]).success();
    let ignored = std::fs::read_to_string(site.path("wiki/.gitignore")).unwrap();
    assert!(
        ignored.lines().any(|line| line == "/.huddle-cache"),
        "{ignored}"
    );
}

fn options(site: &Site) -> BuildOptions {
    let mut options = BuildOptions::new(&site.root);
    options.today = Date::parse(common::TODAY);
    options
}

fn bytes(session: &Session, path: &str) -> Vec<u8> {
    match session.outputs().get(path) {
        Some(Contents::Bytes(bytes)) => bytes.to_vec(),
        Some(Contents::Copy(source)) => std::fs::read(source).unwrap(),
        None => panic!("no output {path}"),
    }
}

#[test]
fn serve_follows_an_image_replaced_by_one_of_another_size_and_a_new_photo() {
    let site = Site::with_files(&[
        ("content/about/pipeline.md", PAGE),
        ("content/reps/ana-lima.md", REP),
    ]);
    write_bytes(&site, "content/about/chart.png", &png(320, 180));
    write_bytes(&site, "content/reps/ana.png", &png(600, 600));
    write_bytes(&site, "content/reps/ana-2.png", &png(500, 700));
    let mut session = Session::start(options(&site)).unwrap();

    write_bytes(&site, "content/about/chart.png", &png(64, 48));
    let update = session
        .apply(&[site.path("content/about/chart.png")])
        .unwrap();
    assert!(
        update
            .changed
            .contains(&"about/pipeline/index.html".to_string())
    );
    let html = String::from_utf8(bytes(&session, "about/pipeline/index.html")).unwrap();
    assert!(html.contains(r#"width="64" height="48""#), "{html}");

    site.write(
        "content/reps/ana-lima.md",
        &REP.replace("ana.png", "ana-2.png"),
    );
    session
        .apply(&[site.path("content/reps/ana-lima.md")])
        .unwrap();
    assert!(session.outputs().contains_key("reps/ana-2.192px.png"));
    assert!(!session.outputs().contains_key("reps/ana.192px.png"));
    let fresh = Session::start(options(&site)).unwrap();
    assert_eq!(
        session.outputs().keys().collect::<Vec<_>>(),
        fresh.outputs().keys().collect::<Vec<_>>()
    );
    for path in fresh.outputs().keys() {
        assert_eq!(bytes(&session, path), bytes(&fresh, path), "{path}");
    }
}
