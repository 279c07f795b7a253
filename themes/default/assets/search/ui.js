/*
 * The search page: reads its state from the URL (search/index.html?q=cloud&sectors=health),
 * asks engine.js for results and draws them. The state lives in the URL so a search can be
 * shared, bookmarked and reloaded; the page works with a keyboard alone:
 * `/` focuses the box (shortcut.js), ↓ and ↑ move through results, Enter opens one,
 * Escape goes back to the box.
 *
 * Everything from the index reaches the page through textContent and createElement, never
 * as HTML. Index files are loaded with <script> tags (the .js twins), which also works for
 * a site opened from disk, where browsers refuse fetch and XHR.
 */
(function () {
  'use strict';

  var app = document.getElementById('search-app');
  if (!app) return;
  var status = document.getElementById('search-status');
  if (!window.PraxisSearchEngine) {
    status.textContent = 'Search is not available: its scripts could not be loaded.';
    return;
  }

  var Engine = window.PraxisSearchEngine.Engine;
  var root = app.getAttribute('data-root') || '';
  var base = app.getAttribute('data-index') || '';
  var form = document.getElementById('search-form');
  var input = document.getElementById('search-q');
  var filtersBox = document.getElementById('search-filters');
  var list = document.getElementById('search-results');
  var pager = document.getElementById('search-pages');
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
    'October', 'November', 'December'];
  var SHOWN_VALUES = 8;

  var engine = new Engine(scriptLoader(base));
  var state = readState();
  var open = new Map();       // facet field → open (as the reader left it)
  var expanded = new Set();   // facets showing all their values
  var requested = new Set();  // facets loaded because the reader opened them
  var facetFields = [];
  var run = 0;
  var typing = null;

  // Without JavaScript the form stays hidden: it could not search, and the page says so instead.
  form.hidden = false;
  app.classList.add('search-ready');
  input.value = state.q;

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearTimeout(typing);
    state.q = input.value;
    state.page = 1;
    update(true);
  });
  input.addEventListener('input', function () {
    clearTimeout(typing);
    typing = setTimeout(function () {
      state.q = input.value;
      state.page = 1;
      update(false);
    }, 150);
  });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowDown') {
      var first = list.querySelector('a');
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  list.addEventListener('keydown', function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll('a'));
    var index = links.indexOf(document.activeElement);
    if (index < 0) return;
    if (event.key === 'ArrowDown' && index + 1 < links.length) {
      event.preventDefault();
      links[index + 1].focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      (index > 0 ? links[index - 1] : input).focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      input.focus();
    }
  });
  window.addEventListener('popstate', function () {
    state = readState();
    input.value = state.q;
    search();
  });

  search();

  // Loads search/NAME.js, which stores its data in window.PraxisSearchData[NAME].
  function scriptLoader(folder) {
    return function (name) {
      return new Promise(function (resolve, reject) {
        var store = window.PraxisSearchData = window.PraxisSearchData || {};
        var script = document.createElement('script');
        script.src = folder + name + '.js';
        script.onload = function () {
          script.remove();
          var data = Object.prototype.hasOwnProperty.call(store, name) ? store[name] : undefined;
          delete store[name];
          if (data === undefined) reject(new Error(name + '.js did not hold search data'));
          else resolve(data);
        };
        script.onerror = function () {
          script.remove();
          reject(new Error('could not load ' + script.src));
        };
        document.head.appendChild(script);
      });
    };
  }

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var filters = {};
    params.forEach(function (value, key) {
      if (key === 'q' || key === 'page' || !value) return;
      (filters[key] = filters[key] || []).push(value);
    });
    return { q: params.get('q') || '', page: Math.max(1, parseInt(params.get('page'), 10) || 1), filters: filters };
  }

  function query(page) {
    var params = new URLSearchParams();
    if (state.q.trim()) params.set('q', state.q);
    var fields = facetFields.length ? facetFields : Object.keys(state.filters).sort();
    fields.forEach(function (field) {
      (state.filters[field] || []).forEach(function (value) { params.append(field, value); });
    });
    if (page > 1) params.set('page', String(page));
    var text = params.toString();
    return text ? '?' + text : window.location.pathname.split('/').pop() || './';
  }

  // pushState for a deliberate step (submit, a filter, a page), replaceState while typing.
  function update(push) {
    try {
      var url = query(state.page);
      if (push) window.history.pushState(null, '', url); else window.history.replaceState(null, '', url);
    } catch (error) {
      // Some browsers refuse to change the address of a page opened from disk; search still works.
    }
    search();
  }

  function search() {
    var mine = ++run;
    engine.search({ q: state.q, filters: state.filters, page: state.page, facets: Array.from(requested) })
      .then(function (response) { if (mine === run) render(response); })
      .catch(function (error) {
        if (mine !== run) return;
        status.textContent = 'Search is not available: the search index could not be loaded.';
        if (window.console) console.error(error);
      });
  }

  function render(response) {
    facetFields = response.facets.map(function (f) { return f.field; });
    // Only filters the index knows stay in the state (and so in the address from now on).
    state.filters = {};
    Object.keys(response.filters).forEach(function (f) { state.filters[f] = response.filters[f].slice(); });
    var kinds = new Map();
    response.facets.forEach(function (f) {
      if (f.field === 'kind') f.values.forEach(function (v) { kinds.set(v.value, v.label); });
    });
    status.textContent = describe(response);
    renderResults(response, kinds);
    renderPages(response);
    renderFacets(response.facets);
  }

  function describe(response) {
    var filtered = Object.keys(response.filters).length > 0;
    var notes = [];
    if (response.unknownFilters.length) {
      notes.push('Not a filter here, so ignored: ' + response.unknownFilters.map(function (u) {
        return u.label + ' “' + u.value + '”';
      }).join(', ') + '.');
    }
    if (response.dropped.length) {
      notes.push('Only the first ' + window.PraxisSearchEngine.MAX_TERMS + ' words were searched for; left out: ' +
        response.dropped.join(' ') + '.');
    }
    var note = notes.length ? ' ' + notes.join(' ') : '';
    if (!state.q.trim() && !filtered) return 'Type words to search.' + note;
    var count = response.total === 1 ? '1 result' : response.total + ' results';
    var what = state.q.trim() ? ' for “' + state.q.trim() + '”' : '';
    if (filtered) what += ' with the chosen filters';
    var text = '';
    if (response.corrections.length) {
      text = 'No results for “' + response.corrections.map(function (c) { return c.from; }).join(' ') + '”. ';
      what = ' with “' + response.corrections.map(function (c) { return c.to; }).join(' ') + '” instead';
    }
    if (response.total === 0) return text + 'No results' + what + '. Try fewer words, check the spelling, or remove a filter.' + note;
    var pages = response.pages > 1 ? ', page ' + response.page + ' of ' + response.pages : '';
    return text + count + what + pages + '.' + note;
  }

  function renderResults(response, kinds) {
    list.replaceChildren();
    list.setAttribute('start', String((response.page - 1) * response.pageSize + 1));
    response.results.forEach(function (result) {
      var item = element('li', 'search-result');
      var article = element('article');
      var heading = element('h2', 'search-result-title');
      var link = element('a');
      link.href = root + result.href;
      highlight(link, result.title, result.titleMarks);
      heading.appendChild(link);
      article.appendChild(heading);
      var meta = element('p', 'search-result-meta');
      meta.appendChild(element('span', 'search-result-kind', kinds.get(result.kind) || result.kind));
      meta.appendChild(document.createTextNode(' · '));
      var time = element('time', null, readableDate(result.date));
      time.setAttribute('datetime', result.date);
      meta.appendChild(time);
      if (result.section) meta.appendChild(document.createTextNode(' · in “' + result.section.heading + '”'));
      article.appendChild(meta);
      if (result.snippet.text) {
        var snippet = element('p', 'search-result-snippet');
        highlight(snippet, result.snippet.text, result.snippet.marks);
        article.appendChild(snippet);
      }
      item.appendChild(article);
      list.appendChild(item);
    });
  }

  function renderPages(response) {
    pager.replaceChildren();
    if (response.pages < 2) return;
    var items = element('ul');
    function pageLink(label, page, rel) {
      var li = element('li');
      var a = element('a', null, label);
      a.href = query(page);
      a.rel = rel;
      a.addEventListener('click', function (event) {
        event.preventDefault();
        state.page = page;
        update(true);
        input.focus();
      });
      li.appendChild(a);
      items.appendChild(li);
    }
    if (response.page > 1) pageLink('Previous', response.page - 1, 'prev');
    items.appendChild(element('li', 'search-page-status', 'Page ' + response.page + ' of ' + response.pages));
    if (response.page < response.pages) pageLink('Next', response.page + 1, 'next');
    pager.appendChild(items);
  }

  function renderFacets(facets) {
    var focused = document.activeElement && filtersBox.contains(document.activeElement) ? document.activeElement.id : null;
    filtersBox.replaceChildren();
    facets.forEach(function (facet) {
      var values = facet.values.filter(function (v) { return v.count > 0 || v.selected; });
      if (facet.loaded && values.length === 0) return;
      var details = element('details', 'search-facet');
      details.id = 'facet-' + facet.field;
      // Loaded whole, or only for its chosen values (counted; the others not loaded yet), or not at all.
      var isOpen = open.has(facet.field) ? open.get(facet.field) : facet.loaded || facet.partial;
      details.open = isOpen;
      details.appendChild(element('summary', null, facet.label));
      details.addEventListener('toggle', function () {
        if (details.open === isOpen) return;
        isOpen = details.open;
        open.set(facet.field, details.open);
        if (details.open && !facet.loaded && !facet.partial) load(facet.field);
      });
      var fieldset = element('fieldset');
      fieldset.appendChild(element('legend', 'visually-hidden', facet.label));
      if (!facet.loaded && !facet.partial) fieldset.appendChild(element('p', 'search-facet-loading', 'Loading…'));
      values.sort(function (a, b) { return b.count - a.count || a.label.localeCompare(b.label); });
      var all = expanded.has(facet.field);
      values.forEach(function (value, index) {
        if (!all && index >= SHOWN_VALUES && !value.selected) return;
        fieldset.appendChild(checkbox(facet, value));
      });
      if (facet.partial) {
        fieldset.appendChild(moreButton(facet, 'Show all ' + facet.total + ' values', function () { load(facet.field); }));
      } else if (values.length > SHOWN_VALUES) {
        fieldset.appendChild(moreButton(facet, all ? 'Show fewer' : 'Show all ' + values.length, function () {
          if (all) expanded.delete(facet.field); else expanded.add(facet.field);
          search();
        }));
      }
      details.appendChild(fieldset);
      filtersBox.appendChild(details);
    });
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  }

  // Loads a facet whole (every value with its count) from now on.
  function load(field) {
    requested.add(field);
    search();
  }

  function moreButton(facet, label, action) {
    var more = element('button', 'search-facet-more', label);
    more.type = 'button';
    more.id = 'facet-more-' + facet.field;
    more.setAttribute('aria-controls', 'facet-' + facet.field);
    more.addEventListener('click', action);
    return more;
  }

  function checkbox(facet, value) {
    var label = element('label', 'search-facet-value');
    var box = element('input');
    box.type = 'checkbox';
    box.id = 'filter-' + facet.field + '-' + value.value;
    box.defaultChecked = box.checked = value.selected;
    box.addEventListener('change', function () {
      var chosen = (state.filters[facet.field] || []).filter(function (v) { return v !== value.value; });
      if (box.checked) chosen.push(value.value);
      if (chosen.length) state.filters[facet.field] = chosen; else delete state.filters[facet.field];
      state.page = 1;
      update(true);
    });
    label.appendChild(box);
    label.appendChild(element('span', 'search-facet-label', value.label));
    label.appendChild(element('span', 'search-facet-count', '(' + value.count + ')'));
    return label;
  }

  // Fills `parent` with `text`, wrapping the [start, end) ranges of `marks` in <mark>.
  function highlight(parent, text, marks) {
    var at = 0;
    (marks || []).forEach(function (range) {
      if (range[0] > at) parent.appendChild(document.createTextNode(text.slice(at, range[0])));
      parent.appendChild(element('mark', null, text.slice(range[0], range[1])));
      at = range[1];
    });
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function readableDate(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
    return parts ? Number(parts[3]) + ' ' + MONTHS[Number(parts[2]) - 1] + ' ' + parts[1] : iso;
  }
})();
