// The notification socket (through socket.js): resumes from the last notification seen, so nothing
// is lost while the tab was offline.
(function () {
  "use strict";
  var body = document.body;
  if (!body || !body.dataset.live || !window.samverkanSocket) return;

  var storageKey = "samverkan.lastNotificationId";
  // Start from the newest id the page was rendered with (it already counts those in the badge), or
  // from a later one this tab has seen; a fresh tab therefore toasts nothing old.
  var pageId = parseInt(body.dataset.lastNotification || "0", 10) || 0;
  var storedId = parseInt(sessionStorage.getItem(storageKey) || "0", 10) || 0;
  var lastId = Math.max(pageId, storedId);
  var badge = document.getElementById("unread-badge");
  var toasts = document.getElementById("toasts");

  function setUnread(count) {
    if (!badge) return;
    badge.dataset.count = String(count);
    // The page counts unread notifications up to 100 and shows more than 99 as "99+".
    badge.textContent = count > 99 ? "99+" : count > 0 ? String(count) : "";
  }

  function toast(message) {
    if (!toasts) return;
    var item = document.createElement("div");
    item.className = "toast";
    var link = document.createElement("a");
    link.href = message.url || body.dataset.live;
    link.textContent = message.text;
    item.appendChild(link);
    toasts.appendChild(item);
    setTimeout(function () { item.remove(); }, 8000);
  }

  function remember(id) {
    if (id > lastId) {
      lastId = id;
      sessionStorage.setItem(storageKey, String(lastId));
    }
  }

  function handle(message) {
    if (message.type === "notification") {
      if (message.id <= lastId) return;
      remember(message.id);
      toast(message);
      setUnread((parseInt(badge && badge.dataset.count, 10) || 0) + 1);
      document.dispatchEvent(new CustomEvent("samverkan:notification", { detail: message }));
    } else if (message.type === "unread") {
      setUnread(message.count);
    } else {
      document.dispatchEvent(new CustomEvent("samverkan:" + message.type, { detail: message }));
    }
  }

  window.samverkanLive = window.samverkanSocket.open("/ws/notifications/", {
    lastId: function () { return lastId; },
    message: handle
  });
})();
