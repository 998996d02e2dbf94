// The script of the /_mock view (served as /_mock/outlook.js; the pages allow no other script).
// Each button is one Outlook action made as Graph calls on the view's Graph path, with the headers
// any client sends (Prefer: IdType="ImmutableId"), so the mailbox changes and the notifications go
// out exactly as for the same calls to /v1.0. Plain browser JavaScript, no build step.
export const OUTLOOK_SCRIPT = String.raw`(function () {
  'use strict';
  var body = document.body;
  var api = body.dataset.api;
  var id = body.dataset.messageId;
  var folder = body.dataset.folder;
  var HEADERS = { 'content-type': 'application/json', 'x-mock-outlook': '1', prefer: 'IdType="ImmutableId"' };

  function call(method, path, data) {
    return fetch(api + path, { method: method, headers: HEADERS, body: data === undefined ? undefined : JSON.stringify(data) })
      .then(function (res) {
        return res.text().then(function (text) {
          var json = null;
          try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
          if (!res.ok) throw new Error((json && json.error && json.error.message) || ('HTTP ' + res.status));
          return json;
        });
      });
  }
  function status(text, bad) {
    var el = document.getElementById('status');
    if (!el) return;
    el.textContent = text;
    el.className = bad ? 'status bad' : 'status';
  }
  function busy(on) {
    var buttons = document.querySelectorAll('button');
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = on;
  }
  function go(url) { window.location.assign(url); }
  function reload() { window.location.reload(); }
  function esc(s) {
    return s.replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  }
  /** Plain text typed by the agent as the HTML Outlook writes: one div per line. */
  function textToHtml(text) {
    return text.split(/\r?\n/).map(function (l) { return '<div>' + (l ? esc(l) : '<br>') + '</div>'; }).join('');
  }
  /** The draft body with its own part (above <div id="appendonsend">, the quoted mail) replaced. */
  function withOwnText(html, text) {
    var lead = textToHtml(text);
    var at = html.search(/<div id="appendonsend">/i);
    if (at < 0) return '<html><body>' + lead + '</body></html>';
    var head = html.slice(0, at);
    var open = /<body[^>]*>/i.exec(head);
    return (open ? head.slice(0, open.index + open[0].length) : '<html><body>') + lead + html.slice(at);
  }
  function value(sel) { var el = document.querySelector(sel); return el ? el.value : ''; }
  function changed(sel) { var el = document.querySelector(sel); return el && el.value !== el.dataset.initial; }
  var msg = id ? '/messages/' + encodeURIComponent(id) : '';

  /** Saves what the editor holds into the draft (only what changed), as Outlook does before sending. */
  function saveDraft() {
    return call('GET', msg + '?$select=body').then(function (d) {
      var patch = { body: { contentType: 'html', content: withOwnText(d.body.contentType === 'html' ? d.body.content : '', value('#draft-text')) } };
      if (changed('#draft-subject')) patch.subject = value('#draft-subject');
      if (changed('#draft-to')) {
        patch.toRecipients = value('#draft-to').split(/[,;]/).map(function (a) { return a.trim(); }).filter(Boolean)
          .map(function (a) { return { emailAddress: { address: a } }; });
      }
      return call('PATCH', msg, patch);
    });
  }

  var actions = {
    'open-reply': function () {
      var r = document.getElementById('reply');
      if (r) { r.open = true; var t = document.getElementById('reply-text'); if (t) t.focus(); }
      return null;
    },
    flag: function (btn) {
      return ['Flag', call('PATCH', msg, { flag: { flagStatus: btn.dataset.status } }), reload];
    },
    categories: function () {
      var boxes = document.querySelectorAll('input[name="category"]');
      var picked = [];
      for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) picked.push(boxes[i].value);
      return ['Categorize', call('PATCH', msg, { categories: picked }), reload];
    },
    move: function (btn) {
      return ['Move', call('POST', msg + '/move', { destinationId: btn.dataset.to }), function () { go('/_mock/folder/' + folder); }];
    },
    'mark-unread': function () {
      return ['Mark as unread', call('PATCH', msg, { isRead: false }), function () { go('/_mock/folder/' + folder); }];
    },
    'delete': function () {
      return ['Delete', call('DELETE', msg), function () { go('/_mock/folder/' + folder); }];
    },
    'save-draft': function () {
      return ['Save', saveDraft(), reload];
    },
    'send-draft': function () {
      return ['Send', saveDraft().then(function () { return call('POST', msg + '/send'); }), function () { go('/_mock/folder/sentitems'); }];
    },
    'discard-draft': function () {
      return ['Discard', call('DELETE', msg), function () { go('/_mock/folder/drafts'); }];
    },
    reply: function () {
      var text = value('#reply-text');
      if (!text.trim()) { status('Write a reply first.', true); return null; }
      var sent = call('POST', msg + '/createReply', { comment: text }).then(function (draft) {
        return call('POST', '/messages/' + encodeURIComponent(draft.id) + '/send');
      });
      return ['Reply', sent, function () { go('/_mock/folder/sentitems'); }];
    }
  };

  document.addEventListener('click', function (ev) {
    var btn = ev.target instanceof Element ? ev.target.closest('button[data-action]') : null;
    if (!btn) return;
    var run = actions[btn.dataset.action];
    if (!run) return;
    var job = run(btn);
    if (!job) return;
    busy(true);
    status(job[0] + '…');
    job[1].then(job[2], function (err) {
      busy(false);
      status(job[0] + ' failed: ' + err.message, true);
    });
  });

  // Outlook marks a message read when it is opened.
  if (id && body.dataset.unread === 'true') {
    call('PATCH', msg, { isRead: true }).then(function () {
      body.dataset.unread = 'false';
      var count = document.querySelector('nav a.on .count');
      if (count && folder !== 'drafts') { var n = Number(count.textContent) - 1; count.textContent = n > 0 ? String(n) : ''; }
    }, function () { /* stays unread */ });
  }
})();
`;
