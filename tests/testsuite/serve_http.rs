//! The dev server over real HTTP: each test starts a server on a free
//! loopback port with a snapshot built by hand and talks to it through raw
//! TCP, so it can send what a browser never would (traversal attempts,
//! broken requests, foreign Host headers, half a request).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use huddle::serve::{Body, LiveSite, RunningServer, ServeError, ServerOptions, Snapshot, start};

const PAGE: &str = "<!doctype html><html><head><link rel=\"stylesheet\" href=\"../../style.css\">\
                    </head><body><h1>Big win</h1></body></html>";
/// No test waits longer than this for anything; a hang fails instead.
const PATIENCE: Duration = Duration::from_secs(5);

fn snapshot() -> Snapshot {
    let mut snapshot = Snapshot::new();
    snapshot.insert("index.html", "<html><body><h1>Home</h1></body></html>");
    snapshot.insert("stories/big-win/index.html", PAGE);
    snapshot.insert("style.css", "body { color: black }");
    snapshot.insert(
        "404.html",
        "<html><body><h1>Nothing here</h1></body></html>",
    );
    snapshot
}

fn serve(snapshot: Snapshot) -> (RunningServer, Arc<LiveSite>) {
    serve_with(ServerOptions::loopback(0), snapshot)
}

fn serve_with(options: ServerOptions, snapshot: Snapshot) -> (RunningServer, Arc<LiveSite>) {
    let site = LiveSite::new(snapshot);
    let server = start(&options, Arc::clone(&site)).expect("the server starts");
    (server, site)
}

/// A parsed response.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn connect(address: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(address).expect("connects");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream
}

/// Sends raw bytes and reads the response until the server closes.
fn send(address: SocketAddr, request: &[u8]) -> Reply {
    let mut stream = connect(address);
    stream.write_all(request).unwrap();
    let mut bytes = Vec::new();
    stream
        .read_to_end(&mut bytes)
        .expect("the server answers and closes");
    parse(&bytes)
}

fn parse(bytes: &[u8]) -> Reply {
    let end = bytes
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no complete head in {:?}", String::from_utf8_lossy(bytes)));
    let head = std::str::from_utf8(&bytes[..end]).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(':').unwrap();
            (name.to_owned(), value.trim().to_owned())
        })
        .collect();
    Reply {
        status,
        headers,
        body: bytes[end + 4..].to_vec(),
    }
}

fn request(address: SocketAddr, method: &str, path: &str) -> Reply {
    send(
        address,
        format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    )
}

fn get(address: SocketAddr, path: &str) -> Reply {
    request(address, "GET", path)
}

/// The generation a served page says it shows.
fn page_version(reply: &Reply) -> String {
    let text = reply.text();
    let start = text
        .find("data-huddle-version=\"")
        .expect("the page has the client")
        + 21;
    let length = text[start..].find('"').unwrap();
    text[start..start + length].to_owned()
}

/// An open `/__huddle/events` stream, read as a browser would.
struct Events {
    reader: BufReader<TcpStream>,
    pending: Vec<u8>,
}

