/* huddle story browser: filters the stories index in the browser.
 *
 * Progressive enhancement: the page lists every story without JavaScript.
 * This script reads each row's data-* attributes (outcome, skills, teams,
 * reps, industry, playbooks), fills the filter menus with what the rows
 * hold and how many would match, hides the rows that do not match every
 * chosen filter, and keeps the choice in the URL (?outcome=won&skill=discovery)
 * so a filtered list can be shared. Built to stay quick at thousands of rows:
 * one pass over the rows per change, no layout reads. */
(function () {
  "use strict";

  var form = document.getElementById("story-filters");
  var list = document.querySelector("[data-story-list]");
  if (!form || !list) return;

  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
  var facets = selects.map(function (select) { return select.getAttribute("data-facet"); });
  var status = form.querySelector(".filter-status");
  var clear = form.querySelector(".filter-clear");
  var rows = Array.prototype.slice.call(list.querySelectorAll("li[data-outcome]"));

  function slugify(name) {
    return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "") || "term";
  }

  /* Per row and facet, the slugs it carries; per facet, slug → display name. */
  var names = {};
  facets.forEach(function (facet) { names[facet] = {}; });
  var values = rows.map(function (row) {
    var own = {};
    facets.forEach(function (facet) {
      var raw = row.getAttribute("data-" + facet) || "";
      own[facet] = raw ? raw.split("|").map(function (name) {
        var slug = slugify(name);
        if (!names[facet][slug]) names[facet][slug] = name;
        return slug;
      }) : [];
    });
    return own;
  });

  function chosen() {
    var choice = {};
    selects.forEach(function (select, index) {
      if (select.value) choice[facets[index]] = select.value;
    });
    return choice;
  }

  function matches(own, choice, except) {
    for (var facet in choice) {
      if (facet !== except && own[facet].indexOf(choice[facet]) < 0) return false;
    }
    return true;
  }

  /* Per facet, its values in menu order and one <option> each, made once:
     an update re-counts and re-attaches them, which stays quick with a
     thousand reps or playbooks in a menu. */
  var menus = selects.map(function (select, index) {
    var facet = facets[index];
    var slugs = Object.keys(names[facet]);
    if (facet !== "outcome") {
      var keys = {};
      slugs.forEach(function (slug) { keys[slug] = names[facet][slug].toLowerCase(); });
      slugs.sort(function (a, b) { return keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0; });
    }
    var options = slugs.map(function (slug) {
      var option = document.createElement("option");
      option.value = slug;
      return option;
    });
    return { all: select.options[0], slugs: slugs, options: options, shown: [] };
  });

  /* Options with counts given the other filters; the chosen one always stays. */
  function fillOptions(choice) {
    selects.forEach(function (select, index) {
      var facet = facets[index];
      var menu = menus[index];
      var counts = {};
      for (var r = 0; r < values.length; r++) {
        if (!matches(values[r], choice, facet)) continue;
        var own = values[r][facet];
        for (var v = 0; v < own.length; v++) counts[own[v]] = (counts[own[v]] || 0) + 1;
      }
      var current = choice[facet] || "";
      var shown = [];
      for (var i = 0; i < menu.slugs.length; i++) {
        var slug = menu.slugs[i];
        var count = counts[slug] || 0;
        if (!count && slug !== current) continue;
        var name = names[facet][slug];
        if (facet === "outcome") name = name.charAt(0).toUpperCase() + name.slice(1);
        var label = name + " (" + count + ")";
        if (menu.options[i].textContent !== label) menu.options[i].textContent = label;
        shown.push(menu.options[i]);
      }
      var same = shown.length === menu.shown.length && shown.every(function (option, at) { return option === menu.shown[at]; });
      if (!same) {
        var fragment = document.createDocumentFragment();
        fragment.appendChild(menu.all);
        shown.forEach(function (option) { fragment.appendChild(option); });
        select.textContent = "";
        select.appendChild(fragment);
        menu.shown = shown;
      }
      select.value = current;
      select.disabled = shown.length === 0;
    });
  }

  /* Said under the filters when a shared link's combination leaves nothing. */
  var empty = document.createElement("p");
  empty.className = "empty filter-empty";
  empty.hidden = true;
  empty.textContent = "No story matches all of these filters. Clear one, or clear them all, to see more.";
  list.parentNode.insertBefore(empty, list);

  function apply(keepUrl) {
    var choice = chosen();
    var shown = 0;
    for (var r = 0; r < rows.length; r++) {
      var visible = matches(values[r], choice, null);
      if (visible) shown++;
      if (rows[r].hidden === visible) rows[r].hidden = !visible;
    }
    fillOptions(choice);
    var active = Object.keys(choice).length;
    status.textContent = active
      ? shown + " of " + rows.length + " stories match"
      : "All " + rows.length + " stories";
    clear.hidden = !active;
    empty.hidden = shown > 0;
    list.classList.toggle("is-filtered", active > 0);
    if (keepUrl) {
      var params = new URLSearchParams(window.location.search);
      facets.forEach(function (facet) {
        if (choice[facet]) params.set(facet, choice[facet]);
        else params.delete(facet);
      });
      var query = params.toString();
      try {
        window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      } catch (error) {
        /* Some browsers refuse history changes on file:// pages; filtering still works. */
      }
    }
  }

  /* The URL's choice, before the first count. */
  var params = new URLSearchParams(window.location.search);
  fillOptions({});
  selects.forEach(function (select, index) {
    /* A slug (what this script writes) or a name (`?team=Public Sector`). */
    var wanted = params.get(facets[index]);
    if (wanted && !names[facets[index]][wanted]) wanted = slugify(wanted);
    if (wanted && names[facets[index]][wanted]) select.value = wanted;
    select.addEventListener("change", function () { apply(true); });
  });
  clear.addEventListener("click", function () {
    selects.forEach(function (select) { select.value = ""; });
    apply(true);
    selects[0].focus();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply(false);
})();
