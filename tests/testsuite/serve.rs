//! `huddle serve` as an author uses it: start it, edit, create, delete and
//! rename files, break one and fix it, and see the served site follow —
//! over HTTP, with the real binary. Waiting is bounded polling for the
//! expected state, never a sleep used as an assertion.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Site;

/// A running `huddle serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(site: &Site, args: &[&str]) -> Server {
        Server::start_waiting(site, args, false)
    }

    /// Starts and, with `until_built`, waits for the first build to be served.
    fn start_waiting(site: &Site, args: &[&str], until_built: bool) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("huddle"))
            .args(["serve", "--port", "0"])
            .args(args)
            .current_dir(&site.root)
            .env("HUDDLE_TODAY", common::TODAY)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let first = lines.next().unwrap().unwrap();
        let url = first
            .strip_prefix("Serving at ")
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("unexpected first line: {first}"))
            .to_string();
        let port = url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        if until_built {
            for line in lines.by_ref() {
                if line.unwrap().starts_with("Built") {
                    break;
                }
            }
        }
        // Keep reading stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, port }
    }

    /// GET `path`; returns (status, body).
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        )
        .unwrap();
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let text = String::from_utf8_lossy(&response).into_owned();
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or(0);
        let body = text
            .split_once("\r\n\r\n")
            .map(|(_, body)| body.to_string())
            .unwrap_or_default();
        (status, body)
    }

    /// The first event of a fresh live-reload stream: the served version and
    /// the build error the tabs show, if any.
    fn hello(&self) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        write!(
            stream,
            "GET /__huddle/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAccept: text/event-stream\r\n\r\n",
            self.port
        )
        .unwrap();
        let reader = BufReader::new(stream);
        for line in reader.lines() {
            let line = line.unwrap();
            if let Some(data) = line.strip_prefix("data:") {
                return data.trim().to_string();
            }
        }
        String::new()
    }

    /// Polls `path` until `expect` holds for (status, body), up to 10 s.
    fn wait_for(&self, path: &str, what: &str, expect: impl Fn(u16, &str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (status, body) = self.get(path);
            if expect(status, &body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {path} to show {what}; last answer {status}:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serves_the_site_with_pretty_urls_and_its_404_page() {
    let site = Site::fixture("team");
    let server = Server::start(&site, &[]);
    let (status, body) = server.get("/stories/big-win/");
    assert_eq!(status, 200);
    assert!(body.contains("Big win at Acme"));
    assert!(
        body.contains("/__huddle/live.js"),
        "served pages carry the reload script"
    );
    let (status, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the site's own 404 page");
    // Drafts show in the author's preview, marked as drafts.
    let (status, body) = server.get("/stories/draft-story/");
    assert_eq!(status, 200);
    assert!(body.contains("draft"));
}

#[test]
fn an_edit_shows_on_the_next_request() {
    let site = Site::fixture("team");
    let server = Server::start(&site, &[]);
    let path = site.path("content/stories/big-win.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("Bo followed", "EDITED-LIVE Bo followed"),
    )
    .unwrap();
    server.wait_for("/stories/big-win/", "the edit", |status, body| {
        status == 200 && body.contains("EDITED-LIVE")
    });
    // The rep's page lists the story under its new summary.
    std::fs::write(
        &path,
        std::fs::read_to_string(&path)
            .unwrap()
            .replace("summary: Bo found the real pain.", "summary: A NEW SUMMARY"),
    )
    .unwrap();
    server.wait_for(
        "/skills/discovery/",
        "the new summary on a skill page",
        |_, body| !body.contains("Bo found the real pain."),
    );
}

#[test]
fn created_deleted_and_renamed_pages_follow() {
    let site = Site::fixture("team");
    let server = Server::start(&site, &[]);
    site.write(
        "content/stories/fresh-win.md",
        "---\ntitle: A fresh win\nrep: cy-rep\ndate: 2026-11-20\noutcome: won\n---\n\nNew.\n",
    );
    server.wait_for("/stories/fresh-win/", "the new story", |status, body| {
        status == 200 && body.contains("A fresh win")
    });
    server.wait_for("/reps/cy-rep/", "the story on its rep's page", |_, body| {
        body.contains("A fresh win")
    });
    std::fs::rename(
        site.path("content/stories/fresh-win.md"),
        site.path("content/stories/renamed-win.md"),
    )
    .unwrap();
    server.wait_for("/stories/renamed-win/", "the renamed story", |status, _| {
        status == 200
    });
    server.wait_for("/stories/fresh-win/", "the old URL gone", |status, _| {
        status == 404
    });
    std::fs::remove_file(site.path("content/stories/renamed-win.md")).unwrap();
    server.wait_for("/reps/cy-rep/", "the deleted story gone", |_, body| {
        !body.contains("A fresh win")
    });
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_until_it_is_fixed() {
    let site = Site::fixture("team");
    let server = Server::start(&site, &[]);
    let path = site.path("content/stories/big-win.md");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, good.replace("rep: bo-rep", "rep: nobody")).unwrap();
    // Open tabs are told, with the terminal's text, file and line.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let hello = server.hello();
        if hello.contains("unknown rep `nobody`") {
            assert!(hello.contains("content/stories/big-win.md:3:6"), "{hello}");
            break;
        }
        assert!(Instant::now() < deadline, "no error reported: {hello}");
        std::thread::sleep(Duration::from_millis(25));
    }
    let (status, body) = server.get("/stories/big-win/");
    assert_eq!(status, 200, "the last good page is still served");
    assert!(body.contains("Bo Rep"));
    std::fs::write(&path, good.replace("Bo followed", "FIXED Bo followed")).unwrap();
    server.wait_for("/stories/big-win/", "the fix", |_, body| {
        body.contains("FIXED")
    });
    assert!(
        server.hello().contains("\"error\":null"),
        "the overlay is cleared"
    );
}

#[test]
fn a_site_broken_from_the_start_is_served_once_it_builds() {
    let site = Site::fixture("team");
    let path = site.path("content/stories/big-win.md");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        good.replace("title: Big win at Acme", "title: [unclosed"),
    )
    .unwrap();
    let server = Server::start(&site, &[]);
    server.wait_for("/", "the error page", |_, body| {
        body.contains("does not build yet")
    });
    std::fs::write(&path, good).unwrap();
    server.wait_for("/stories/big-win/", "the site", |status, _| status == 200);
}

#[test]
fn the_server_answers_only_files_of_the_site() {
    let site = Site::fixture("team");
    site.write("secret.txt", "SECRET-OUTSIDE-OUTPUT");
    let server = Server::start(&site, &[]);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/stories/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/huddle.yaml",
        "/content/stories/big-win.md",
    ] {
        let (status, body) = server.get(path);
        assert!(status == 404 || status == 400, "{path} answered {status}");
        assert!(!body.contains("SECRET-OUTSIDE-OUTPUT"));
        assert!(!body.contains("rep: bo-rep"), "{path} leaked a source file");
    }
}

#[test]
fn build_output_never_contains_the_reload_script() {
    let site = Site::fixture("team");
    site.build();
    for file in site.output_files() {
        let bytes = std::fs::read(site.root.join("public").join(&file)).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__huddle"),
            "{file} contains the live-reload script"
        );
    }
}