impl Events {
    fn open(address: SocketAddr) -> Events {
        let mut stream = connect(address);
        write!(
            stream,
            "GET /__huddle/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
            address.port()
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        while !head.ends_with("\r\n\r\n") {
            assert!(
                reader.read_line(&mut head).unwrap() > 0,
                "the stream closed: {head}"
            );
        }
        let reply = parse(head.as_bytes());
        assert_eq!(reply.status, 200);
        assert_eq!(reply.header("content-type"), Some("text/event-stream"));
        assert_eq!(reply.header("transfer-encoding"), Some("chunked"));
        Events {
            reader,
            pending: Vec::new(),
        }
    }

    /// The next event's name and data, skipping comments and `retry:`.
    fn next(&mut self) -> (String, serde_json::Value) {
        loop {
            if let Some(end) = self.pending.windows(2).position(|window| window == b"\n\n") {
                let frame = String::from_utf8(self.pending.drain(..end + 2).collect()).unwrap();
                let mut name = None;
                let mut data = None;
                for line in frame.lines() {
                    if let Some(value) = line.strip_prefix("event: ") {
                        name = Some(value.to_owned());
                    } else if let Some(value) = line.strip_prefix("data: ") {
                        data = Some(serde_json::from_str(value).unwrap());
                    }
                }
                if let (Some(name), Some(data)) = (name, data) {
                    return (name, data);
                }
                continue;
            }
            let chunk = self.chunk().expect("the stream stays open");
            self.pending.extend(chunk);
        }
    }

    /// One chunk of the chunked body; `None` at its end or when the server
    /// closes the connection.
    fn chunk(&mut self) -> Option<Vec<u8>> {
        let mut size = String::new();
        if self.reader.read_line(&mut size).ok()? == 0 {
            return None;
        }
        let size = usize::from_str_radix(size.trim(), 16).ok()?;
        let mut chunk = vec![0; size + 2];
        self.reader.read_exact(&mut chunk).ok()?;
        chunk.truncate(size);
        (size > 0).then_some(chunk)
    }

    /// Waits for the server to end the stream.
    fn expect_end(&mut self) {
        while let Some(chunk) = self.chunk() {
            assert!(chunk.starts_with(b":"), "an event after the end: {chunk:?}");
        }
    }
}

fn assert_no_cors(reply: &Reply) {
    for (name, _) in &reply.headers {
        assert!(
            !name.to_ascii_lowercase().starts_with("access-control-"),
            "a CORS header: {name}"
        );
    }
}

#[test]
fn serves_the_snapshot_with_content_types_lengths_and_headers() {
    let mut files = snapshot();
    for (path, _) in CONTENT_TYPES {
        files.insert(*path, vec![1, 2, 3]);
    }
    let (server, _site) = serve(files);
    let address = server.address();
    for (path, content_type) in CONTENT_TYPES {
        let reply = get(address, &format!("/{path}"));
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(*content_type), "{path}");
        assert_eq!(reply.body, [1, 2, 3], "{path}");
        assert_eq!(reply.header("content-length"), Some("3"), "{path}");
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(reply.header("cache-control"), Some("no-cache"), "{path}");
        assert_no_cors(&reply);
    }
    let page = get(address, "/stories/big-win/index.html");
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_eq!(
        page.header("content-length"),
        Some(page.body.len().to_string().as_str())
    );
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
}

const CONTENT_TYPES: &[(&str, &str)] = &[
    ("style2.css", "text/css; charset=utf-8"),
    ("search/index.js", "text/javascript; charset=utf-8"),
    ("logo.svg", "image/svg+xml"),
    ("reps/jane/photo.PNG", "image/png"),
    ("a.jpg", "image/jpeg"),
    ("a.jpeg", "image/jpeg"),
    ("a.gif", "image/gif"),
    ("a.webp", "image/webp"),
    ("playbooks/deck.pdf", "application/pdf"),
    ("atom.xml", "application/xml"),
    ("feed.atom", "application/atom+xml"),
    ("search.json", "application/json"),
    ("robots.txt", "text/plain; charset=utf-8"),
    ("fonts/inter.woff2", "font/woff2"),
    ("favicon.ico", "image/x-icon"),
    ("notes.unknownext", "application/octet-stream"),
    ("LICENSE", "application/octet-stream"),
];

