/* huddle search: runs in the browser, from file:// or any static host.
 *
 * The index is plain script files (search/index.js names the shards,
 * search/shard-N.js hold the pages), added as <script> tags because browsers
 * refuse fetch() of local files. Each file pushes a message onto
 * window.huddleSearch, so it does not matter which loads first.
 *
 * Two views share one engine: the box in every page's header (the best few
 * results as you type) and the search page (every result, kind filters, the
 * query kept in the URL so a search can be shared as a link). */
(function () {
  "use strict";

  var script = document.currentScript;
  var root = (script && script.getAttribute("data-root")) || "./";
  var KIND_LABELS = { playbook: "Playbook", story: "Story", rep: "Person", page: "Page" };
  var KIND_ORDER = { playbook: 0, story: 1, rep: 2, page: 3 };

  var docs = [];
  var expected = null;
  var loaded = 0;
  var seen = {};
  var requested = false;
  var listeners = [];

  /* Lower case without accents, letter for letter (same length, so a match
     in the folded text marks the same span of the original): "tomas" finds
     Tomás and "kuhne" finds Kühne. */
  var ACCENTED = /[\u00c0-\u024f\u1e00-\u1eff]/g;
  var bases = {};
  function base(letter) {
    if (!(letter in bases)) {
      var plain = letter.normalize ? letter.normalize("NFD").charAt(0) : letter;
      bases[letter] = /[a-z]/.test(plain) ? plain : letter;
    }
    return bases[letter];
  }
  function fold(text) {
    return text.toLowerCase().replace(ACCENTED, base);
  }

  function receive(message) {
    if (!message || !message.length) return;
    if (message[0] === "manifest") {
      expected = message[1].shards.length;
      message[1].shards.forEach(function (file) {
        addScript(root + "search/" + file);
      });
      if (expected === 0) notify();
    } else if (message[0] === "shard") {
      if (seen[message[1]]) return;
      seen[message[1]] = true;
      message[2].forEach(function (row) {
        docs.push({
          kind: row[0], title: row[1], url: row[2], summary: row[3], meta: row[4], text: row[5],
          t: fold(row[1]), m: fold(row[4]), s: fold(row[3]), x: fold(row[5])
        });
      });
      loaded += 1;
      notify();
    }
  }

  var queue = window.huddleSearch;
  window.huddleSearch = { push: receive, search: search };
  if (Array.isArray(queue)) queue.forEach(receive);

  function addScript(src) {
    var tag = document.createElement("script");
    tag.src = src;
    tag.async = true;
    tag.addEventListener("error", function () {
      failed = true;
      notify();
    });
    document.head.appendChild(tag);
  }
  var failed = false;

  /* Loads the index once, on first need. */
  function load() {
    if (requested) return;
    requested = true;
    addScript(root + "search/index.js");
  }

  function complete() {
    return expected !== null && loaded >= expected;
  }

  var scheduled = false;
  function notify() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(function () {
      scheduled = false;
      listeners.forEach(function (listener) { listener(); });
    });
  }

  function tokenize(query) {
    return fold(query).split(/[\s,;:!?()"“”]+/).filter(function (token) {
      return token.length > 0;
    });
  }

  function isWordStart(text, at) {
    return at === 0 || !/[0-9a-z\u00c0-\uffff]/i.test(text.charAt(at - 1));
  }

  /* Every page that has all the words somewhere; title matches first. */
  function search(query, kind) {
    var tokens = tokenize(query);
    if (!tokens.length) return [];
    var phrase = tokens.join(" ");
    var results = [];
    for (var d = 0; d < docs.length; d++) {
      var doc = docs[d];
      if (kind && doc.kind !== kind) continue;
      var total = 0, inTitle = 0, missing = false;
      for (var k = 0; k < tokens.length; k++) {
        var token = tokens[k], at;
        if ((at = doc.t.indexOf(token)) >= 0) {
          total += isWordStart(doc.t, at) ? 50 : 30;
          inTitle++;
        } else if ((at = doc.m.indexOf(token)) >= 0) {
          total += isWordStart(doc.m, at) ? 14 : 10;
        } else if ((at = doc.s.indexOf(token)) >= 0) {
          total += 6;
        } else if ((at = doc.x.indexOf(token)) >= 0) {
          total += isWordStart(doc.x, at) ? 3 : 2;
        } else {
          missing = true;
          break;
        }
      }
      if (missing) continue;
      if (doc.t === phrase) total += 200;
      else if (tokens.length > 1 && doc.t.indexOf(phrase) >= 0) total += 60;
      results.push({ doc: doc, score: total, title: inTitle === tokens.length });
    }
    results.sort(function (a, b) {
      return (b.title - a.title) || (b.score - a.score) ||
        (KIND_ORDER[a.doc.kind] - KIND_ORDER[b.doc.kind]) ||
        (a.doc.t < b.doc.t ? -1 : a.doc.t > b.doc.t ? 1 : 0) ||
        (a.doc.url < b.doc.url ? -1 : 1);
    });
    return results;
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function matcher(query) {
    var tokens = tokenize(query).sort(function (a, b) { return b.length - a.length; });
    return tokens.length ? new RegExp("(" + tokens.map(escapeRegExp).join("|") + ")", "gi") : null;
  }

  /* Appends text to an element with every match wrapped in <mark>. */
  function appendMarked(element, text, pattern) {
    if (!pattern) {
      element.appendChild(document.createTextNode(text));
      return;
    }
    var folded = fold(text);
    if (folded.length === text.length) {
      var at = 0, found;
      pattern.lastIndex = 0;
      while ((found = pattern.exec(folded))) {
        if (found.index > at) element.appendChild(document.createTextNode(text.slice(at, found.index)));
        var marked = document.createElement("mark");
        marked.textContent = text.slice(found.index, found.index + found[0].length);
        element.appendChild(marked);
        at = found.index + found[0].length;
      }
      if (at < text.length) element.appendChild(document.createTextNode(text.slice(at)));
      return;
    }
    var parts = text.split(pattern);
    for (var i = 0; i < parts.length; i++) {
      if (!parts[i]) continue;
      if (i % 2 === 1) {
        var mark = document.createElement("mark");
        mark.textContent = parts[i];
        element.appendChild(mark);
      } else {
        element.appendChild(document.createTextNode(parts[i]));
      }
    }
  }

  /* About two lines of text around the first match in the body, else the summary. */
  function snippet(doc, query) {
    var tokens = tokenize(query);
    var at = -1;
    tokens.forEach(function (token) {
      var found = doc.x.indexOf(token);
      if (found >= 0 && (at < 0 || found < at)) at = found;
    });
    var lead = doc.summary || doc.text;
    if (at < 0 || (doc.summary && doc.s.indexOf(tokens[0]) >= 0)) {
      return lead.length > 180 ? lead.slice(0, lead.lastIndexOf(" ", 180)) + " …" : lead;
    }
    var start = Math.max(0, at - 60);
    if (start > 0) {
      var space = doc.text.indexOf(" ", start);
      start = space >= 0 && space < at ? space + 1 : start;
    }
    var end = Math.min(doc.text.length, start + 180);
    if (end < doc.text.length) {
      var cut = doc.text.lastIndexOf(" ", end);
      if (cut > at) end = cut;
    }
    return (start > 0 ? "… " : "") + doc.text.slice(start, end) + (end < doc.text.length ? " …" : "");
  }

  function resultItem(result, query, pattern) {
    var doc = result.doc;
    var item = document.createElement("li");
    item.className = "result result-" + doc.kind;
    var link = document.createElement("a");
    link.className = "result-link";
    link.href = root + doc.url;
    var kind = document.createElement("span");
    kind.className = "result-kind badge badge-kind-" + doc.kind;
    kind.textContent = KIND_LABELS[doc.kind] || doc.kind;
    var title = document.createElement("span");
    title.className = "result-title";
    appendMarked(title, doc.title, pattern);
    link.appendChild(kind);
    link.appendChild(document.createTextNode(" "));
    link.appendChild(title);
    item.appendChild(link);
    if (doc.meta) {
      var meta = document.createElement("p");
      meta.className = "result-meta";
      appendMarked(meta, doc.meta, pattern);
      item.appendChild(meta);
    }
    var text = snippet(doc, query);
    if (text) {
      var body = document.createElement("p");
      body.className = "result-snippet";
      appendMarked(body, text, pattern);
      item.appendChild(body);
    }
    return item;
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }

  function searchPageUrl(query, kind) {
    var params = [];
    if (query) params.push("q=" + encodeURIComponent(query));
    if (kind) params.push("kind=" + encodeURIComponent(kind));
    return params.length ? "?" + params.join("&") : "";
  }

  /* The header box: the best few results under the field, as you type. */
  function setUpHeaderBox(form) {
    var input = form.querySelector("input[type=search]");
    var panel = form.querySelector(".search-popup");
    if (!input || !panel) return;
    var action = form.getAttribute("action");
    var LIMIT = 7;
    // One live region for the whole session: screen readers announce changes
    // to an element that stays, not to one made anew on every keystroke.
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    form.appendChild(live);

    function close() {
      panel.hidden = true;
    }

    function render() {
      var query = input.value.trim();
      if (!query) {
        close();
        return;
      }
      var results = search(query);
      var pattern = matcher(query);
      panel.textContent = "";
      var status = document.createElement("p");
      status.className = "search-status";
      if (failed) status.textContent = "The search index could not be loaded.";
      else if (!complete() && !results.length) status.textContent = "Searching…";
      else status.textContent = results.length ? plural(results.length, "result", "results") : "No results for “" + query + "”";
      panel.appendChild(status);
      if (live.textContent !== status.textContent) live.textContent = status.textContent;
      if (results.length) {
        var list = document.createElement("ol");
        list.className = "search-results search-results-compact";
        results.slice(0, LIMIT).forEach(function (result) {
          list.appendChild(resultItem(result, query, pattern));
        });
        panel.appendChild(list);
      }
      var all = document.createElement("a");
      all.className = "search-all";
      all.href = action + searchPageUrl(query);
      all.textContent = results.length > LIMIT ? "All " + results.length + " results" : "Open the search page";
      panel.appendChild(all);
      panel.hidden = false;
    }

    listeners.push(function () {
      if (document.activeElement === input || form.contains(document.activeElement)) render();
    });
    input.addEventListener("focus", load);
    input.addEventListener("input", function () {
      load();
      render();
    });
    form.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(panel.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "Escape") {
        close();
        input.focus();
      } else if (event.key === "ArrowDown" && !panel.hidden && links.length) {
        event.preventDefault();
        links[Math.min(at + 1, links.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        event.preventDefault();
        if (at === 0) input.focus();
        else links[at - 1].focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) close();
    });
    form.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !form.contains(event.relatedTarget)) close();
    });
  }

  /* The search page: every result, kind filters, state in the URL. */
  function setUpSearchPage(page) {
    var form = page.querySelector("form");
    var input = page.querySelector("input[type=search]");
    var status = page.querySelector(".search-status");
    var list = page.querySelector(".search-results");
    var kinds = Array.prototype.slice.call(page.querySelectorAll("input[name=kind]"));
    var PAGE = 50;
    var shown = PAGE;
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    var wanted = params.get("kind") || "";
    kinds.forEach(function (radio) { radio.checked = radio.value === wanted; });
    page.classList.add("is-live");

    function kind() {
      var checked = kinds.filter(function (radio) { return radio.checked; })[0];
      return checked ? checked.value : "";
    }

    function keepInUrl() {
      var url = window.location.pathname + searchPageUrl(input.value.trim(), kind());
      try {
        window.history.replaceState(null, "", url);
      } catch (error) {
        /* Some browsers refuse history changes on file:// pages; the search still works. */
      }
    }

    function render() {
      var query = input.value.trim();
      list.textContent = "";
      if (!query) {
        status.textContent = "Type to search playbooks, stories, people and pages.";
        updateCounts([]);
        return;
      }
      var all = search(query);
      updateCounts(all);
      var selected = kind();
      var results = selected ? all.filter(function (result) { return result.doc.kind === selected; }) : all;
      var pattern = matcher(query);
      results.slice(0, shown).forEach(function (result) {
        list.appendChild(resultItem(result, query, pattern));
      });
      if (failed) status.textContent = "The search index could not be loaded.";
      else if (!results.length) status.textContent = complete() ? "No results for “" + query + "”." : "Searching…";
      else status.textContent = plural(results.length, "result", "results") + " for “" + query + "”" + (complete() ? "." : " so far…");
      if (results.length > shown) {
        var more = document.createElement("li");
        more.className = "search-results-more";
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = "Show " + Math.min(PAGE, results.length - shown) + " more";
        button.addEventListener("click", function () {
          shown += PAGE;
          render();
        });
        more.appendChild(button);
        list.appendChild(more);
      }
    }

    function updateCounts(results) {
      var counts = { "": results.length };
      results.forEach(function (result) {
        counts[result.doc.kind] = (counts[result.doc.kind] || 0) + 1;
      });
      kinds.forEach(function (radio) {
        var count = radio.parentNode.querySelector(".count");
        if (count) count.textContent = input.value.trim() ? String(counts[radio.value] || 0) : "";
      });
    }

    listeners.push(render);
    input.addEventListener("input", function () {
      shown = PAGE;
      keepInUrl();
      render();
    });
    kinds.forEach(function (radio) {
      radio.addEventListener("change", function () {
        shown = PAGE;
        keepInUrl();
        render();
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      keepInUrl();
      render();
    });
    load();
    render();
  }

  function start() {
    var page = document.getElementById("search-page");
    if (page) setUpSearchPage(page);
    Array.prototype.forEach.call(document.querySelectorAll("form.site-search"), setUpHeaderBox);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