#[test]
fn polling_sees_edits_on_file_systems_without_events() {
    let site = Site::fixture("team");
    // A polling watcher takes its first look in the background: let it finish.
    let server = Server::start_waiting(&site, &["--poll"], true);
    let path = site.path("content/reps/cy-rep.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("Cy joined this year.", "POLLED-EDIT")).unwrap();
    server.wait_for("/reps/cy-rep/", "the polled edit", |_, body| {
        body.contains("POLLED-EDIT")
    });
}

#[test]
fn build_watch_rewrites_the_output_on_every_change() {
    let site = Site::fixture("team");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("huddle"))
        .args(["build", "--watch"])
        .current_dir(&site.root)
        .env("HUDDLE_TODAY", common::TODAY)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for line in lines.by_ref() {
        if line.unwrap().starts_with("Watching") {
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    let story = site.path("content/stories/hard-loss.md");
    let text = std::fs::read_to_string(&story).unwrap();
    std::fs::write(
        &story,
        text.replace("We never met the CFO.", "WATCHED-EDIT"),
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let page = std::fs::read_to_string(site.path("public/stories/hard-loss/index.html"))
            .unwrap_or_default();
        if page.contains("WATCHED-EDIT") {
            break;
        }
        assert!(Instant::now() < deadline, "public/ never showed the edit");
        std::thread::sleep(Duration::from_millis(25));
    }
    let _ = child.kill();
    let _ = child.wait();
    // Every rewrite was a complete, checked site.
    site.check_output(&[]);
}

#[test]
fn a_drafts_missing_field_shows_in_the_overlay_while_the_rest_of_the_site_serves() {
    // `huddle new story` writes a draft with `rep:` empty; serve shows
    // drafts, so the problem is an error on that page — in the overlay,
    // at the closing `---` where the key goes — and everything else serves.
    let site = Site::fixture("team");
    site.write(
        "content/stories/unfinished.md",
        "---\ntitle: Unfinished\ndraft: true\nrep:\ndate: 2026-11-01\n---\nHalf written.\n",
    );
    let server = Server::start(&site, &[]);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let hello = server.hello();
        if hello.contains("missing `rep`") {
            assert!(
                hello.contains("content/stories/unfinished.md:6:1"),
                "{hello}"
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no draft error reported: {hello}"
        );
        std::thread::sleep(Duration::from_millis(25));
    }
    let (status, body) = server.get("/stories/big-win/");
    assert_eq!(status, 200, "the rest of the site is served");
    assert!(body.contains("Bo Rep"));
    // Filling the field in clears the overlay.
    site.write(
        "content/stories/unfinished.md",
        "---\ntitle: Unfinished\ndraft: true\nrep: bo-rep\ndate: 2026-11-01\n---\nHalf written.\n",
    );
    server.wait_for("/stories/unfinished/", "the draft", |status, body| {
        status == 200 && body.contains("Half written.")
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    while !server.hello().contains("\"error\":null") {
        assert!(Instant::now() < deadline, "the overlay is not cleared");
        std::thread::sleep(Duration::from_millis(25));
    }
}
