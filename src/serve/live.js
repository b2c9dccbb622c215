// huddle live reload: the dev server (`huddle serve`) adds this script to the
// HTML it serves; `huddle build` never writes it.
//
// Events come from /__huddle/events (Server-Sent Events), relayed by one
// shared worker (live-worker.js) for all tabs: a browser opens at most six
// HTTP/1.1 connections to a host, and one stream per tab would leave a
// seventh tab unable to load. Without SharedWorker, the tab listens itself.
//
// Every event names the generation of the site it describes, so a tab that
// missed events (it was asleep, or the server restarted) notices that its
// page is stale and reloads.
//
//   hello        {version, error}           the current state, first on every
//                                           connection (and to every new tab)
//   reload       {version}                  new pages: reload
//   css          {previous, version, paths} only stylesheets changed: swap them
//   build-error  {message}                  the last rebuild failed: overlay
//   ok           {version}                  the failure is fixed: clear it
//
// ("build-error", not "error": EventSource fires "error" for its own
// connection failures.)
(() => {
  "use strict";

  const EVENTS = ["hello", "reload", "css", "build-error", "ok"];
  const script = document.currentScript;
  let version = script ? script.dataset.huddleVersion : undefined;
  let dismissed = null;
  let disconnect = () => {};

  function handle(type, data) {
    switch (type) {
      case "hello":
        if (data.version !== version) {
          location.reload();
        } else if (data.error === null) {
          clearError();
        } else {
          showError(data.error);
        }
        break;
      case "reload":
        if (data.version !== version) {
          location.reload();
        }
        break;
      case "css":
        clearError();
        if (data.version === version) {
          break;
        }
        if (data.previous !== version) {
          // Something else changed since this page was served.
          location.reload();
          break;
        }
        version = data.version;
        refreshStylesheets(data.paths);
        break;
      case "build-error":
        showError(data.message);
        break;
      case "ok":
        clearError();
        break;
    }
  }

  function connect() {
    if (typeof SharedWorker === "function") {
      try {
        const worker = new SharedWorker("/__huddle/live-worker.js", {
          name: "huddle-live",
        });
        worker.port.onmessage = (message) =>
          handle(message.data.type, message.data.data);
        // A worker that cannot start (a Content-Security-Policy, say):
        // listen from the tab instead.
        worker.onerror = () => listen();
        disconnect = () => worker.port.postMessage("bye");
        return;
      } catch {
        // Fall through to listening from the tab.
      }
    }
    listen();
  }

  function listen() {
    let source = null;
    let retry = null;
    const open = () => {
      retry = null;
      source = new EventSource("/__huddle/events");
      for (const type of EVENTS) {
        source.addEventListener(type, (event) =>
          handle(type, JSON.parse(event.data)),
        );
      }
      source.onerror = () => {
        // The browser retries by itself while the stream is merely broken; a
        // closed stream (the server answered with an error) needs a new one.
        if (source.readyState === EventSource.CLOSED && retry === null) {
          retry = setTimeout(open, 1000);
        }
      };
    };
    open();
    disconnect = () => {
      clearTimeout(retry);
      source.close();
    };
  }

  function refreshStylesheets(paths) {
    const wanted = new Set(paths.map((path) => "/" + path));
    const links = Array.from(
      document.querySelectorAll('link[rel~="stylesheet"][href]'),
    ).filter((link) => new URL(link.href).origin === location.origin);
    let matched = links.filter((link) => wanted.has(pathOf(link.href)));
    if (matched.length === 0) {
      // The changed sheet is reached through @import: refresh them all.
      matched = links;
    }
    for (const link of matched) {
      const url = new URL(link.href);
      url.searchParams.set("huddle", Date.now().toString());
      const fresh = link.cloneNode();
      fresh.href = url.href;
      // Drop the old sheet only once the new one applies, so nothing flashes.
      const drop = () => link.remove();
      fresh.addEventListener("load", drop);
      fresh.addEventListener("error", drop);
      link.after(fresh);
    }
  }

  function pathOf(href) {
    const path = new URL(href).pathname;
    try {
      return decodeURIComponent(path);
    } catch {
      return path;
    }
  }

  const OVERLAY_ID = "huddle-error-overlay";

  function showError(message) {
    if (message === dismissed) {
      return;
    }
    hideError();
    // A shadow root keeps the site's stylesheets off the overlay and the
    // overlay's styles off the site.
    const host = document.createElement("div");
    host.id = OVERLAY_ID;
    host.style.cssText =
      "position:fixed;top:0;left:0;right:0;z-index:2147483647;";
    const root = host.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = `
      .box { box-sizing: border-box; width: 100%; max-height: 80vh; overflow: auto;
             margin: 0; padding: 1rem 1.25rem; background: #2b0d0d; color: #fbeaea;
             border-bottom: 4px solid #e5484d; font: 14px/1.45 system-ui, sans-serif;
             box-shadow: 0 4px 24px rgba(0,0,0,.4); }
      .head { display: flex; gap: 1rem; align-items: baseline; justify-content: space-between; }
      strong { font-size: 15px; }
      pre { margin: .75rem 0 0; white-space: pre-wrap; overflow-wrap: anywhere;
            font: 13px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
      button { font: inherit; cursor: pointer; background: transparent; color: inherit;
               border: 1px solid currentColor; border-radius: 4px; padding: .1rem .6rem; }`;
    const box = document.createElement("div");
    box.className = "box";
    box.setAttribute("role", "alert");
    const head = document.createElement("div");
    head.className = "head";
    const title = document.createElement("strong");
    title.textContent =
      "huddle: the last change did not build; this is the last good version";
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Dismiss";
    close.addEventListener("click", () => {
      dismissed = message;
      hideError();
    });
    head.append(title, close);
    const text = document.createElement("pre");
    text.textContent = message;
    box.append(head, text);
    root.append(style, box);
    document.documentElement.append(host);
  }

  function hideError() {
    const overlay = document.getElementById(OVERLAY_ID);
    if (overlay !== null) {
      overlay.remove();
    }
  }

  // A good build clears the overlay and the dismissal, so the next failure
  // shows again even if its message is the same.
  function clearError() {
    dismissed = null;
    hideError();
  }

  connect();
  window.addEventListener("pagehide", () => disconnect());
  window.addEventListener("pageshow", (event) => {
    // Back/forward cache: the page comes back disconnected.
    if (event.persisted) {
      connect();
    }
  });
})();
