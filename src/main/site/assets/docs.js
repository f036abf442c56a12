// The /docs pages: a search box over the prebuilt index (docs/search-index.json, made at build time) and a copy
// button on every code block. No server round trip beyond fetching the index once.
'use strict';
(function () {
  function addCopyButtons() {
    document.querySelectorAll('.content pre > code').forEach(function (code) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'copy';
      button.textContent = 'Copy';
      button.addEventListener('click', function () {
        var done = function (label) {
          button.textContent = label;
          setTimeout(function () { button.textContent = 'Copy'; }, 1500);
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(code.textContent).then(function () { done('Copied'); },
            function () { selectText(code); done('Press Ctrl+C'); });
        } else {
          selectText(code);
          done('Press Ctrl+C');
        }
      });
      code.parentElement.appendChild(button);
    });
  }

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  var index = null;
  function loadIndex() {
    if (!index) {
      index = fetch('/docs/search-index.json').then(function (r) { return r.json(); });
    }
    return index;
  }

  // Every word of the query must occur; a word in the heading counts more than one in the text.
  function search(entries, query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    var hits = [];
    entries.forEach(function (e) {
      var heading = (e.page + ' ' + e.heading).toLowerCase();
      var text = e.text.toLowerCase();
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        var inHeading = heading.indexOf(words[i]) >= 0;
        var inText = text.indexOf(words[i]) >= 0;
        if (!inHeading && !inText) return;
        score += (inHeading ? 5 : 0) + (inText ? 1 : 0);
      }
      hits.push({ entry: e, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    return hits.slice(0, 12).map(function (h) { return h.entry; });
  }

  function setUpSearch() {
    var input = document.getElementById('search');
    var list = document.getElementById('search-results');
    if (!input || !list) return;
    input.addEventListener('focus', loadIndex);
    input.addEventListener('input', function () {
      var query = input.value.trim();
      if (!query) {
        list.hidden = true;
        list.replaceChildren();
        return;
      }
      loadIndex().then(function (entries) {
        if (input.value.trim() !== query) return; // a later keystroke already searched
        var found = search(entries, query);
        list.replaceChildren();
        if (!found.length) {
          var none = document.createElement('li');
          none.className = 'none';
          none.textContent = 'No page mentions “' + query + '”.';
          list.appendChild(none);
        }
        found.forEach(function (e) {
          var li = document.createElement('li');
          var a = document.createElement('a');
          a.href = e.url;
          a.textContent = e.heading;
          var where = document.createElement('span');
          where.className = 'where';
          where.textContent = e.page;
          a.appendChild(where);
          li.appendChild(a);
          list.appendChild(li);
        });
        list.hidden = false;
      });
    });
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter') {
        var first = list.querySelector('a');
        if (first) window.location.href = first.href;
      } else if (ev.key === 'Escape') {
        input.value = '';
        list.hidden = true;
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    addCopyButtons();
    setUpSearch();
  });
})();
