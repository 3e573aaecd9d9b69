// The hub's one socket client. Every live page opens its socket through samverkanSocket.open(path,
// handlers): it reconnects with exponential backoff and jitter (so a restarted server is not met by
// every tab at once), sends {"type": "resume", "after": id} on each (re)connect when the page keeps
// a last id, and gives up on the closes that mean "not for you" (4400–4499: logged out, session
// ended, no access, rate-limited; 1008: refused handshake).
(function () {
  "use strict";
  if (!("WebSocket" in window)) { window.samverkanSocket = null; return; }

  function open(path, handlers) {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var attempt = 0;
    var socket = null;

    function send(data) {
      if (socket && socket.readyState === 1) socket.send(JSON.stringify(data));
    }

    function connect() {
      socket = new WebSocket(scheme + location.host + path);
      socket.addEventListener("open", function () {
        attempt = 0;
        var after = handlers.lastId ? handlers.lastId() : null;
        if (after !== null && after !== undefined) send({ type: "resume", after: after });
      });
      socket.addEventListener("message", function (event) {
        var message;
        try { message = JSON.parse(event.data); } catch (err) { return; }
        if (message && typeof message === "object") handlers.message(message);
      });
      socket.addEventListener("close", function (event) {
        if (event.code === 1008 || (event.code >= 4400 && event.code < 4500)) return;
        attempt += 1;
        var delay = Math.min(30000, 500 * Math.pow(2, attempt)) * (0.5 + Math.random() / 2);
        setTimeout(connect, delay);
      });
    }

    connect();
    return { send: send };
  }

  window.samverkanSocket = { open: open };
})();
