//! The HTTP side of `huddle serve`: answers requests from the current
//! generation of the rendered site, held in memory, and tells open browser
//! tabs when a new generation is in place or a rebuild failed.
//!
//! The rebuild side hands over whole generations ([`Snapshot`]) through a
//! shared [`LiveSite`]. The server never looks at the output folder: it
//! answers from the snapshot's bytes and from the asset files the snapshot
//! names, so a request can reach nothing else, whatever its path says.
//!
//! Built on hyper 1 over tokio. A static file server with a handful of fixed
//! routes needs no router or middleware stack, and axum's `serve` does not
//! expose hyper's header-read timeout, which is what keeps a stalled client
//! from holding a connection open for ever.

mod events;
mod respond;

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use hyper::body::Bytes;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::sync::{broadcast, watch};

/// One complete generation of the rendered site, as served.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// Output paths, relative and with `/` separators (`stories/x/index.html`,
    /// `style.css`, `404.html`), to their contents.
    pub files: HashMap<String, Body>,
}

/// The contents of one output file.
#[derive(Clone, Debug)]
pub enum Body {
    /// Rendered in memory.
    Bytes(Arc<[u8]>),
    /// An asset copied from `content/` or `static/`, read when requested.
    /// Only regular files are served; a symbolic link is not followed.
    File(PathBuf),
}

/// The site being served, shared between the rebuild thread and the server.
pub struct LiveSite {
    /// Tells this run's generations from another run's, so a tab that
    /// reconnects to a restarted server reloads.
    session: u64,
    state: Mutex<State>,
}

/// Where `huddle serve` listens.
#[derive(Clone, Debug)]
pub struct ServerOptions {
    pub bind: IpAddr,
    /// 0 picks any free port (tests).
    pub port: u16,
    /// How long a client may take to send a request's headers before its
    /// connection is closed.
    pub header_read_timeout: Duration,
}

/// A server listening on background threads; stops when stopped or dropped.
pub struct RunningServer {
    address: SocketAddr,
    shutdown: watch::Sender<bool>,
    thread: Option<JoinHandle<()>>,
}

/// Why the server could not start.
#[derive(Debug)]
pub enum ServeError {
    /// The address could not be bound.
    Listen {
        address: SocketAddr,
        source: io::Error,
    },
    /// The server's threads could not be started.
    Start(io::Error),
}

impl Snapshot {
    pub fn new() -> Snapshot {
        Snapshot::default()
    }

    /// Adds (or replaces) the file at `path`.
    pub fn insert(&mut self, path: impl Into<String>, body: impl Into<Body>) {
        self.files.insert(path.into(), body.into());
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Body {
        Body::Bytes(bytes.into())
    }
}

impl From<String> for Body {
    fn from(text: String) -> Body {
        Body::from(text.into_bytes())
    }
}

impl From<&str> for Body {
    fn from(text: &str) -> Body {
        Body::Bytes(text.as_bytes().into())
    }
}

impl From<PathBuf> for Body {
    fn from(path: PathBuf) -> Body {
        Body::File(path)
    }
}

impl LiveSite {
    pub fn new(snapshot: Snapshot) -> Arc<LiveSite> {
        // Capacity only matters for a tab that stops reading: one that falls
        // this far behind is resynchronised from the current state instead.
        let (events, _) = broadcast::channel(64);
        let session = RandomState::new().hash_one(std::process::id());
        Arc::new(LiveSite {
            session,
            state: Mutex::new(State {
                current: Arc::new(Generation::new(session, 1, snapshot)),
                error: None,
                events,
            }),
        })
    }

    /// Swaps in a new generation, then tells open tabs: `changed` are the
    /// output paths that differ from the previous generation. When all of
    /// them are stylesheets, tabs swap those without a full reload. Clears
    /// an error shown by [`LiveSite::report_error`].
    pub fn publish(&self, snapshot: Snapshot, changed: &[String]) {
        let mut state = self.lock();
        let previous = state.current.number;
        // An unchanged site keeps its number, so a tab connecting later does
        // not reload for nothing.
        let number = if changed.is_empty() {
            previous
        } else {
            previous + 1
        };
        // The swap happens before any tab hears of it, under the same lock
        // that new event streams subscribe under: a tab that reloads finds
        // the new generation, and no tab misses or double-counts an event.
        let replaced = std::mem::replace(
            &mut state.current,
            Arc::new(Generation::new(self.session, number, snapshot)),
        );
        let had_error = state.error.take().is_some();
        let version = &state.current.version;
        let event = if changed.is_empty() {
            had_error.then(|| events::ok(version))
        } else if changed.iter().all(|path| path.ends_with(".css")) {
            Some(events::css(
                &version_of(self.session, previous),
                version,
                changed,
            ))
        } else {
            Some(events::reload(version))
        };
        if let Some(event) = event {
            // No receivers (no open tab) is not an error.
            let _ = state.events.send(event);
        }
        // Freeing ten thousand pages takes a moment: not while requests wait.
        drop(state);
        drop(replaced);
    }

