//! One request, one response: the Host check, the method, the path (decoded
//! once and checked), the lookup in the snapshot, and the headers.
//!
//! A request path is only ever a key into the snapshot's map: it is never
//! joined to a folder. The checks on it are a second line of defence and
//! make odd paths fail the same way everywhere (404 for a path that tries to
//! climb, 400 for one that is not valid percent-encoded UTF-8).

use std::io::Read;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;

use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode, Uri, Version};
use tokio::sync::watch;

use super::events::{self, ResponseBody};
use super::{Body, Generation, LiveSite};

/// What every request needs from the server.
pub struct Server {
    pub site: Arc<LiveSite>,
    /// The port actually listened on, for the Host check.
    pub port: u16,
    pub shutdown: watch::Receiver<bool>,
}

/// Answers one request on its own task, so a panic while answering becomes a
/// 500 for that request instead of a dropped connection.
pub async fn guarded(
    server: Arc<Server>,
    peer: SocketAddr,
    request: Request<Incoming>,
) -> Result<Response<ResponseBody>, std::convert::Infallible> {
    let head = request.method() == Method::HEAD;
    let answer = tokio::spawn(respond(server, peer, request)).await;
    Ok(answer.unwrap_or_else(|_| {
        text(
            StatusCode::INTERNAL_SERVER_ERROR,
            "500 internal server error: huddle serve failed on this request; the server is still running\n",
            head,
        )
    }))
}

async fn respond(
    server: Arc<Server>,
    peer: SocketAddr,
    request: Request<Incoming>,
) -> Response<ResponseBody> {
    let head = request.method() == Method::HEAD;
    // The Host first: a page elsewhere learns nothing, not even the methods.
    if let Err(status) = check_host(&request, server.port, peer) {
        let message = match status {
            StatusCode::FORBIDDEN => format!(
                "403 forbidden: huddle serve answers only requests addressed to an IP address \
                 or localhost (this protects against DNS rebinding); open http://localhost:{}/\n",
                server.port
            ),
            _ => "400 bad request: the Host header is missing or malformed\n".to_owned(),
        };
        return text(status, &message, head);
    }
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut response = text(
            StatusCode::METHOD_NOT_ALLOWED,
            "405 method not allowed: huddle serve answers GET and HEAD only\n",
            false,
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let path = match decode_path(request.uri().path()) {
        Ok(path) => path,
        Err(PathProblem::Malformed) => {
            return text(
                StatusCode::BAD_REQUEST,
                "400 bad request: the path is not valid percent-encoded UTF-8\n",
                head,
            );
        }
        Err(PathProblem::Outside) => return not_found(&server.site.current(), head).await,
    };

    #[cfg(test)]
    if path == "__huddle/test-panic" {
        panic!("a handler panicked on purpose");
    }

    match path.strip_prefix(RESERVED) {
        Some(name) => reserved(&server, name, head),
        None => site_file(&server.site.current(), path, request.uri(), head).await,
    }
}

/// The folder the server answers for itself; a site file under it is not
/// reachable.
const RESERVED: &str = "__huddle/";

/// The event stream and the client scripts.
fn reserved(server: &Server, name: &str, head: bool) -> Response<ResponseBody> {
    let script = |name: &str, source: &'static str| {
        let mut response = file_response(
            StatusCode::OK,
            name,
            Bytes::from_static(source.as_bytes()),
            head,
        );
        // The scripts change only with huddle itself, but a stale one after
        // an upgrade would be confusing: revalidate.
        set_cache(&mut response, "no-cache");
        response
    };
    match name {
        "events" => {
            let body = if head {
                empty()
            } else {
                events::stream(Arc::clone(&server.site), server.shutdown.clone())
            };
            response(StatusCode::OK, "text/event-stream", body)
        }
        "live.js" => script(name, events::CLIENT),
        "live-worker.js" => script(name, events::WORKER),
        _ => text(StatusCode::NOT_FOUND, "404 not found\n", head),
    }
}

