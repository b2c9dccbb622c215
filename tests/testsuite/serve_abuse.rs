//! The dev server under load and abuse, beyond `tests/serve_http.rs`:
//! a crowd of slowloris clients, a flood of event streams, clients that
//! never read their answer or never send the body they announced, hundreds
//! of concurrent and pipelined requests, too many headers, smuggling and
//! protocol confusion. Each test talks to its own server on a loopback
//! port, with bounded counts and times, and asserts that the server keeps
//! answering everyone else promptly.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use huddle::serve::{LiveSite, RunningServer, ServerOptions, Snapshot, start};

/// No test waits longer than this for one answer; a hang fails instead.
const PATIENCE: Duration = Duration::from_secs(5);

/// How fast an ordinary request must be answered while the abuse goes on
/// (a debug build on two busy cores).
const PROMPT: Duration = Duration::from_secs(2);

fn snapshot() -> Snapshot {
    let mut snapshot = Snapshot::new();
    snapshot.insert("index.html", "<html><body><h1>Home</h1></body></html>");
    snapshot.insert("style.css", "body { color: black }");
    snapshot.insert(
        "404.html",
        "<html><body><h1>Nothing here</h1></body></html>",
    );
    snapshot
}

fn serve(header_read_timeout: Duration, snapshot: Snapshot) -> (RunningServer, Arc<LiveSite>) {
    let options = ServerOptions {
        header_read_timeout,
        ..ServerOptions::loopback(0)
    };
    let site = LiveSite::new(snapshot);
    let server = start(&options, Arc::clone(&site)).expect("the server starts");
    (server, site)
}

fn connect(address: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(address).expect("connects");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream
}

