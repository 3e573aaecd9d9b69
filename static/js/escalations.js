// Leadership's escalation list updates itself over /ws/escalations/: the server sends a rendered row
// for every new or changed escalation; urgent and acute ones raise a visible and audible alert.
(function () {
  "use strict";
  var rows = document.getElementById("escalation-rows");
  var marker = document.querySelector("[data-live-escalations]");
  if (!rows || !marker || !window.samverkanSocket) return;
  var alertBox = document.getElementById("escalation-alert");
  var audio = null;

  function beep() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    try {
      audio = audio || new Context();
      if (audio.state === "suspended") audio.resume();
      [0, 0.35].forEach(function (offset) {
        var oscillator = audio.createOscillator();
        var gain = audio.createGain();
        oscillator.type = "sine";
        oscillator.frequency.value = 880;
        gain.gain.setValueAtTime(0.0001, audio.currentTime + offset);
        gain.gain.exponentialRampToValueAtTime(0.3, audio.currentTime + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + offset + 0.25);
        oscillator.connect(gain).connect(audio.destination);
        oscillator.start(audio.currentTime + offset);
        oscillator.stop(audio.currentTime + offset + 0.3);
      });
    } catch (err) { /* sound is a bonus; the visible alert is what counts */ }
  }

  function showAlert(row) {
    if (!alertBox) return;
    var link = row.querySelector("a");
    alertBox.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = (row.querySelector(".urgency-tag") || {}).textContent || "";
    alertBox.appendChild(strong);
    alertBox.appendChild(document.createTextNode(" "));
    if (link) {
      var copy = document.createElement("a");
      copy.href = link.href;
      copy.textContent = link.textContent;
      alertBox.appendChild(copy);
    }
    alertBox.hidden = false;
    beep();
  }

  function apply(message) {
    var template = document.createElement("template");
    template.innerHTML = message.html.trim();
    var row = template.content.firstElementChild;
    if (!row) return;
    row.classList.add("just-changed");
    var existing = document.getElementById("escalation-" + message.id);
    if (existing) {
      existing.replaceWith(row);
    } else {
      var empty = rows.querySelector(".empty-row");
      if (empty) empty.remove();
      rows.insertBefore(row, rows.firstChild);
    }
    if (message.change === "raised" && (message.urgency === "urgent" || message.urgency === "acute")) {
      showAlert(row);
    }
  }

  window.samverkanSocket.open("/ws/escalations/", {
    message: function (message) {
      if (message.type === "escalation" && typeof message.html === "string") apply(message);
    }
  });
})();
