// Thread pages: new posts arrive over /ws/threads/<id>/ as server-rendered fragments and are appended.
(function () {
  "use strict";
  var list = document.getElementById("posts");
  if (!list || !list.dataset.threadSocket || !window.WebSocket) { return; }
  // Only the last page shows new posts as they come; other pages would place them out of order.
  if (list.dataset.livePaused) { return; }
  var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  var url = scheme + window.location.host + list.dataset.threadSocket;
  var delay = 1000;

  function connect() {
    var socket = new WebSocket(url);
    socket.addEventListener("open", function () { delay = 1000; });
    socket.addEventListener("message", function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (!data || data.type !== "post" || typeof data.html !== "string") { return; }
      if (document.getElementById("post-" + data.id)) { return; }
      var template = document.createElement("template");
      template.innerHTML = data.html.trim();
      var node = template.content.firstElementChild;
      if (node) { list.appendChild(node); }
    });
    socket.addEventListener("close", function (event) {
      // 4401/4403/4404: not logged in, session ended, no access; do not retry.
      if (event.code >= 4400 && event.code < 4500) { return; }
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    });
  }
  connect();
})();
