// Meshplane catalog pages: results as you type and the live alert feed. The pages work without it.
(function () {
  'use strict';

  // Results as you type: the results part of the page is asked for again, newest answer wins.
  var form = document.querySelector('form[data-live-search]');
  if (form) {
    var input = form.querySelector('input[name=q]');
    var timer = null;
    var asked = 0;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var params = new URLSearchParams(new FormData(form));
        var mine = ++asked;
        fetch('/search/results?' + params.toString(), { headers: { Accept: 'text/html' } })
          .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
          .then(function (html) {
            if (mine !== asked) { return; }
            var current = document.getElementById('results');
            var next = document.createRange().createContextualFragment(html).getElementById('results');
            if (current && next) { current.replaceWith(next); }
            history.replaceState(null, '', '/?' + params.toString());
          })
          .catch(function () { /* the form still submits the ordinary way */ });
      }, 120);
    });
  }

  // The live feed: each alert the catalog applies arrives as a server-sent event.
  var feedState = document.querySelector('[data-feed]');
  var feed = document.getElementById('feed');
  if (feedState && feed && window.EventSource) {
    var source = new EventSource(feedState.getAttribute('data-feed'));
    source.onopen = function () { feedState.textContent = 'Live: new alerts appear here as the catalog reads them.'; };
    source.onerror = function () { feedState.textContent = 'Reconnecting to the live feed…'; };
    source.onmessage = function (event) {
      var a = JSON.parse(event.data);
      var li = document.createElement('li');
      li.className = a.state + ' new';
      var badge = document.createElement('span');
      badge.className = 'badge ' + a.state;
      badge.textContent = a.state;
      var link = document.createElement('a');
      link.href = a.href;
      link.textContent = a.productId;
      var when = document.createElement('span');
      when.className = 'muted';
      when.textContent = ' ' + a.at + ' · ' + a.alertId;
      li.append(badge, ' ', link, ' ' + a.kind + ': ' + (a.summary || ''), when);
      feed.prepend(li);
      var empty = document.getElementById('feed-empty');
      if (empty) { empty.hidden = true; }
    };
  }
})();
