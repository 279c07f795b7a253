/* `/` focuses the search box on every page, unless the reader is typing somewhere. */
document.addEventListener('keydown', function (event) {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  var target = event.target;
  if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
  var box = document.getElementById('search-q') || document.getElementById('site-search-input');
  if (!box) return;
  event.preventDefault();
  box.focus();
  box.select();
});
