// The header's unread badge, live: the console relays the person's inbox count as server-sent events (event "unread",
// data "<count>" or "<count>\t<newest title>"). Without JavaScript the link to the inbox still works.
(function () {
  var badge = document.getElementById('unread-badge');
  if (!badge || !window.EventSource) { return; }
  var source = new EventSource('/console/notifications/stream');
  source.addEventListener('unread', function (event) {
    var parts = event.data.split('\t');
    var count = parseInt(parts[0], 10) || 0;
    badge.textContent = count > 99 ? '99+' : String(count);
    badge.hidden = count === 0;
    if (parts.length > 1) { badge.title = parts[1]; }
    badge.setAttribute('data-count', String(count));
  });
})();
