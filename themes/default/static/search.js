/* huddle search: runs in the browser, from file:// or any static host.
 *
 * The index is plain script files, added as <script> tags because browsers
 * refuse fetch() of local files; each pushes a message onto
 * window.huddleSearch, so it does not matter which loads first. A query
 * loads only what it needs:
 *
 *   search/index.js    the manifest: term-file keys and sizes, which record
 *                      ids each kind has, and the folding table;
 *   search/t/KEY.js    the words filed under KEY (their first letters),
 *                      each with its postings: the records it is in;
 *   search/r/N.js      records (title, URL, kind, fields, text), a few a
 *                      file, loaded only for the results on screen.
 *
 * Two views share one engine: the box in every page's header (the best few
 * results as you type; it loads nothing until you type) and the search page
 * (every result, kind filters, the query kept in the URL so a search can be
 * shared as a link). Ranking: pages with every word in the title first,
 * then by where the words are (title, the fields a reader scans, summary,
 * text), then playbooks, stories, people, pages, then by title. */
(function () {
  "use strict";

  var script = document.currentScript;
  var root = (script && script.getAttribute("data-root")) || "./";
  var KIND_LABELS = { playbook: "Playbook", story: "Story", rep: "Person", page: "Page" };
  /* Points a word scores where it counts most: text, summary, fields, title. */
  var WEIGHTS = [3, 6, 14, 50];
  /* The last word of a query is a prefix: "disc" finds discovery. A short
     prefix can stand for most of the index; past this many kilobytes of
     term files, only words in the prefix's own file match until more
     letters are typed. */
  var PREFIX_BUDGET_KB = 64;
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  var WORD_IN_TEXT = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
  var ENDS_IN_WORD = /[\p{Alphabetic}\p{N}]$/u;

  var manifest = null;
  var keys = [];
  var sizes = new Map();
  var termFiles = new Map();
  var recordFiles = new Map();
  var requested = new Set();
  var failed = false;
  var listeners = [];

  function receive(message) {
    if (!message || !message.length) return;
    if (message[0] === "manifest") {
      manifest = message[1];
      keys = manifest.keys ? manifest.keys.split(" ") : [];
      keys.forEach(function (key, at) { sizes.set(key, manifest.kb[at]); });
      table = new Map(Object.keys(manifest.fold).map(function (letter) { return [letter, manifest.fold[letter]]; }));
      accents = manifest.accents;
    } else if (message[0] === "terms") {
      var words = new Map();
      for (var at = 0; at + 1 < message[2].length; at += 2) words.set(message[2][at], message[2][at + 1]);
      termFiles.set(message[1], words);
    } else if (message[0] === "records") {
      recordFiles.set(message[1], message[2]);
    }
    notify();
  }

  var queue = window.huddleSearch;
  window.huddleSearch = { push: receive };
  if (Array.isArray(queue)) queue.forEach(receive);

  function addScript(file) {
    var src = root + file;
    if (requested.has(src)) return;
    requested.add(src);
    var tag = document.createElement("script");
    tag.src = src;
    tag.async = true;
    tag.addEventListener("error", function () {
      failed = true;
      notify();
    });
    document.head.appendChild(tag);
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

  /* Folding, exactly as the index was folded (src/render/search/fold.rs):
     per character, lower case; a letter of the manifest's table becomes its
     spelling there (ø → o, ß → ss); any other is decomposed (NFKD) without
     its accents, each part lower-cased and looked up in the table again. */
  var table = new Map();
  var accents = [];
  var folded = new Map();
  function isAccent(letter) {
    var code = letter.codePointAt(0);
    for (var at = 0; at < accents.length; at++) {
      if (code >= accents[at][0] && code <= accents[at][1]) return true;
    }
    return false;
  }
  function foldLetter(letter) {
    var known = folded.get(letter);
    if (known !== undefined) return known;
    var out = "";
    for (var lower of letter.toLowerCase()) {
      if (table.has(lower)) {
        out += table.get(lower);
        continue;
      }
      for (var part of lower.normalize("NFKD")) {
        if (isAccent(part)) continue;
        for (var plain of part.toLowerCase()) out += table.has(plain) ? table.get(plain) : plain;
      }
    }
    folded.set(letter, out);
    return out;
  }
  function fold(text) {
    var out = "";
    for (var letter of text) out += foldLetter(letter);
    return out;
  }
  function words(text) {
    var max = manifest ? manifest.maxWord : 40;
    return (text.match(WORD) || []).map(function (word) {
      var letters = Array.from(word);
      return letters.length > max ? letters.slice(0, max).join("") : word;
    });
  }

  /* The term file a word is in: the longest key it starts with. */
  function keyOf(word) {
    var letters = Array.from(word);
    for (var length = letters.length; length > 0; length--) {
      var key = letters.slice(0, length).join("");
      if (sizes.has(key)) return key;
    }
    return null;
  }

  /* What a query needs: its words, the last one a prefix while it is being
     typed, each with the term files that hold it. */
  function plan(query) {
    var text = fold(query);
    var found = words(text);
    var prefixLast = ENDS_IN_WORD.test(text);
    var tokens = [];
    found.forEach(function (word, at) {
      var prefix = prefixLast && at === found.length - 1;
      if (tokens.some(function (token) { return token.word === word && token.prefix === prefix; })) return;
      var own = keyOf(word);
      var files = own ? [own] : [];
      if (prefix) {
        var longer = keys.filter(function (key) { return key !== own && key.length > word.length && key.startsWith(word); });
        var kilobytes = files.concat(longer).reduce(function (sum, key) { return sum + sizes.get(key); }, 0);
        if (kilobytes <= PREFIX_BUDGET_KB) files = files.concat(longer);
      }
      tokens.push({ word: word, prefix: prefix, files: files });
    });
    return tokens;
  }

  function termPath(key) {
    var name = "";
    for (var letter of key) {
      name += /[a-z0-9]/.test(letter) ? letter : "_" + letter.codePointAt(0).toString(16) + "_";
    }
    return "search/t/" + name + ".js";
  }

  /* Requests what a plan needs; true once all of it is here. */
  function loadTerms(tokens) {
    var ready = true;
    tokens.forEach(function (token) {
      token.files.forEach(function (key) {
        if (!termFiles.has(key)) {
          ready = false;
          addScript(termPath(key));
        }
      });
    });
    return ready;
  }

  /* Postings: base-32 numbers, least significant digit first (a digit
     from `more` is followed by more, one from `last` ends the number); per record
     (id - previous id - 1) * 4 + field, and after a title match the
     title's word count. */
  var VALUE = new Int8Array(128).fill(-1);
  (function () {
    var last = "0123456789abcdefghijklmnopqrstuv";
    var more = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
    for (var at = 0; at < 32; at++) {
      VALUE[last.charCodeAt(at)] = at;
      VALUE[more.charCodeAt(at)] = 32 + at;
    }
  })();
  function eachPosting(encoded, visit) {
    var at = 0;
    var length = encoded.length;
    function number() {
      var value = 0, scale = 1;
      while (at < length) {
        var digit = VALUE[encoded.charCodeAt(at++)];
        if (digit < 32) return value + digit * scale;
        value += (digit - 32) * scale;
        scale *= 32;
      }
      return -1;
    }
    var next = 0;
    while (at < length) {
      var value = number();
      if (value < 0) return;
      var id = next + Math.floor(value / 4);
      var field = value % 4;
      visit(id, field, field === 3 ? number() : 0);
      next = id + 1;
    }
  }

  function kindOf(id) {
    var kinds = manifest.kinds;
    for (var at = 0; at < kinds.length; at++) {
      if (id >= kinds[at][1] && id < kinds[at][2]) return kinds[at][0];
    }
    return "page";
  }

  /* Every record that has all the words; title matches first. Ids are in
     the order of equal scores (kind, then title), so they break ties. */
  var ranked = { signature: null, results: null };
  function rank(tokens) {
    var signature = JSON.stringify(tokens);
    if (ranked.signature === signature) return ranked.results;
    var count = manifest.records;
    var total = new Int32Array(count);
    var matched = new Uint8Array(count);
    var inTitle = new Uint8Array(count);
    var titleWords = new Uint8Array(count);
    tokens.forEach(function (token, position) {
      var best = new Uint8Array(count);
      token.files.forEach(function (key) {
        var file = termFiles.get(key);
        if (!file) return;
        file.forEach(function (postings, word) {
          var exact = word === token.word;
          if (!exact && !(token.prefix && word.startsWith(token.word))) return;
          eachPosting(postings, function (id, field, length) {
            var score = WEIGHTS[field] + (exact ? 1 : 0);
            if (score > best[id]) best[id] = score;
            if (field === 3) titleWords[id] = length;
          });
        });
      });
      for (var id = 0; id < count; id++) {
        if (best[id] && matched[id] === position) {
          matched[id] = position + 1;
          total[id] += best[id];
          if (best[id] >= WEIGHTS[3]) inTitle[id] += 1;
        }
      }
    });
    var results = [];
    for (var id = 0; id < count; id++) {
      if (matched[id] !== tokens.length) continue;
      var title = inTitle[id] === tokens.length;
      var score = total[id];
      if (title && titleWords[id] === tokens.length) score += 200;
      else if (title && tokens.length > 1) score += 60;
      results.push({ id: id, kind: kindOf(id), score: score, title: title, length: title ? titleWords[id] : 0 });
    }
    results.sort(function (a, b) {
      return (b.title - a.title) || (b.score - a.score) || (a.length - b.length) || (a.id - b.id);
    });
    ranked = { signature: signature, results: results };
    return results;
  }

  /* The results of a query: null while its term files load. */
  function search(query) {
    if (!manifest) {
      addScript("search/index.js");
      return null;
    }
    var tokens = plan(query);
    if (!tokens.length) return { tokens: tokens, results: [] };
    if (!loadTerms(tokens)) return null;
    return { tokens: tokens, results: rank(tokens) };
  }

  /* The records of some results, requested; null until all are here. */
  function records(results) {
    var perFile = manifest.perFile;
    var ready = true;
    results.forEach(function (result) {
      var number = Math.floor(result.id / perFile);
      if (!recordFiles.has(number)) {
        ready = false;
        addScript("search/r/" + number + ".js");
      }
    });
    if (!ready) return null;
    return results.map(function (result) {
      var row = recordFiles.get(Math.floor(result.id / perFile))[result.id % perFile];
      return { kind: row[0], title: row[1], url: row[2], summary: row[3], meta: row[4], text: row[5] };
    });
  }

  /* How many UTF-16 units at the start of a word of shown text a query word
     matches (0 for none), the word folded letter by letter. */
  function matchLength(word, tokens) {
    var best = 0;
    tokens.forEach(function (token) {
      var out = "", units = 0;
      for (var letter of word) {
        out += foldLetter(letter);
        units += letter.length;
        if (out.length >= token.word.length) break;
      }
      if (out.startsWith(token.word) && units > best) best = units;
    });
    return best;
  }

  function firstMatch(text, tokens) {
    WORD_IN_TEXT.lastIndex = 0;
    var found;
    while ((found = WORD_IN_TEXT.exec(text))) {
      if (matchLength(found[0], tokens)) return found.index;
    }
    return -1;
  }

  /* Appends text to an element with the start of every matching word in <mark>. */
  function appendMarked(element, text, tokens) {
    var at = 0, found;
    WORD_IN_TEXT.lastIndex = 0;
    while ((found = WORD_IN_TEXT.exec(text))) {
      var length = matchLength(found[0], tokens);
      if (!length) continue;
      if (found.index > at) element.appendChild(document.createTextNode(text.slice(at, found.index)));
      var marked = document.createElement("mark");
      marked.textContent = text.slice(found.index, found.index + length);
      element.appendChild(marked);
      at = found.index + length;
    }
    if (at < text.length) element.appendChild(document.createTextNode(text.slice(at)));
  }

  /* About two lines of text around the first match in the body, else the summary. */
  function snippet(record, tokens) {
    var at = firstMatch(record.text, tokens);
    var lead = record.summary || record.text;
    if (at < 0 || (record.summary && firstMatch(record.summary, tokens.slice(0, 1)) >= 0)) {
      return lead.length > 180 ? lead.slice(0, lead.lastIndexOf(" ", 180)) + " …" : lead;
    }
    var text = record.text;
    var start = Math.max(0, at - 60);
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < at ? space + 1 : start;
    }
    var end = Math.min(text.length, start + 180);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      if (cut > at) end = cut;
    }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  function resultItem(record, tokens) {
    var item = document.createElement("li");
    item.className = "result result-" + record.kind;
    var link = document.createElement("a");
    link.className = "result-link";
    link.href = root + record.url;
    var kind = document.createElement("span");
    kind.className = "result-kind badge badge-kind-" + record.kind;
    kind.textContent = KIND_LABELS[record.kind] || record.kind;
    var title = document.createElement("span");
    title.className = "result-title";
    appendMarked(title, record.title, tokens);
    link.appendChild(kind);
    link.appendChild(document.createTextNode(" "));
    link.appendChild(title);
    item.appendChild(link);
    if (record.meta) {
      var meta = document.createElement("p");
      meta.className = "result-meta";
      appendMarked(meta, record.meta, tokens);
      item.appendChild(meta);
    }
    var text = snippet(record, tokens);
    if (text) {
      var body = document.createElement("p");
      body.className = "result-snippet";
      appendMarked(body, text, tokens);
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
    var typed = false;

    function close() {
      panel.hidden = true;
    }

    function render() {
      var query = input.value;
      if (!query.trim()) {
        close();
        return;
      }
      var found = search(query);
      var shown = found && records(found.results.slice(0, LIMIT));
      var message;
      if (failed) message = "The search index could not be loaded.";
      else if (!shown) message = "Searching…";
      else message = found.results.length ? plural(found.results.length, "result", "results") : "No results for “" + query.trim() + "”";
      // Until the new results are here, the last ones stay: no flicker.
      if (shown || failed || panel.hidden) {
        panel.textContent = "";
        var status = document.createElement("p");
        status.className = "search-status";
        status.textContent = message;
        panel.appendChild(status);
        if (shown && shown.length) {
          var list = document.createElement("ol");
          list.className = "search-results search-results-compact";
          shown.forEach(function (record) {
            list.appendChild(resultItem(record, found.tokens));
          });
          panel.appendChild(list);
        }
        var all = document.createElement("a");
        all.className = "search-all";
        all.href = action + searchPageUrl(query.trim());
        all.textContent = found && found.results.length > LIMIT ? "All " + found.results.length + " results" : "Open the search page";
        panel.appendChild(all);
        panel.hidden = false;
      }
      if (live.textContent !== message) live.textContent = message;
    }

    listeners.push(function () {
      if (typed && (document.activeElement === input || form.contains(document.activeElement))) render();
    });
    input.addEventListener("input", function () {
      typed = true;
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
    // The first screen of results; more on request, so a query loads the
    // records of the results a reader sees and no others.
    var FIRST = 10;
    var MORE = 20;
    var shown = FIRST;
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    var wanted = params.get("kind") || "";
    kinds.forEach(function (radio) { radio.checked = radio.value === wanted; });
    page.classList.add("is-live");

    function kind() {
      var checked = kinds.filter(function (radio) { return radio.checked; })[0];
      return checked ? checked.value : "";
    }

    /* The URL follows the query when the reader is done typing (Enter, a
       filter, leaving the field or the window, following a result), not on
       every key: each history change makes a browser without a favicon
       cache ask for the favicon again. */
    function keepInUrl() {
      var url = window.location.pathname + searchPageUrl(input.value.trim(), kind());
      if (url === window.location.pathname + window.location.search) return;
      try {
        window.history.replaceState(null, "", url);
      } catch (error) {
        /* Some browsers refuse history changes on file:// pages; the search still works. */
      }
    }
    function render() {
      var query = input.value;
      if (!query.trim()) {
        list.textContent = "";
        status.textContent = "Type to search playbooks, stories, people and pages.";
        updateCounts(null);
        return;
      }
      var found = search(query);
      if (failed) {
        status.textContent = "The search index could not be loaded.";
        return;
      }
      if (!found) {
        status.textContent = "Searching…";
        return;
      }
      var selected = kind();
      var results = selected ? found.results.filter(function (result) { return result.kind === selected; }) : found.results;
      var visible = records(results.slice(0, shown));
      updateCounts(found.results);
      // Until their records are here, the last results stay on screen.
      if (!visible) return;
      list.textContent = "";
      visible.forEach(function (record) {
        list.appendChild(resultItem(record, found.tokens));
      });
      status.textContent = results.length ? plural(results.length, "result", "results") + " for “" + query.trim() + "”." : "No results for “" + query.trim() + "”.";
      if (results.length > shown) {
        var more = document.createElement("li");
        more.className = "search-results-more";
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = "Show " + Math.min(MORE, results.length - shown) + " more";
        button.addEventListener("click", function () {
          shown += MORE;
          render();
        });
        more.appendChild(button);
        list.appendChild(more);
      }
    }

    function updateCounts(results) {
      var counts = { "": results ? results.length : 0 };
      (results || []).forEach(function (result) {
        counts[result.kind] = (counts[result.kind] || 0) + 1;
      });
      kinds.forEach(function (radio) {
        var count = radio.parentNode.querySelector(".count");
        if (count) count.textContent = results ? String(counts[radio.value] || 0) : "";
      });
    }

    listeners.push(render);
    input.addEventListener("input", function () {
      shown = FIRST;
      render();
    });
    input.addEventListener("blur", keepInUrl);
    window.addEventListener("blur", keepInUrl);
    kinds.forEach(function (radio) {
      radio.addEventListener("change", function () {
        shown = FIRST;
        keepInUrl();
        render();
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      keepInUrl();
      render();
    });
    // Leaving by a result keeps the query for the back button.
    list.addEventListener("click", keepInUrl);
    window.addEventListener("pagehide", keepInUrl);
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
