// The visit page, live: its status section is replaced by what the server
// pushes (server-sent events on /v/TOKEN/events) whenever what it shows
// changes. Without this script the page still works: its link looks again.
(function () {
  'use strict';
  var live = document.getElementById('live');
  if (!live || !window.EventSource) return;
  // Only what can never change again ends the stream: a no-show may be put back in
  // the queue by a guide (requeue), a transferred ticket waits again.
  var ended = ['done', 'cancelled', 'past'];
  var source = new EventSource(live.getAttribute('data-events'));
  source.addEventListener('status', function (e) {
    var box = document.createElement('div');
    box.innerHTML = e.data;  // escaped by the server, like the page itself
    var fresh = box.firstElementChild;
    var old = document.getElementById('status');
    if (!fresh || !old) return;
    old.replaceWith(fresh);
    if (ended.indexOf(fresh.getAttribute('data-state')) >= 0) {
      source.close();
      live.hidden = true;
    }
  });
})();