/// A file of the snapshot: `path` as is, or a folder's `index.html`; a
/// folder named without its slash is redirected to it.
async fn site_file(
    generation: &Generation,
    path: String,
    uri: &Uri,
    head: bool,
) -> Response<ResponseBody> {
    let files = &generation.snapshot.files;
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    };
    if let Some(body) = files.get(&key) {
        return match read(body).await {
            Some(bytes) => page(StatusCode::OK, &key, bytes, generation, head),
            // The asset went away after the snapshot was taken.
            None => not_found(generation, head).await,
        };
    }
    if !key.ends_with("/index.html") && files.contains_key(&format!("{key}/index.html")) {
        // The raw path, so the browser sees the spelling it asked for.
        let location = match uri.query() {
            Some(query) => format!("{}/?{query}", uri.path()),
            None => format!("{}/", uri.path()),
        };
        let mut response = text(
            StatusCode::MOVED_PERMANENTLY,
            "301 moved permanently\n",
            head,
        );
        if let Ok(location) = HeaderValue::try_from(location) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    }
    not_found(generation, head).await
}

/// Why a request path names no file.
#[derive(Debug, PartialEq)]
enum PathProblem {
    /// Not valid percent-encoding, or not UTF-8 once decoded (this includes
    /// overlong encodings such as `%c0%ae`): 400.
    Malformed,
    /// A segment that is empty, `.` or `..`, a backslash or a NUL: a path
    /// that tries to leave the site, or to look like another one: 404.
    Outside,
}

/// Decodes a request path once and checks it; returns it relative to the
/// site root (`/stories/x/` → `stories/x/`, `/` → ``).
fn decode_path(raw: &str) -> Result<String, PathProblem> {
    let Some(raw) = raw.strip_prefix('/') else {
        return Err(PathProblem::Malformed);
    };
    let mut bytes = Vec::with_capacity(raw.len());
    let mut rest = raw.as_bytes();
    while let Some((&byte, after)) = rest.split_first() {
        if byte == b'%' {
            let hex = after.get(..2).ok_or(PathProblem::Malformed)?;
            let hex = std::str::from_utf8(hex).map_err(|_| PathProblem::Malformed)?;
            let decoded = u8::from_str_radix(hex, 16).map_err(|_| PathProblem::Malformed)?;
            bytes.push(decoded);
            rest = &after[2..];
        } else {
            bytes.push(byte);
            rest = after;
        }
    }
    let path = String::from_utf8(bytes).map_err(|_| PathProblem::Malformed)?;
    if path.contains(['\\', '\0']) {
        return Err(PathProblem::Outside);
    }
    if !path.is_empty() {
        let segments: Vec<&str> = path.split('/').collect();
        let (last, folders) = segments.split_last().expect("split yields a segment");
        let bad = |segment: &&str| matches!(*segment, "" | "." | "..");
        // A trailing slash leaves an empty last segment: the folder's index.
        if folders.iter().any(bad) || matches!(*last, "." | "..") {
            return Err(PathProblem::Outside);
        }
    }
    Ok(path)
}

/// Refuses requests whose Host is a name other than `localhost` (403): a
/// page on another site that rebinds its DNS name to this machine sends its
/// own name. An IP address cannot be rebound, so any is accepted; the port,
/// when given, must be the server's. A request without a Host is refused
/// (400, as HTTP/1.1 requires) unless it is HTTP/1.0 from this machine: no
/// browser sends that, and tools such as `nc` do.
fn check_host(request: &Request<Incoming>, port: u16, peer: SocketAddr) -> Result<(), StatusCode> {
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let header = hosts.next();
    if hosts.next().is_some() {
        return Err(StatusCode::BAD_REQUEST);
    }
    let header = match header.map(HeaderValue::to_str) {
        Some(Ok(host)) => Some(host),
        Some(Err(_)) => return Err(StatusCode::BAD_REQUEST),
        None => None,
    };
    // An absolute request target (`GET http://host/ HTTP/1.1`) names the
    // host too; both must pass.
    let authority = request
        .uri()
        .authority()
        .map(|authority| authority.as_str());
    if header.is_none() && authority.is_none() {
        let local = peer.ip().to_canonical().is_loopback();
        return if request.version() == Version::HTTP_10 && local {
            Ok(())
        } else {
            Err(StatusCode::BAD_REQUEST)
        };
    }
    for host in header.into_iter().chain(authority) {
        if !is_allowed_host(host, port) {
            return Err(StatusCode::FORBIDDEN);
        }
    }
    Ok(())
}