#[test]
fn html_gets_the_live_reload_client_but_the_snapshot_does_not() {
    let mut files = snapshot();
    let bare: Arc<[u8]> = Arc::from(b"<p>no body tag".as_slice());
    files.insert("bare.html", Body::Bytes(Arc::clone(&bare)));
    let (server, site) = serve(files);
    let address = server.address();

    let page = get(address, "/stories/big-win/");
    let text = page.text();
    let tag = format!(
        "<script src=\"/__huddle/live.js\" data-huddle-version=\"{}\"></script>",
        page_version(&page)
    );
    assert!(
        text.ends_with(&format!("<h1>Big win</h1>{tag}</body></html>")),
        "{text}"
    );
    assert_eq!(text.replace(&tag, ""), PAGE);

    let bare_page = get(address, "/bare.html");
    assert!(bare_page.text().starts_with("<p>no body tag<script src="));
    assert_eq!(&*bare, b"<p>no body tag", "the snapshot is never changed");

    // Not HTML: untouched.
    assert_eq!(get(address, "/style.css").text(), "body { color: black }");

    let client = get(address, "/__huddle/live.js");
    assert_eq!(client.status, 200);
    assert_eq!(
        client.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(client.text().contains("/__huddle/live-worker.js"));
    let worker = get(address, "/__huddle/live-worker.js");
    assert_eq!(worker.status, 200);
    assert_eq!(worker.header("content-type"), client.header("content-type"));
    assert!(
        worker
            .text()
            .contains("new EventSource(\"/__huddle/events\")")
    );
    drop(site);
}

#[test]
fn pretty_urls_redirects_and_the_404_page() {
    let (server, _site) = serve(snapshot());
    let address = server.address();

    let home = get(address, "/");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("<h1>Home</h1>"));
    assert!(
        get(address, "/stories/big-win/")
            .text()
            .contains("<h1>Big win</h1>")
    );
    assert!(
        get(address, "/stories/big-win/index.html")
            .text()
            .contains("<h1>Big win</h1>")
    );
    assert!(
        get(address, "/stories/big-win/?q=x")
            .text()
            .contains("<h1>Big win</h1>")
    );

    let redirect = get(address, "/stories/big-win");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), Some("/stories/big-win/"));
    // Not remembered by the browser: the folder may become a file.
    assert_eq!(redirect.header("cache-control"), Some("no-store"));
    let redirect = get(address, "/stories/big-win?q=won");
    assert_eq!(redirect.header("location"), Some("/stories/big-win/?q=won"));

    for missing in [
        "/nope",
        "/stories/nope/",
        "/style.css/",
        "/stories/big-win/x",
        "/index.html/",
    ] {
        let reply = get(address, missing);
        assert_eq!(reply.status, 404, "{missing}");
        assert_eq!(
            reply.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert!(reply.text().contains("<h1>Nothing here</h1>"), "{missing}");
        assert!(reply.text().contains("data-huddle-version"), "{missing}");
    }

    let mut without_404 = snapshot();
    without_404.files.remove("404.html");
    let (server, _site) = serve(without_404);
    let reply = get(server.address(), "/nope");
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(reply.text(), "404 not found\n");
}

/// A folder beside the site holding a secret, and an asset of the site
/// (a `Body::File`) in the folder next to it.
struct Disk {
    folder: tempfile::TempDir,
}

const SECRET: &str = "the secret beside the site";

impl Disk {
    fn new() -> Disk {
        let folder = tempfile::tempdir().unwrap();
        std::fs::create_dir(folder.path().join("static")).unwrap();
        std::fs::write(folder.path().join("static/deck.pdf"), b"%PDF-1.7 deck").unwrap();
        std::fs::write(folder.path().join("secret.txt"), SECRET).unwrap();
        std::fs::write(folder.path().join("static/secret.txt"), SECRET).unwrap();
        Disk { folder }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.folder.path().join(relative)
    }
}

