/* huddle story browser: filters every story of the wiki, not only the page
 * at hand, with no server.
 *
 * Progressive enhancement: without JavaScript the stories index is a set of
 * numbered pages and the term pages list the stories of each skill, team
 * and outcome. This script loads the facet file the build writes
 * (stories/facets.js: a script, so it loads from file:// too), fills the
 * filter menus with every value and how many stories each would leave, and
 * while a filter is chosen shows the matching stories of the whole set in
 * place of the page's own list, a page size at a time. The choice lives in
 * the URL (?outcome=won&skill=discovery), so a filtered list can be shared;
 * a link may name a value instead of its slug (?team=Public Sector).
 * Quick at tens of thousands of stories: one pass over the stories per
 * change, rows made only for what is shown. */
(function () {
  "use strict";

  var form = document.getElementById("story-filters");
  var pages = document.querySelector("[data-story-pages]");
  if (!form || !pages) return;

  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
  var status = form.querySelector(".filter-status");
  var clear = form.querySelector(".filter-clear");
  var root = form.getAttribute("data-root") || "";
  var pageSize = parseInt(form.getAttribute("data-page-size"), 10) || 50;
  /* "Page 2 of 40" says nothing of a filtered list. */
  var pageNumber = document.querySelector(".page-header .page-number");
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  /* Shown at once, so the page does not jump when the data arrives. */
  form.hidden = false;
  selects.forEach(function (select) { select.disabled = true; });
  status.textContent = "Loading filters…";

  /* The slug facets.js leaves out when a story's URL is its title's: the
     build's `ascii_slug`, for ASCII titles only. */
  function asciiSlug(title) {
    return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function slugify(name) {
    return String(name).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "") || "term";
  }

  function start(data) {
    /* A story row: [title, its URL's own part (0: the title's slug), date,
       customer (-1: none), draft, then one list of value positions per
       facet, in data.facets order]. */
    var FIRST_FACET = 5;
    var stories = data.stories;
    var facets = selects.map(function (select) { return select.getAttribute("data-facet"); });
    var columns = facets.map(function (facet) { return FIRST_FACET + data.facets.indexOf(facet); });
    var values = facets.map(function (facet) { return data.values[data.facets.indexOf(facet)] || []; });

    /* Per facet, its values' positions in menu order, one <option> each,
       made once: an update re-counts and re-attaches them. */
    var menus = selects.map(function (select, index) {
      var own = values[index];
      var order = own.map(function (_, position) { return position; });
      if (facets[index] !== "outcome") {
        var keys = own.map(function (value) { return value[0].toLowerCase(); });
        order.sort(function (a, b) { return keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b; });
      }
      var options = order.map(function (position) {
        var option = document.createElement("option");
        option.value = own[position][1];
        return option;
      });
      var byValue = {};
      own.forEach(function (value, position) { byValue[value[1]] = position; });
      return { all: select.options[0], order: order, options: options, shown: [], byValue: byValue };
    });

    /* The chosen value's position per facet, or -1. */
    function chosen() {
      return selects.map(function (select, index) {
        var position = menus[index].byValue[select.value];
        return select.value && position !== undefined ? position : -1;
      });
    }

    function matches(story, choice, except) {
      for (var f = 0; f < choice.length; f++) {
        if (f === except || choice[f] < 0) continue;
        if (story[columns[f]].indexOf(choice[f]) < 0) return false;
      }
      return true;
    }

    /* Options with counts given the other filters; the chosen one always stays. */
    function fillOptions(choice) {
      selects.forEach(function (select, index) {
        var menu = menus[index];
        var counts = {};
        for (var s = 0; s < stories.length; s++) {
          if (!matches(stories[s], choice, index)) continue;
          var own = stories[s][columns[index]];
          for (var v = 0; v < own.length; v++) counts[own[v]] = (counts[own[v]] || 0) + 1;
        }
        var shown = [];
        for (var i = 0; i < menu.order.length; i++) {
          var position = menu.order[i];
          var count = counts[position] || 0;
          if (!count && position !== choice[index]) continue;
          var name = values[index][position][0];
          if (facets[index] === "outcome") name = name.charAt(0).toUpperCase() + name.slice(1);
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
        select.value = choice[index] >= 0 ? values[index][choice[index]][1] : "";
        select.disabled = shown.length === 0;
      });
    }

    function shortDate(iso) {
      var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
      return parts ? Number(parts[3]) + " " + MONTHS[Number(parts[2]) - 1] + " " + parts[1] : iso;
    }

    /* One row as partials/story_list.html writes it. */
    function row(story) {
      var item = document.createElement("li");
      item.className = "row";
      var outcome = story[columns[facets.indexOf("outcome")]];
      if (outcome && outcome.length) {
        var value = values[facets.indexOf("outcome")][outcome[0]];
        item.className += " outcome-" + value[1];
        var badge = document.createElement("span");
        badge.className = "badge badge-" + value[1];
        badge.textContent = value[0];
        item.appendChild(badge);
        item.appendChild(document.createTextNode(" "));
      }
      var link = document.createElement("a");
      link.className = "row-title";
      link.href = root + data.url[0] + (story[1] === 0 ? asciiSlug(story[0]) : story[1]) + data.url[1];
      link.textContent = story[0];
      item.appendChild(link);
      if (story[4]) {
        var draft = document.createElement("span");
        draft.className = "badge badge-draft";
        draft.textContent = "draft";
        item.appendChild(document.createTextNode(" "));
        item.appendChild(draft);
      }
      var meta = document.createElement("span");
      meta.className = "row-meta";
      var reps = facets.indexOf("rep") >= 0 ? story[columns[facets.indexOf("rep")]] : [];
      var text = reps.map(function (position) { return values[facets.indexOf("rep")][position][0]; }).join(", ");
      if (story[3] >= 0) text += " · " + data.customers[story[3]];
      meta.textContent = text;
      if (story[2]) {
        meta.appendChild(document.createTextNode(" · "));
        var time = document.createElement("time");
        time.setAttribute("datetime", story[2]);
        time.textContent = shortDate(story[2]);
        meta.appendChild(time);
      }
      item.appendChild(document.createTextNode(" "));
      item.appendChild(meta);
      return item;
    }

    /* Where the matching stories go while a filter is chosen. */
    var results = document.createElement("ol");
    results.className = "rows story-rows";
    results.setAttribute("data-story-results", "");
    results.hidden = true;
    var empty = document.createElement("p");
    empty.className = "empty filter-empty";
    empty.hidden = true;
    empty.textContent = "No story matches all of these filters. Clear one, or clear them all, to see more.";
    var more = document.createElement("button");
    more.type = "button";
    more.className = "filter-more";
    more.hidden = true;
    pages.parentNode.insertBefore(empty, pages);
    pages.parentNode.insertBefore(results, pages);
    pages.parentNode.insertBefore(more, pages);

    var matching = [];
    function showMore() {
      var from = results.children.length;
      var to = Math.min(matching.length, from + pageSize);
      var fragment = document.createDocumentFragment();
      for (var i = from; i < to; i++) fragment.appendChild(row(stories[matching[i]]));
      results.appendChild(fragment);
      var left = matching.length - to;
      more.hidden = left <= 0;
      more.textContent = "Show " + Math.min(left, pageSize) + " more of " + left;
    }
    more.addEventListener("click", function () {
      var next = results.children.length;
      showMore();
      /* Keyboard users go on from the first new row. */
      var first = results.children[next];
      if (first) first.querySelector("a").focus();
    });

    function apply(keepUrl) {
      var choice = chosen();
      var active = choice.some(function (position) { return position >= 0; });
      matching = [];
      if (active) {
        for (var s = 0; s < stories.length; s++) {
          if (matches(stories[s], choice, -1)) matching.push(s);
        }
      }
      fillOptions(choice);
      results.textContent = "";
      if (active) showMore(); else more.hidden = true;
      results.hidden = !active || matching.length === 0;
      pages.hidden = active;
      /* Hidden in place: the list below does not move up. */
      if (pageNumber) pageNumber.style.visibility = active ? "hidden" : "";
      empty.hidden = !active || matching.length > 0;
      status.textContent = active
        ? matching.length + " of " + stories.length + " stories match"
        : "All " + stories.length + " stories";
      clear.hidden = !active;
      if (keepUrl) {
        var params = new URLSearchParams(window.location.search);
        facets.forEach(function (facet, index) {
          if (choice[index] >= 0) params.set(facet, values[index][choice[index]][1]);
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

    /* The URL's choice: a value (what this script writes), or a name. */
    var params = new URLSearchParams(window.location.search);
    fillOptions(selects.map(function () { return -1; }));
    selects.forEach(function (select, index) {
      var wanted = params.get(facets[index]);
      if (wanted && menus[index].byValue[wanted] === undefined) {
        var slug = slugify(wanted);
        values[index].some(function (value) {
          if (value[0].toLowerCase() === wanted.toLowerCase() || slugify(value[0]) === slug || value[1] === slug) {
            wanted = value[1];
            return true;
          }
          return false;
        });
      }
      if (wanted && menus[index].byValue[wanted] !== undefined) select.value = wanted;
      select.addEventListener("change", function () { apply(true); });
    });
    clear.addEventListener("click", function () {
      selects.forEach(function (select) { select.value = ""; });
      apply(true);
      selects[0].focus();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply(false);
  }

  /* The facet file pushes its data onto window.huddleStoryFacets, before or
     after this script runs. */
  var queue = window.huddleStoryFacets = window.huddleStoryFacets || [];
  var started = false;
  function receive(data) {
    if (started || !data || !data.stories) return;
    started = true;
    start(data);
  }
  if (queue.length) {
    receive(queue[0]);
  } else {
    queue.push = function (data) {
      Array.prototype.push.call(queue, data);
      receive(data);
    };
    var script = document.createElement("script");
    script.src = form.getAttribute("data-facets");
    script.addEventListener("error", function () {
      status.textContent = "The filters could not load; browse the pages below.";
    });
    document.head.appendChild(script);
  }
})();