/// `127.0.0.1`, `[::1]:1111`, `localhost:1111`: an IP literal or `localhost`,
/// with no port or the server's.
fn is_allowed_host(host: &str, port: u16) -> bool {
    let split = if host.starts_with('[') {
        host.find(']').map(|end| end + 1)
    } else {
        Some(host.find(':').unwrap_or(host.len()))
    };
    let Some(split) = split else {
        return false;
    };
    let (name, port_text) = host.split_at(split);
    let known_name = match name
        .strip_prefix('[')
        .and_then(|name| name.strip_suffix(']'))
    {
        Some(address) => address.parse::<Ipv6Addr>().is_ok(),
        None => name.eq_ignore_ascii_case("localhost") || name.parse::<Ipv4Addr>().is_ok(),
    };
    let our_port = match port_text.strip_prefix(':') {
        None => port_text.is_empty(),
        Some(digits) => {
            !digits.is_empty()
                && digits.bytes().all(|byte| byte.is_ascii_digit())
                && digits.parse::<u16>() == Ok(port)
        }
    };
    known_name && our_port
}

/// The contents of a snapshot file, reading an asset from disk now.
async fn read(body: &Body) -> Option<Bytes> {
    match body {
        Body::Bytes(bytes) => Some(Bytes::copy_from_slice(bytes)),
        Body::File(path) => {
            let path = path.clone();
            tokio::task::spawn_blocking(move || read_regular_file(&path))
                .await
                .ok()
                .flatten()
                .map(Bytes::from)
        }
    }
}

/// Reads a regular file without following a symbolic link at its end: a
/// link swapped in after the build cannot point the server elsewhere.
fn read_regular_file(path: &Path) -> Option<Vec<u8>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let mut file = options.open(path).ok()?;
    let metadata = file.metadata().ok()?;
    if !metadata.is_file() {
        return None;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The site's 404 page, or plain text when it has none.
async fn not_found(generation: &Generation, head: bool) -> Response<ResponseBody> {
    let page_404 = match generation.snapshot.files.get("404.html") {
        Some(body) => read(body).await,
        None => None,
    };
    match page_404 {
        Some(bytes) => page(StatusCode::NOT_FOUND, "404.html", bytes, generation, head),
        None => text(StatusCode::NOT_FOUND, "404 not found\n", head),
    }
}

/// A site file: HTML gets the live-reload client.
fn page(
    status: StatusCode,
    key: &str,
    bytes: Bytes,
    generation: &Generation,
    head: bool,
) -> Response<ResponseBody> {
    let bytes = if is_html(key) {
        Bytes::from(events::inject_client(&bytes, &generation.version))
    } else {
        bytes
    };
    file_response(status, key, bytes, head)
}

/// A whole body with its length; HEAD gets the headers only. HTML is never
/// stored (it changes with every build); other site files are revalidated,
/// which without validators means fetched again, so a reload never shows a
/// stale image or script.
fn file_response(
    status: StatusCode,
    key: &str,
    bytes: Bytes,
    head: bool,
) -> Response<ResponseBody> {
    let length = bytes.len();
    let body = if head {
        empty()
    } else {
        ResponseBody::Full(Some(bytes))
    };
    let content_type = content_type(key);
    let mut response = response(status, content_type, body);
    response
        .headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    if status == StatusCode::OK && !content_type.starts_with("text/html") {
        set_cache(&mut response, "no-cache");
    }
    response
}

fn text(status: StatusCode, message: &str, head: bool) -> Response<ResponseBody> {
    file_response(
        status,
        "message.txt",
        Bytes::copy_from_slice(message.as_bytes()),
        head,
    )
}

/// A response with the headers every response has: `no-store` unless
/// loosened (an error or a redirect is never cached: a 301 cached by the
/// browser would outlive the folder it points to), `nosniff`, and no CORS
/// header at all.
fn response(
    status: StatusCode,
    content_type: &'static str,
    body: ResponseBody,
) -> Response<ResponseBody> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    set_cache(&mut response, "no-store");
    response
}