#[test]
fn no_request_reaches_a_file_outside_the_snapshot() {
    let disk = Disk::new();
    let mut files = snapshot();
    files.insert("playbooks/deck.pdf", disk.path("static/deck.pdf"));
    let (server, _site) = serve(files);
    let address = server.address();

    assert_eq!(get(address, "/playbooks/deck.pdf").text(), "%PDF-1.7 deck");
    for attempt in [
        "/../secret.txt",
        "/playbooks/../../secret.txt",
        "/playbooks/../../../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/playbooks/%2e%2e/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/playbooks/..%2f..%2fsecret.txt",
        "/playbooks/%252e%252e/%252e%252e/secret.txt",
        "/playbooks%5c..%5c..%5csecret.txt",
        "/playbooks\\..\\..\\secret.txt",
        "//etc/passwd",
        "///etc/passwd",
        "/%2fetc%2fpasswd",
        "/%c0%ae%c0%ae/secret.txt",
        "/%c0%af..%c0%afsecret.txt",
        "/%e0%80%ae%e0%80%ae/secret.txt",
        "/playbooks/./deck.pdf/../../secret.txt",
        "/playbooks/deck.pdf%00.html",
        "/secret.txt",
        "/static/secret.txt",
        "/etc/passwd",
    ] {
        let reply = get(address, attempt);
        assert!(
            matches!(reply.status, 400 | 404),
            "{attempt}: {}",
            reply.status
        );
        let text = reply.text();
        assert!(
            !text.contains(SECRET) && !text.contains("root:"),
            "{attempt}: {text}"
        );
    }
    // The request target in absolute form, and a raw non-ASCII byte.
    let reply = send(
        address,
        format!("GET http://{address}/../secret.txt HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    assert!(matches!(reply.status, 400 | 404));
    let mut raw = b"GET /\xff../secret.txt HTTP/1.1\r\n".to_vec();
    raw.extend(format!("Host: {address}\r\nConnection: close\r\n\r\n").bytes());
    let reply = send(address, &raw);
    assert!(matches!(reply.status, 400 | 404));
}

#[test]
fn assets_are_read_when_requested_and_never_through_a_symbolic_link() {
    let disk = Disk::new();
    std::os::unix::fs::symlink(disk.path("secret.txt"), disk.path("static/link.pdf")).unwrap();
    let mut files = snapshot();
    files.insert("deck.pdf", disk.path("static/deck.pdf"));
    files.insert("link.pdf", disk.path("static/link.pdf"));
    files.insert("gone.pdf", disk.path("static/gone.pdf"));
    files.insert("folder.pdf", disk.path("static"));
    let (server, _site) = serve(files);
    let address = server.address();

    std::fs::write(disk.path("static/deck.pdf"), b"%PDF-1.7 edited").unwrap();
    let deck = get(address, "/deck.pdf");
    assert_eq!(deck.text(), "%PDF-1.7 edited");
    assert_eq!(deck.header("content-type"), Some("application/pdf"));
    assert_eq!(deck.header("content-length"), Some("15"));
    for unreadable in ["/link.pdf", "/gone.pdf", "/folder.pdf"] {
        let reply = get(address, unreadable);
        assert_eq!(reply.status, 404, "{unreadable}");
        assert!(!reply.text().contains(SECRET));
    }
}

#[test]
fn only_get_and_head_are_answered() {
    let (server, _site) = serve(snapshot());
    let address = server.address();
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW"] {
        let reply = request(address, method, "/");
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("GET, HEAD"), "{method}");
        assert_no_cors(&reply);
    }
    let reply = send(
        address,
        format!(
            "POST /stories/big-win/ HTTP/1.1\r\nHost: {address}\r\nContent-Length: 5\r\n\
             Connection: close\r\n\r\nhello"
        )
        .as_bytes(),
    );
    assert_eq!(reply.status, 405);

    for path in [
        "/stories/big-win/",
        "/style.css",
        "/nope",
        "/__huddle/live.js",
    ] {
        let full = get(address, path);
        let head = request(address, "HEAD", path);
        assert_eq!(head.status, full.status, "{path}");
        assert!(head.body.is_empty(), "{path}");
        for name in [
            "content-type",
            "content-length",
            "cache-control",
            "x-content-type-options",
        ] {
            assert_eq!(head.header(name), full.header(name), "{path}: {name}");
        }
    }
}

