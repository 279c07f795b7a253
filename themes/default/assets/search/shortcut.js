/* `/` focuses the search box on every page, unless the reader is typing somewhere: in a text
 * field, a text area, a menu or an editable region. A checkbox, radio button or button takes no
 * text, so `/` still works there (a reader who just chose a filter goes back to the box). */
(function () {
  'use strict';
  var TEXT_ENTRY = /^(text|search|email|url|tel|password|number|date|datetime-local|month|week|time)$/;
  document.addEventListener('keydown', function (event) {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(TEXTAREA|SELECT)$/.test(target.tagName) ||
        (target.tagName === 'INPUT' && TEXT_ENTRY.test(target.type)))) return;
    var box = document.getElementById('search-q') || document.getElementById('site-search-input');
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });
})();