    /// A rebuild failed: shows `message` (plain text, as the terminal prints
    /// it) as an overlay in open tabs and in tabs opened later, while the last
    /// good generation stays served. The next [`LiveSite::publish`] clears it.
    pub fn report_error(&self, message: String) {
        let mut state = self.lock();
        let event = events::build_error(&message);
        state.error = Some(message.into());
        let _ = state.events.send(event);
    }

    /// The generation requests are answered from.
    fn current(&self) -> Arc<Generation> {
        Arc::clone(&self.lock().current)
    }

    /// A new event stream: the state to send first, and the events after it.
    fn subscribe(&self) -> (Bytes, broadcast::Receiver<Bytes>) {
        let state = self.lock();
        (self.hello(&state), state.events.subscribe())
    }

    /// The current state as one event, for a tab that (re)connects or fell
    /// behind.
    fn resynchronise(&self) -> Bytes {
        self.hello(&self.lock())
    }

    fn hello(&self, state: &State) -> Bytes {
        events::hello(&state.current.version, state.error.as_deref())
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Nothing panics while holding the lock; if something ever did, the
        // state is still whole (every update is a single assignment).
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for LiveSite {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        formatter
            .debug_struct("LiveSite")
            .field("generation", &state.current.number)
            .field("files", &state.current.snapshot.files.len())
            .field("error", &state.error)
            .finish()
    }
}

impl ServerOptions {
    /// Loopback, on `port`.
    pub fn loopback(port: u16) -> ServerOptions {
        ServerOptions {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port,
            header_read_timeout: Duration::from_secs(10),
        }
    }
}

impl Default for ServerOptions {
    /// `127.0.0.1:1111`, as `huddle serve` without flags.
    fn default() -> ServerOptions {
        ServerOptions::loopback(1111)
    }
}

/// Binds and serves on background threads; returns once listening.
pub fn start(options: &ServerOptions, site: Arc<LiveSite>) -> Result<RunningServer, ServeError> {
    let requested = SocketAddr::new(options.bind, options.port);
    let listen_error = |source| ServeError::Listen {
        address: requested,
        source,
    };
    // Bind here, not on the server thread, so a taken port is an error the
    // caller gets rather than a thread that quietly dies.
    let listener = TcpListener::bind(requested).map_err(listen_error)?;
    let address = listener.local_addr().map_err(listen_error)?;
    listener.set_nonblocking(true).map_err(listen_error)?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("huddle-serve")
        .enable_all()
        .build()
        .map_err(ServeError::Start)?;
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(listener).map_err(listen_error)?
    };
    let (shutdown, shutdown_signal) = watch::channel(false);
    let server = Arc::new(respond::Server {
        site,
        port: address.port(),
        shutdown: shutdown_signal.clone(),
    });
    let header_read_timeout = options.header_read_timeout;
    let thread = std::thread::Builder::new()
        .name("huddle-serve".into())
        .spawn(move || {
            runtime.block_on(accept(
                listener,
                server,
                header_read_timeout,
                shutdown_signal,
            ));
            // A file read still blocked on a slow disk is abandoned.
            runtime.shutdown_timeout(Duration::from_secs(1));
        })
        .map_err(ServeError::Start)?;
    Ok(RunningServer {
        address,
        shutdown,
        thread: Some(thread),
    })
}

impl RunningServer {
    /// The address listened on (with the port picked, if 0 was asked).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The address to open in a browser: an unspecified bind address
    /// (`0.0.0.0`, `::`) is shown as loopback.
    pub fn url(&self) -> String {
        browser_url(self.address)
    }

