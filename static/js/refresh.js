// Parts of a page marked data-refresh (each with an id) stay current while the page is open: when
// the notification socket brings news, when leadership's socket reports an escalation change (pages
// marked data-refresh-escalations), and once a minute while the tab is visible, the page is fetched
// again and each marked part is replaced by its new version. A part the person is working in keeps
// its content until they leave it. The fetch says X-Hub-Refresh, so it never counts as activity
// that keeps an abandoned session alive.
(function () {
  "use strict";
  if (!document.querySelector("[data-refresh]") || !window.fetch || !window.DOMParser) return;
  var timer = null;
  var busy = false;
  var again = false;

  function working(part) {
    var active = document.activeElement;
    return active && active !== document.body && part.contains(active) &&
      (active.matches("input, textarea, select") || active.isContentEditable);
  }

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    document.querySelectorAll("[data-refresh]").forEach(function (part) {
      var next = part.id && fresh.getElementById(part.id);
      if (!next || next.innerHTML === part.innerHTML || working(part)) return;
      part.innerHTML = next.innerHTML;
      part.dispatchEvent(new CustomEvent("samverkan:refreshed", { bubbles: true }));
    });
  }

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(location.href, { credentials: "same-origin", headers: { "X-Hub-Refresh": "1" } })
      .then(function (response) {
        return response.ok && !response.redirected ? response.text() : null;
      })
      .then(function (html) { if (html) swap(html); })
      .catch(function () { /* offline: the next event or minute tries again */ })
      .then(function () {
        busy = false;
        if (again) { again = false; soon(); }
      });
  }

  // A little jitter, so one event does not make every open tab ask at the same instant.
  function soon() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 200 + Math.random() * 400);
  }

  document.addEventListener("samverkan:notification", soon);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) soon(); });
  setInterval(function () { if (!document.hidden) refresh(); }, 60000);
  if (document.querySelector("[data-refresh-escalations]") && window.samverkanSocket) {
    window.samverkanSocket.open("/ws/escalations/", {
      message: function (message) { if (message.type === "escalation") soon(); }
    });
  }
})();
