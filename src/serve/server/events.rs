//! Live reload: the Server-Sent Events that tell open tabs what changed, the
//! browser client that listens to them, and the `<script>` tag added to
//! every HTML page the server sends (never to the snapshot itself, so a
//! build's output cannot contain it).
//!
//! Every event carries the generation it describes (`version`), and every
//! page the generation it was served from, so a tab that missed events
//! (asleep, reconnecting, or talking to a restarted server) still reloads.
//! The protocol is described at the top of `live.js`.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::{Bytes, Frame, SizeHint};
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{mpsc, watch};

use super::LiveSite;

/// The browser client, loaded by `src=` rather than inlined so it runs under
/// a theme's Content-Security-Policy that forbids inline scripts.
pub const CLIENT_PATH: &str = "/__huddle/live.js";
/// The browser client.
pub const CLIENT: &str = include_str!("../live.js");
/// The shared worker that holds one event stream for all tabs (a browser
/// opens at most six HTTP/1.1 connections to a host; a stream per tab would
/// starve the seventh).
pub const WORKER: &str = include_str!("../live-worker.js");

/// How often an idle stream sends a comment, so a tab that went away is
/// noticed and proxies do not time the stream out.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// A response body: a whole file, or an event stream that lasts until the tab
/// closes or the server stops.
pub enum ResponseBody {
    Full(Option<Bytes>),
    Events(mpsc::Receiver<Bytes>),
}

/// Adds the live-reload client to an HTML page: before the last `</body>`,
/// or at the end when there is none.
pub fn inject_client(html: &[u8], version: &str) -> Vec<u8> {
    let tag = format!(r#"<script src="{CLIENT_PATH}" data-huddle-version="{version}"></script>"#);
    let at = find_last_body_close(html).unwrap_or(html.len());
    let mut page = Vec::with_capacity(html.len() + tag.len());
    page.extend_from_slice(&html[..at]);
    page.extend_from_slice(tag.as_bytes());
    page.extend_from_slice(&html[at..]);
    page
}

/// Starts an event stream for one tab: first the current state, then every
/// event, until the tab goes away or `shutdown` turns true.
pub fn stream(site: Arc<LiveSite>, mut shutdown: watch::Receiver<bool>) -> ResponseBody {
    let (hello, mut events) = site.subscribe();
    // A tab reads slowly at worst; a few frames of slack are plenty, and a
    // tab that blocks the channel falls behind the broadcast and is
    // resynchronised from the current state.
    let (sender, receiver) = mpsc::channel(4);
    tokio::spawn(async move {
        if sender.send(hello).await.is_err() {
            return;
        }
        let mut keep_alive = tokio::time::interval(KEEP_ALIVE);
        keep_alive.tick().await;
        loop {
            let frame = tokio::select! {
                received = events.recv() => match received {
                    Ok(frame) => frame,
                    Err(RecvError::Lagged(_)) => site.resynchronise(),
                    Err(RecvError::Closed) => break,
                },
                _ = keep_alive.tick() => Bytes::from_static(b": keep-alive\n\n"),
                _ = shutdown.wait_for(|stop| *stop) => break,
                _ = sender.closed() => break,
            };
            if sender.send(frame).await.is_err() {
                break;
            }
        }
    });
    ResponseBody::Events(receiver)
}

/// The first event on every stream: the generation now served and the error
/// shown, if any.
pub fn hello(version: &str, error: Option<&str>) -> Bytes {
    // `retry` asks the browser to reconnect after a second, not its default 3.
    let mut frame = String::from("retry: 1000\n");
    frame.push_str(&event(
        "hello",
        &json!({ "version": version, "error": error }),
    ));
    Bytes::from(frame)
}

pub fn reload(version: &str) -> Bytes {
    Bytes::from(event("reload", &json!({ "version": version })))
}

pub fn css(previous: &str, version: &str, paths: &[String]) -> Bytes {
    Bytes::from(event(
        "css",
        &json!({ "previous": previous, "version": version, "paths": paths }),
    ))
}

pub fn build_error(message: &str) -> Bytes {
    Bytes::from(event("build-error", &json!({ "message": message })))
}

pub fn ok(version: &str) -> Bytes {
    Bytes::from(event("ok", &json!({ "version": version })))
}

impl hyper::body::Body for ResponseBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        context: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            ResponseBody::Full(bytes) => {
                Poll::Ready(bytes.take().map(|bytes| Ok(Frame::data(bytes))))
            }
            ResponseBody::Events(receiver) => receiver
                .poll_recv(context)
                .map(|frame| frame.map(|frame| Ok(Frame::data(frame)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, ResponseBody::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ResponseBody::Full(Some(bytes)) => SizeHint::with_exact(bytes.len() as u64),
            ResponseBody::Full(None) => SizeHint::with_exact(0),
            ResponseBody::Events(_) => SizeHint::default(),
        }
    }
}

/// One event-stream frame. The data is JSON on a single line, so messages
/// with newlines need no `data:` continuation lines.
fn event(name: &str, data: &serde_json::Value) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

fn find_last_body_close(html: &[u8]) -> Option<usize> {
    const CLOSE: &[u8] = b"</body";
    html.windows(CLOSE.len())
        .rposition(|window| window.eq_ignore_ascii_case(CLOSE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_goes_before_the_last_closing_body_tag() {
        let page = inject_client(b"<p>`</body>` in code</p></BODY>\n</html>", "a-1");
        let page = String::from_utf8(page).unwrap();
        assert_eq!(
            page,
            "<p>`</body>` in code</p>\
             <script src=\"/__huddle/live.js\" data-huddle-version=\"a-1\"></script></BODY>\n</html>"
        );
    }

    #[test]
    fn a_page_without_a_body_tag_gets_the_client_at_the_end() {
        let page = inject_client(b"<h1>Hi</h1>", "a-2");
        assert!(page.starts_with(b"<h1>Hi</h1><script "));
        assert!(page.ends_with(b"</script>"));
    }

    #[test]
    fn a_multi_line_message_is_one_data_line() {
        let frame = build_error("content/a.md:3:1: error\n  | </script>");
        let text = std::str::from_utf8(&frame).unwrap();
        assert_eq!(text.matches("data:").count(), 1);
        assert!(text.ends_with("\n\n"));
        assert_eq!(text.trim_end().lines().count(), 2);
    }
}