    /// Stops listening, ends open event streams, lets requests in flight
    /// finish (for at most two seconds) and joins the server's threads.
    pub fn stop(self) {
        // Drop does the work, so a server dropped without `stop` (a test that
        // panicked) also frees its port.
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl fmt::Display for ServeError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::Listen { address, source } => {
                write!(formatter, "cannot listen on {address}: ")?;
                let port = address.port();
                match source.kind() {
                    io::ErrorKind::AddrInUse if port != 0 => write!(
                        formatter,
                        "address in use; try --port {}",
                        port.checked_add(1).unwrap_or(1111)
                    ),
                    io::ErrorKind::AddrInUse => formatter.write_str("address in use"),
                    io::ErrorKind::PermissionDenied if port < 1024 => formatter.write_str(
                        "permission denied (ports below 1024 need privileges); try --port 1111",
                    ),
                    io::ErrorKind::AddrNotAvailable => formatter.write_str(
                        "no network interface of this machine has that address; try --bind 127.0.0.1",
                    ),
                    _ => write!(formatter, "{source}"),
                }
            }
            ServeError::Start(source) => write!(formatter, "cannot start the server: {source}"),
        }
    }
}

impl std::error::Error for ServeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServeError::Listen { source, .. } | ServeError::Start(source) => Some(source),
        }
    }
}

/// What the server holds between requests: the current generation, and
/// whether tabs are showing an error.
struct State {
    current: Arc<Generation>,
    error: Option<Arc<str>>,
    /// Pre-formatted event-stream frames, to every open tab.
    events: broadcast::Sender<Bytes>,
}

/// A snapshot with its number and version, which pages carry so a tab can
/// tell whether it shows the current generation.
struct Generation {
    number: u64,
    /// The session and the number: `3f9a…-7`.
    version: String,
    snapshot: Snapshot,
}

impl Generation {
    fn new(session: u64, number: u64, snapshot: Snapshot) -> Generation {
        Generation {
            number,
            version: version_of(session, number),
            snapshot,
        }
    }
}

fn version_of(session: u64, number: u64) -> String {
    format!("{session:x}-{number}")
}

/// Accepts connections until shutdown, then closes them gracefully.
async fn accept(
    listener: tokio::net::TcpListener,
    server: Arc<respond::Server>,
    header_read_timeout: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut http = http1::Builder::new();
    // A client that shuts its writing side after the request (`nc -N`,
    // scripts) still gets its answer; hyper would otherwise drop it.
    http.timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout)
        .half_close(true);
    let graceful = GracefulShutdown::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(_) => {
                        // Out of file descriptors, or a connection reset before
                        // it was accepted: wait a moment rather than spin.
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let server = Arc::clone(&server);
                let service = service_fn(move |request| {
                    respond::guarded(Arc::clone(&server), peer, request)
                });
                let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
                tokio::spawn(async move {
                    // A broken or malformed connection has already been
                    // answered (400) or closed by hyper; nothing to report.
                    let _ = connection.await;
                });
            }
            _ = shutdown.wait_for(|stop| *stop) => break,
        }
    }
    drop(listener);
    // Event streams end on the same signal; a request still reading a file
    // gets two seconds.
    let _ = tokio::time::timeout(Duration::from_secs(2), graceful.shutdown()).await;
}

fn browser_url(address: SocketAddr) -> String {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, address.port()))
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};

    use super::*;

    fn get(address: SocketAddr, path: &str) -> String {
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        reply
    }

    #[test]
    fn a_panic_while_answering_is_a_500_and_the_server_lives_on() {
        let mut snapshot = Snapshot::new();
        snapshot.insert("index.html", "<h1>Home</h1>");
        let server = start(&ServerOptions::loopback(0), LiveSite::new(snapshot)).unwrap();
        for _ in 0..3 {
            let reply = get(server.address(), "/__huddle/test-panic");
            assert!(reply.starts_with("HTTP/1.1 500 "), "{reply}");
            assert!(get(server.address(), "/").starts_with("HTTP/1.1 200 "));
        }
        server.stop();
    }

    #[test]
    fn the_url_to_open_is_loopback_when_bound_to_every_interface() {
        let any: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert_eq!(browser_url(any), "http://127.0.0.1:1111/");
        let any6: SocketAddr = "[::]:1111".parse().unwrap();
        assert_eq!(browser_url(any6), "http://[::1]:1111/");
        let lan: SocketAddr = "192.168.1.20:8080".parse().unwrap();
        assert_eq!(browser_url(lan), "http://192.168.1.20:8080/");
    }
}
