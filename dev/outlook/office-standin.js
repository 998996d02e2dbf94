// Stand-in for what Outlook gives an add-in, served by the local Outlook host in place of Office.js:
//  - Office.onReady, Office.context.mailbox.item (the selected message, with its REST id as itemId,
//    so convertToRestId returns it unchanged), getSharedPropertiesAsync (the shared mailbox owner),
//    addHandlerAsync (ItemChanged, OfficeThemeChanged), officeTheme colours (light or dark);
//  - window.nestedAppAuthBridge: the broker Outlook provides for nested app authentication. It
//    answers msal-browser's GetInitContext / GetToken / GetTokenPopup with the token the host page
//    got from the local Entra (password grant) for the chosen person.
// The context comes from the host page that frames the pane (same origin): #outlook-context.
(function () {
  'use strict';
  var el = null;
  try { el = window.parent && window.parent !== window ? window.parent.document.getElementById('outlook-context') : null; } catch (e) { el = null; }
  var ctx = el ? JSON.parse(el.textContent) : null;
  var handlers = {};
  function makeItem(i) {
    if (!i) return null;
    return {
      itemId: i.itemId, internetMessageId: i.internetMessageId, subject: i.subject, itemType: 'message',
      from: { displayName: i.fromName, emailAddress: i.fromAddress },
      getSharedPropertiesAsync: function (cb) {
        cb({ status: 'succeeded', value: { owner: ctx.mailbox, targetMailbox: ctx.mailbox, delegatePermissions: 1 } });
      },
    };
  }
  var mailbox = ctx ? {
    item: makeItem(ctx.item),
    userProfile: { displayName: ctx.user.name, emailAddress: ctx.user.email },
    convertToRestId: function (id) { return id; },
    addHandlerAsync: function (type, handler, cb) { handlers[type] = handler; if (cb) cb({ status: 'succeeded' }); },
  } : undefined;
  window.Office = {
    onReady: function (cb) { var info = { host: ctx ? 'Outlook' : null, platform: ctx ? 'OfficeOnline' : null }; if (cb) cb(info); return Promise.resolve(info); },
    context: { mailbox: mailbox, officeTheme: ctx ? ctx.theme : undefined, requirements: { isSetSupported: function () { return true; } } },
    MailboxEnums: { RestVersion: { v1_0: 'v1.0', v2_0: 'v2.0', Beta: 'beta' } },
    EventType: { ItemChanged: 'olkItemSelectedChanged', OfficeThemeChanged: 'officeThemeChanged' },
  };
  // Test and host hook: select another message (or none), as clicking in the message list does.
  window.__selectItem = function (item) { mailbox.item = makeItem(item); if (handlers.olkItemSelectedChanged) handlers.olkItemSelectedChanged({ type: 'olkItemSelectedChanged' }); };
  if (!ctx) return;

  var listeners = [];
  function reply(message) { var text = JSON.stringify(message); setTimeout(function () { listeners.forEach(function (l) { l(text); }); }, 0); }
  window.nestedAppAuthBridge = {
    addEventListener: function (type, listener) { if (type === 'message') listeners.push(listener); },
    removeEventListener: function (type, listener) { listeners = listeners.filter(function (l) { return l !== listener; }); },
    postMessage: function (json) {
      var req = JSON.parse(json);
      var base = { messageType: 'NestedAppAuthResponse', requestId: req.requestId };
      if (req.method === 'GetInitContext') {
        reply(Object.assign(base, { success: true, initContext: { sdkName: 'local-outlook-host', sdkVersion: '1.0.0', capabilities: { queryAccount: false }, accountContext: null } }));
      } else if (req.method === 'GetToken' || req.method === 'GetTokenPopup') {
        var t = ctx.token;
        if (!t || !t.access_token) { reply(Object.assign(base, { success: false, error: { status: 'ACCOUNT_UNAVAILABLE', code: 'no_token', description: ctx.tokenError || 'no token' } })); return; }
        reply(Object.assign(base, {
          success: true,
          token: { access_token: t.access_token, expires_in: t.expires_in, id_token: t.id_token, scope: t.scope, properties: null },
          account: { homeAccountId: ctx.user.oid + '.' + ctx.tenantId, environment: 'login.microsoftonline.com', tenantId: ctx.tenantId, username: ctx.user.email, localAccountId: ctx.user.oid, name: ctx.user.name },
        }));
      } else {
        reply(Object.assign(base, { success: false, error: { status: 'NESTED_APP_AUTH_UNAVAILABLE', code: 'unsupported', description: req.method + ' is not supported here' } }));
      }
    },
  };
})();