/// Sends `request` on a new connection and returns the whole reply.
fn send(address: SocketAddr, request: &[u8]) -> String {
    let mut stream = connect(address);
    let _ = stream.write_all(request);
    let _ = stream.shutdown(Shutdown::Write);
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

fn get(address: SocketAddr, path: &str) -> String {
    send(
        address,
        format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// Asserts the home page is answered, and soon.
fn assert_serving(address: SocketAddr, while_what: &str) {
    let started = Instant::now();
    let reply = get(address, "/");
    assert!(
        reply.starts_with("HTTP/1.1 200 ") && reply.contains("<h1>Home</h1>"),
        "not served {while_what}: {reply:?}"
    );
    assert!(
        started.elapsed() < PROMPT,
        "slow {while_what}: {:?}",
        started.elapsed()
    );
}

/// Waits until the server closes `stream`; panics if it stays open.
fn assert_closed(mut stream: TcpStream, what: &str) -> String {
    let mut bytes = Vec::new();
    let result = stream.read_to_end(&mut bytes);
    assert!(
        !matches!(&result, Err(error) if matches!(error.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut)),
        "{what} was never closed"
    );
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn a_crowd_of_slowloris_clients_is_cut_off_and_blocks_nobody() {
    let (server, _site) = serve(Duration::from_millis(400), snapshot());
    let address = server.address();
    let mut slow: Vec<TcpStream> = (0..40).map(|_| connect(address)).collect();
    let request = format!("GET / HTTP/1.1\r\nHost: {address}\r\nX-Slow: ");
    let started = Instant::now();
    // One byte per client every 50 ms: each keeps sending, none finishes.
    for round in 0..16 {
        for stream in &mut slow {
            let byte = request.as_bytes().get(round).copied().unwrap_or(b'a');
            let _ = stream.write_all(&[byte]);
        }
        if round % 4 == 0 {
            assert_serving(address, "during a slowloris crowd");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    for (index, stream) in slow.into_iter().enumerate() {
        let reply = assert_closed(stream, &format!("slow client {index}"));
        assert!(!reply.contains(" 200 "), "a trickled request was answered");
    }
    // The header timeout (0.4 s) is for the whole head, not for each byte.
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert_serving(address, "after the slowloris crowd");
}

#[test]
fn an_idle_keep_alive_connection_is_closed_after_the_header_timeout() {
    let (server, _site) = serve(Duration::from_millis(300), snapshot());
    let address = server.address();
    let mut stream = connect(address);
    write!(stream, "GET /style.css HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut status = String::new();
    reader.read_line(&mut status).unwrap();
    assert!(status.starts_with("HTTP/1.1 200 "), "{status}");
    let started = Instant::now();
    let mut rest = Vec::new();
    let _ = reader.read_to_end(&mut rest);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "an idle connection stayed open {:?}",
        started.elapsed()
    );
}

/// An event stream opened and its first event read, as a browser tab does.
fn open_events(address: SocketAddr) -> BufReader<TcpStream> {
    let mut stream = connect(address);
    write!(
        stream,
        "GET /__huddle/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
        address.port()
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    wait_for(&mut reader, "event: hello");
    reader
}

/// Reads lines until one contains `text`.
fn wait_for(reader: &mut BufReader<TcpStream>, text: &str) {
    let mut line = String::new();
    loop {
        line.clear();
        let read = reader.read_line(&mut line).expect("the stream stays open");
        assert!(read > 0, "the stream closed before {text}");
        if line.contains(text) {
            return;
        }
    }
}

#[test]
fn a_flood_of_event_streams_does_not_stop_pages_or_reloads() {
    let (server, site) = serve(Duration::from_secs(10), snapshot());
    let address = server.address();
    let mut streams: Vec<BufReader<TcpStream>> = (0..200).map(|_| open_events(address)).collect();
    assert_serving(address, "with 200 event streams open");
    for _ in 0..20 {
        assert_eq!(&get(address, "/style.css")[..15], "HTTP/1.1 200 OK");
    }
    site.publish(snapshot(), &["index.html".to_owned()]);
    for stream in &mut streams {
        wait_for(stream, "event: reload");
    }
    // Half the tabs go away at once; the rest still hear the next change.
    let kept = streams.split_off(100);
    drop(streams);
    let mut kept = kept;
    site.publish(snapshot(), &["index.html".to_owned()]);
    for stream in &mut kept {
        wait_for(stream, "event: reload");
    }
    assert_serving(address, "after the flood");
}

#[test]
fn many_concurrent_clients_are_all_answered() {
    let (server, _site) = serve(Duration::from_secs(10), snapshot());
    let address = server.address();
    let started = Instant::now();
    let clients: Vec<_> = (0..64)
        .map(|client| {
            std::thread::spawn(move || {
                // Half on one keep-alive connection each, half a connection per request.
                if client % 2 == 0 {
                    let mut stream = connect(address);
                    let one = format!("GET /style.css HTTP/1.1\r\nHost: {address}\r\n\r\n");
                    let last =
                        format!("GET / HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
                    stream
                        .write_all(format!("{}{last}", one.repeat(9)).as_bytes())
                        .unwrap();
                    let mut bytes = Vec::new();
                    stream.read_to_end(&mut bytes).unwrap();
                    String::from_utf8_lossy(&bytes)
                        .matches("HTTP/1.1 200 OK")
                        .count()
                } else {
                    (0..10)
                        .filter(|_| get(address, "/nope").starts_with("HTTP/1.1 404 "))
                        .count()
                }
            })
        })
        .collect();
    for client in clients {
        assert_eq!(client.join().expect("a client thread"), 10);
    }
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_long_pipeline_is_answered_in_order() {
    let (server, _site) = serve(Duration::from_secs(10), snapshot());
    let address = server.address();
    let mut stream = connect(address);
    let mut requests = String::new();
    for index in 0..500 {
        let path = if index % 2 == 0 {
            "/style.css"
        } else {
            "/nope"
        };
        requests.push_str(&format!("GET {path} HTTP/1.1\r\nHost: {address}\r\n\r\n"));
    }
    requests.push_str(&format!(
        "GET / HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    ));
    // Written from another thread: the answers fill the socket meanwhile.
    let mut writer = stream.try_clone().unwrap();
    let writing = std::thread::spawn(move || writer.write_all(requests.as_bytes()));
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    writing.join().unwrap().unwrap();
    let text = String::from_utf8_lossy(&bytes);
    // Answers follow each other without a line break after a body.
    let statuses: Vec<&str> = text
        .match_indices("HTTP/1.1 ")
        .map(|(at, _)| &text[at + 9..at + 12])
        .collect();
    assert_eq!(statuses.len(), 501);
    for (index, status) in statuses.iter().enumerate() {
        let expected = if index % 2 == 0 || index == 500 {
            "200"
        } else {
            "404"
        };
        assert_eq!(*status, expected, "answer {index}");
    }
    let last = &text[text.rfind("HTTP/1.1 ").unwrap()..];
    assert!(last.contains("<h1>Home</h1>"), "{last}");
}

#[test]
fn clients_that_never_read_or_never_send_their_body_block_nobody() {
    let mut files = snapshot();
    files.insert("big.pdf", vec![b'x'; 16 << 20]);
    let (server, _site) = serve(Duration::from_millis(500), files);
    let address = server.address();
    // Ask for 16 MB and never read a byte of it.
    let readers: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut stream = connect(address);
            write!(stream, "GET /big.pdf HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
            stream
        })
        .collect();
    // Announce a body and never send it.
    let senders: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut stream = connect(address);
            write!(
                stream,
                "GET / HTTP/1.1\r\nHost: {address}\r\nContent-Length: 1000000\r\n\r\nabc"
            )
            .unwrap();
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    for _ in 0..5 {
        assert_serving(address, "while clients stall");
    }
    // The whole file still arrives for a client that does read.
    let reply = get(address, "/big.pdf");
    assert!(reply.starts_with("HTTP/1.1 200 "));
    assert!(reply.ends_with(&"x".repeat(1000)));
    drop(readers);
    drop(senders);
    assert_serving(address, "after the stalled clients left");
    let started = Instant::now();
    server.stop();
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn too_many_headers_smuggling_and_other_protocols_are_refused() {
    let (server, _site) = serve(Duration::from_secs(2), snapshot());
    let address = server.address();
    let host = format!("Host: {address}\r\n");
    let many_headers: String = (0..300).map(|n| format!("X-H{n}: v\r\n")).collect();
    let cases: Vec<(String, &[&str])> = vec![
        (
            format!("GET / HTTP/1.1\r\n{host}{many_headers}\r\n"),
            &["431"],
        ),
        (
            format!(
                "POST / HTTP/1.1\r\n{host}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
            ),
            &["400", "405"],
        ),
        (
            format!(
                "GET / HTTP/1.1\r\n{host}Transfer-Encoding: chunked\r\n\r\nzz\r\nnot hex\r\n\r\n"
            ),
            &["200", "400"],
        ),
        (
            format!("GET / HTTP/1.1\r\n{host}Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"),
            &["400"],
        ),
        (
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_owned(),
            &["400", "505"],
        ),
        (format!("GET * HTTP/1.1\r\n{host}\r\n"), &["400"]),
        (
            format!("CONNECT {address} HTTP/1.1\r\n{host}\r\n"),
            &["400", "405"],
        ),
        (format!("OPTIONS * HTTP/1.1\r\n{host}\r\n"), &["400", "405"]),
        (
            format!("TRACE / HTTP/1.1\r\n{host}Cookie: secret\r\n\r\n"),
            &["405"],
        ),
        (
            format!("GET /{} HTTP/1.1\r\n{host}\r\n", "a/".repeat(40_000)),
            &["404", "414", "431", "400"],
        ),
        (
            format!("GET / HTTP/1.1\r\n{host}Expect: 100-continue\r\n\r\n"),
            &["200"],
        ),
        (
            "GET / HTTP/1.1\r\nHost: localhost\r\nHost: localhost\r\n\r\n".to_owned(),
            &["400"],
        ),
        (
            format!("GET / HTTP/1.1\r\n{host}X-Bad: a\0b\r\n\r\n"),
            &["400"],
        ),
    ];
    for (request, allowed) in &cases {
        let reply = send(address, request.as_bytes());
        let preview: String = request.chars().take(50).collect();
        let status = reply.get(9..12).unwrap_or("none");
        // A reset is an answer too, for a request this broken.
        assert!(
            allowed.contains(&status) || reply.is_empty(),
            "{preview:?}: {status} in {reply:?}"
        );
        assert!(!reply.contains("secret"), "{preview:?} echoed a header");
        assert_serving(address, &format!("after {preview:?}"));
    }
}

#[test]
fn connections_reset_at_once_do_not_hurt_the_server() {
    let (server, _site) = serve(Duration::from_secs(2), snapshot());
    let address = server.address();
    for round in 0..200 {
        let stream = TcpStream::connect(address).unwrap();
        if round % 2 == 0 {
            let mut stream = stream;
            let _ = stream.write_all(b"GET / HTTP/1.1\r\nHo");
        }
        // Dropped at once: a close (or a reset with unread data).
    }
    for _ in 0..10 {
        assert_serving(address, "after 200 abandoned connections");
    }
}