#[test]
fn no_cors_headers_even_when_a_page_elsewhere_asks() {
    let (server, _site) = serve(snapshot());
    let address = server.address();
    let reply = send(
        address,
        format!(
            "GET /stories/big-win/ HTTP/1.1\r\nHost: {address}\r\nOrigin: http://evil.example.com\r\n\
             Connection: close\r\n\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(reply.status, 200);
    assert_no_cors(&reply);
    let preflight = send(
        address,
        format!(
            "OPTIONS / HTTP/1.1\r\nHost: {address}\r\nOrigin: http://evil.example.com\r\n\
             Access-Control-Request-Method: GET\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(preflight.status, 405);
    assert_no_cors(&preflight);
}

#[test]
fn the_host_must_be_an_ip_address_or_localhost_with_our_port() {
    let (server, _site) = serve(snapshot());
    let address = server.address();
    let port = address.port();
    let with_host = |host: &str| {
        send(
            address,
            format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
    };
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
    ] {
        assert_eq!(with_host(&host).status, 200, "{host}");
    }
    for host in [
        format!("evil.example.com:{port}"),
        "evil.example.com".to_owned(),
        format!("localhost.evil.example.com:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        format!("localhost:{port}@evil.example.com"),
    ] {
        let reply = with_host(&host);
        assert_eq!(reply.status, 403, "{host}");
        assert!(!reply.text().contains("Home"), "{host}");
    }
    // The event stream and the client are guarded too.
    let reply = send(
        address,
        b"GET /__huddle/events HTTP/1.1\r\nHost: evil.example.com\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(reply.status, 403);

    // An absolute request target names the host as well.
    let reply = send(
        address,
        format!("GET http://evil.example.com:{port}/ HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    assert_eq!(reply.status, 403);

    // Two Host headers, or none on HTTP/1.1: 400.
    let reply = send(
        address,
        format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\nHost: evil.example.com\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    assert_eq!(reply.status, 400);
    assert_eq!(
        send(address, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n").status,
        400
    );
    // HTTP/1.0 without a Host (no browser sends one) from this machine: served.
    let reply = send(address, b"GET / HTTP/1.0\r\n\r\n");
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains("<h1>Home</h1>"));
}

#[test]
fn a_tab_reloads_only_once_the_new_generation_is_served() {
    let (server, site) = serve(snapshot());
    let address = server.address();
    let first_page = get(address, "/");
    let mut events = Events::open(address);
    let (name, hello) = events.next();
    assert_eq!(name, "hello");
    assert_eq!(hello["version"], page_version(&first_page));
    assert_eq!(hello["error"], serde_json::Value::Null);

    for round in 0..5 {
        let mut next = snapshot();
        let path = format!("stories/new-{round}/index.html");
        next.insert(path.clone(), format!("<body>story {round}</body>"));
        site.publish(next, std::slice::from_ref(&path));
        let (name, data) = events.next();
        assert_eq!(name, "reload");
        // The moment a tab hears, the new page is there.
        let page = get(address, &format!("/stories/new-{round}/"));
        assert_eq!(page.status, 200);
        assert!(
            page.text()
                .starts_with(&format!("<body>story {round}<script"))
        );
        assert_eq!(data["version"], page_version(&page));
    }

    // A tab whose page predates a publish it did not hear reloads on connect.
    let stale = page_version(&first_page);
    let (_, hello) = Events::open(address).next();
    assert_ne!(hello["version"], stale);
    assert_eq!(hello["version"], page_version(&get(address, "/")));
}

#[test]
fn stylesheet_only_changes_are_swapped_and_an_unchanged_site_says_nothing() {
    let (server, site) = serve(snapshot());
    let address = server.address();
    let page = get(address, "/stories/big-win/");
    let mut events = Events::open(address);
    events.next();

    let mut next = snapshot();
    next.insert("style.css", "body { color: navy }");
    next.insert("print.css", "body { color: black }");
    site.publish(
        next.clone(),
        &["style.css".to_owned(), "print.css".to_owned()],
    );
    let (name, data) = events.next();
    assert_eq!(name, "css");
    assert_eq!(data["previous"], page_version(&page));
    assert_eq!(data["paths"], serde_json::json!(["style.css", "print.css"]));
    assert_eq!(get(address, "/style.css").text(), "body { color: navy }");

    // Nothing changed: no event, and the version stays, so no tab reloads.
    let version = data["version"].clone();
    site.publish(next, &[]);
    let mut other = snapshot();
    other.insert("style.css", "body { color: teal }");
    other.insert("index.html", "<body>new home</body>");
    site.publish(other, &["style.css".to_owned(), "index.html".to_owned()]);
    let (name, data) = events.next();
    assert_eq!(name, "reload", "a page changed with the stylesheet");
    assert_ne!(data["version"], version);
}

#[test]
fn a_failed_rebuild_shows_an_overlay_until_the_next_publish() {
    let (server, site) = serve(snapshot());
    let address = server.address();
    let mut events = Events::open(address);
    events.next();

    let message = "content/stories/big-win.md:3:7: error: unknown rep `jane-do`\n  help: did you mean `jane-doe`?\n  <script>alert(1)</script>";
    site.report_error(message.to_owned());
    let (name, data) = events.next();
    assert_eq!(name, "build-error");
    assert_eq!(data["message"], message);
    // The last good site stays served.
    assert!(
        get(address, "/stories/big-win/")
            .text()
            .contains("<h1>Big win</h1>")
    );

    // A tab opened (or reloaded) meanwhile shows the error too.
    let (name, hello) = Events::open(address).next();
    assert_eq!(name, "hello");
    assert_eq!(hello["error"], message);

    // Fixed with no output change: "ok" clears it.
    site.publish(snapshot(), &[]);
    assert_eq!(events.next().0, "ok");
    let (_, hello) = Events::open(address).next();
    assert_eq!(hello["error"], serde_json::Value::Null);

    // Fixed with changes: the reload clears it.
    site.report_error("broken again".to_owned());
    assert_eq!(events.next().0, "build-error");
    site.publish(snapshot(), &["index.html".to_owned()]);
    assert_eq!(events.next().0, "reload");
    assert_eq!(
        Events::open(address).next().1["error"],
        serde_json::Value::Null
    );
}

#[test]
fn many_clients_at_once() {
    let (server, site) = serve(snapshot());
    let address = server.address();
    let mut streams: Vec<Events> = (0..20).map(|_| Events::open(address)).collect();
    for stream in &mut streams {
        assert_eq!(stream.next().0, "hello");
    }
    let requests: Vec<_> = (0..50)
        .map(|index| {
            std::thread::spawn(move || {
                let path = ["/", "/stories/big-win/", "/style.css", "/nope"][index % 4];
                let reply = get(address, path);
                assert!(matches!(reply.status, 200 | 404), "{path}");
                assert_eq!(
                    reply.header("content-length"),
                    Some(reply.body.len().to_string().as_str())
                );
            })
        })
        .collect();
    for request in requests {
        request.join().expect("every request is answered");
    }
    site.publish(snapshot(), &["index.html".to_owned()]);
    for stream in &mut streams {
        assert_eq!(stream.next().0, "reload");
    }
    // Keep-alive: several requests on one connection.
    let mut stream = connect(address);
    let one = format!("GET /style.css HTTP/1.1\r\nHost: {address}\r\n\r\n");
    stream.write_all(format!("{one}{one}").as_bytes()).unwrap();
    stream
        .write_all(
            format!("GET / HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&bytes)
            .matches("HTTP/1.1 200 OK")
            .count(),
        3
    );
}

#[test]
fn a_stalled_client_blocks_nobody_and_is_cut_off() {
    let options = ServerOptions {
        header_read_timeout: Duration::from_millis(300),
        ..ServerOptions::loopback(0)
    };
    let (server, _site) = serve_with(options, snapshot());
    let address = server.address();
    let mut stalled = connect(address);
    stalled.write_all(b"GET / HTTP/1.1\r\nHost: 127.0").unwrap();
    let silent = connect(address);

    assert_eq!(get(address, "/").status, 200);

    let started = Instant::now();
    for mut stream in [stalled, silent] {
        let mut bytes = Vec::new();
        // The server closes (a read timeout here would be an error).
        stream
            .read_to_end(&mut bytes)
            .expect("the server closes the connection");
        assert!(!String::from_utf8_lossy(&bytes).contains(" 200 "));
    }
    assert!(
        started.elapsed() < PATIENCE,
        "the stalled connections were closed"
    );
    assert_eq!(get(address, "/").status, 200);
}

#[test]
fn malformed_requests_get_400_and_the_server_lives_on() {
    let (server, _site) = serve(snapshot());
    let address = server.address();
    let host = format!("Host: {address}\r\nConnection: close\r\n");
    let bad: Vec<(Vec<u8>, &str)> = vec![
        (b"HELLO\r\n\r\n".to_vec(), "400"),
        (b"GET\r\n\r\n".to_vec(), "400"),
        (b"GET / HTTP/9.9\r\n\r\n".to_vec(), "400"),
        (
            format!("GET / HTTP/1.1\r\n{host}no colon here\r\n\r\n").into_bytes(),
            "400",
        ),
        (
            format!("GET / HTTP/1.1\r\n{host}Bad Name: x\r\n\r\n").into_bytes(),
            "400",
        ),
        (
            format!("GET /%zz HTTP/1.1\r\n{host}\r\n").into_bytes(),
            "400",
        ),
        (
            format!("GET /%e2%82 HTTP/1.1\r\n{host}\r\n").into_bytes(),
            "400",
        ),
        (
            format!("GET /a b HTTP/1.1\r\n{host}\r\n").into_bytes(),
            "400",
        ),
        (
            format!("GET / HTTP/1.1\r\n{host}Content-Length: x\r\n\r\n").into_bytes(),
            "400",
        ),
        (
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03".to_vec(),
            "400",
        ),
        (b"\0\0\0\0\r\n\r\n".to_vec(), "400"),
        (
            format!(
                "GET / HTTP/1.1\r\n{host}X-Big: {}\r\n\r\n",
                "a".repeat(1 << 20)
            )
            .into_bytes(),
            "431",
        ),
    ];
    for (request, status) in &bad {
        let mut stream = connect(address);
        // The server may stop reading early (a huge header) and close.
        let _ = stream.write_all(request);
        let _ = stream.shutdown(Shutdown::Write);
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        let text = String::from_utf8_lossy(&bytes);
        let preview = String::from_utf8_lossy(&request[..request.len().min(40)]);
        // A reset connection can lose the answer to a request this large.
        let reset = bytes.is_empty() && request.len() > 1 << 16;
        assert!(
            reset || text.starts_with(&format!("HTTP/1.1 {status} ")),
            "{preview}: {text}"
        );
        assert!(!text.contains("Home"), "{preview}");
        assert_eq!(get(address, "/").status, 200, "alive after {preview}");
    }
}

#[test]
fn reserved_paths_belong_to_the_server() {
    let mut files = snapshot();
    files.insert("__huddle/events", "a site file that cannot be reached");
    files.insert("__huddle/page.html", "a site file that cannot be reached");
    let (server, _site) = serve(files);
    let address = server.address();
    let reply = get(address, "/__huddle/page.html");
    assert_eq!(reply.status, 404);
    assert!(!reply.text().contains("cannot be reached"));
    let events = request(address, "HEAD", "/__huddle/events");
    assert_eq!(events.status, 200);
    assert_eq!(events.header("content-type"), Some("text/event-stream"));
    assert_eq!(events.header("cache-control"), Some("no-store"));
}

#[test]
fn stop_ends_event_streams_and_frees_the_port() {
    let (server, _site) = serve(snapshot());
    let address = server.address();
    let mut streams: Vec<Events> = (0..3).map(|_| Events::open(address)).collect();
    for stream in &mut streams {
        stream.next();
    }
    let idle = connect(address);
    let started = Instant::now();
    server.stop();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    for stream in &mut streams {
        stream.expect_end();
    }
    drop(idle);
    assert!(
        TcpStream::connect(address).is_err(),
        "nothing listens after stop"
    );
    // The same port again, at once.
    let options = ServerOptions::loopback(address.port());
    let (again, _site) = serve_with(options, snapshot());
    assert_eq!(get(again.address(), "/").status, 200);
}

#[test]
fn many_servers_start_and_stop() {
    let servers: Vec<_> = (0..16).map(|_| serve(snapshot())).collect();
    for (server, _site) in &servers {
        assert_eq!(get(server.address(), "/style.css").status, 200);
    }
    for (server, _site) in servers {
        let address = server.address();
        server.stop();
        assert!(TcpStream::connect(address).is_err());
    }
}

#[test]
fn a_taken_port_is_an_error_that_names_the_address() {
    let (server, _site) = serve(snapshot());
    let address = server.address();
    let error = start(
        &ServerOptions::loopback(address.port()),
        LiveSite::new(snapshot()),
    )
    .err()
    .expect("the port is taken");
    assert!(matches!(error, ServeError::Listen { .. }));
    assert_eq!(
        error.to_string(),
        format!(
            "cannot listen on {address}: address in use; try --port {}",
            address.port() + 1
        )
    );
}
