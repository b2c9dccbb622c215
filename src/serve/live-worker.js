// huddle live reload, shared by every tab of the site (see live.js): one
// event stream for all of them, relayed to each tab as {type, data}.
//
// It keeps the current state (version and error) so that a tab that joins
// later gets a "hello" of its own, as if it had opened its own stream.
"use strict";

const EVENTS = ["hello", "reload", "css", "build-error", "ok"];
const ports = new Set();
let state = null;
let source = null;
let retry = null;

function open() {
  retry = null;
  source = new EventSource("/__huddle/events");
  for (const type of EVENTS) {
    source.addEventListener(type, (event) => {
      const data = JSON.parse(event.data);
      remember(type, data);
      for (const port of ports) {
        port.postMessage({ type, data });
      }
    });
  }
  source.onerror = () => {
    // The browser retries by itself while the stream is merely broken; a
    // closed stream (the server answered with an error) needs a new one.
    if (source.readyState === EventSource.CLOSED && retry === null) {
      retry = setTimeout(open, 1000);
    }
  };
}

function remember(type, data) {
  switch (type) {
    case "hello":
      state = { version: data.version, error: data.error };
      break;
    case "reload":
    case "css":
    case "ok":
      // A publish clears the error.
      state = { version: data.version, error: null };
      break;
    case "build-error":
      if (state !== null) {
        state = { version: state.version, error: data.message };
      }
      break;
  }
}

self.onconnect = (event) => {
  const port = event.ports[0];
  ports.add(port);
  port.onmessage = (message) => {
    if (message.data === "bye") {
      ports.delete(port);
    }
  };
  if (state !== null) {
    port.postMessage({ type: "hello", data: state });
  }
};

open();