fn set_cache(response: &mut Response<ResponseBody>, policy: &'static str) {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
}

fn empty() -> ResponseBody {
    ResponseBody::Full(None)
}

fn is_html(key: &str) -> bool {
    content_type(key).starts_with("text/html")
}

/// The media type by file extension.
fn content_type(key: &str) -> &'static str {
    let name = key.rsplit('/').next().unwrap_or(key);
    let extension = match name.rsplit_once('.') {
        Some((_, extension)) => extension.to_ascii_lowercase(),
        None => return "application/octet-stream",
    };
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "rss" => "application/rss+xml",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wasm" => "application/wasm",
        "webmanifest" => "application/manifest+json",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_decode_once_and_stay_inside() {
        assert_eq!(decode_path("/"), Ok(String::new()));
        assert_eq!(decode_path("/stories/x/"), Ok("stories/x/".into()));
        assert_eq!(
            decode_path("/a%20b/caf%C3%A9.png"),
            Ok("a b/café.png".into())
        );
        // Decoded once: `%252e` is the three characters `%2e`, a plain name.
        assert_eq!(decode_path("/%252e%252e/x"), Ok("%2e%2e/x".into()));
        for outside in [
            "/../etc/passwd",
            "/a/../../b",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2fetc",
            "/a/%2e/b",
            "/a/.",
            "//etc/passwd",
            "/a//b",
            "/a%5c..%5cb",
            "/a\\b",
            "/a%00.html",
        ] {
            assert_eq!(decode_path(outside), Err(PathProblem::Outside), "{outside}");
        }
        for malformed in ["/%", "/%2", "/%zz", "/%c0%ae%c0%ae/", "/%ff", "*", ""] {
            assert_eq!(
                decode_path(malformed),
                Err(PathProblem::Malformed),
                "{malformed}"
            );
        }
    }

    #[test]
    fn hosts_are_ip_literals_or_localhost_with_our_port() {
        for allowed in [
            "127.0.0.1",
            "127.0.0.1:1111",
            "localhost",
            "LocalHost:1111",
            "[::1]",
            "[::1]:1111",
            "192.168.1.20:1111",
        ] {
            assert!(is_allowed_host(allowed, 1111), "{allowed}");
        }
        for refused in [
            "evil.example.com",
            "evil.example.com:1111",
            "127.0.0.1:2222",
            "localhost:",
            "localhost:+1111",
            "localhost:01111x",
            "localhost.evil.example.com",
            "127.1",
            "0x7f.0.0.1",
            "[::1",
            "[::1]x",
            "[evil]:1111",
            "user@127.0.0.1:1111",
            "",
        ] {
            assert!(!is_allowed_host(refused, 1111), "{refused}");
        }
    }

    #[test]
    fn content_types_go_by_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("atom.xml"), "application/xml");
        assert_eq!(content_type("photo.jpeg"), "image/jpeg");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
        assert_eq!(content_type("v1.2/data"), "application/octet-stream");
        assert_eq!(content_type("archive.unknown"), "application/octet-stream");
    }
}
