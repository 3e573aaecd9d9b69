// Warns before the session ends for inactivity and lets the user extend it (WCAG 2.2.1).
(function () {
  "use strict";
  var box = document.getElementById("session-warning");
  if (!box) return;
  var form = box.querySelector("form");
  var countdown = box.querySelector(".session-countdown");
  var warnSeconds = parseInt(box.dataset.warn, 10) || 120;
  var skew = (parseInt(box.dataset.now, 10) || 0) - Date.now() / 1000;
  var expires = parseInt(box.dataset.expires, 10) || 0;

  function tick() {
    var left = Math.round(expires - (Date.now() / 1000 + skew));
    if (left <= 0) {
      window.location.reload();
      return;
    }
    if (left <= warnSeconds) {
      if (box.hidden) {
        box.hidden = false;
        box.querySelector("button").focus();
      }
      var minutes = Math.floor(left / 60);
      var seconds = String(left % 60).padStart(2, "0");
      countdown.textContent = "(" + minutes + ":" + seconds + ")";
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, { method: "POST", body: new FormData(form), headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
      .then(function (data) {
        expires = data.expires_at;
        skew = data.now - Date.now() / 1000;
        box.hidden = true;
      })
      .catch(function () { form.submit(); });
  });

  setInterval(tick, 1000);
})();
