// The staff console's live hall: the #hall section is replaced by what the
// server pushes (server-sent events on /staff/events) whenever it changes.
// Without this script the page still works: reload it to look again.
(function () {
  'use strict';
  var live = document.getElementById('live');
  if (!live || !window.EventSource) return;
  var source = new EventSource(live.getAttribute('data-events'));
  source.addEventListener('hall', function (e) {
    var box = document.createElement('div');
    box.innerHTML = e.data;  // escaped by the server, like the page itself
    var fresh = box.firstElementChild;
    var old = document.getElementById('hall');
    if (fresh && old) old.replaceWith(fresh);
  });
  // The session ended (logged out elsewhere, expired): back to the log-in page.
  source.addEventListener('ended', function () {
    source.close();
    window.location.assign('/staff/login');
  });
})();
