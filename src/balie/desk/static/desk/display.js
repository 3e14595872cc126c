// SPDX-License-Identifier: EUPL-1.2
// The call display follows the calls live: server-sent events where the browser has them,
// a quiet fetch every few seconds where it does not. The page itself never reloads.
(function () {
  "use strict";
  var root = document.getElementById("display");
  if (!root) { return; }
  var texts = document.getElementById("texts");
  var now = document.getElementById("now");
  var recent = document.getElementById("recent");
  var clock = document.getElementById("clock");
  var lastKey = null;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function counterNode(call) {
    var node = el("span", "counter");
    node.appendChild(el("span", "visually-hidden", texts.dataset.goTo + " "));
    node.appendChild(document.createTextNode(call.counter));
    return node;
  }

  function chime() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return; }
    try {
      var audio = new Context();
      [660, 880].forEach(function (frequency, index) {
        var tone = audio.createOscillator();
        var gain = audio.createGain();
        tone.frequency.value = frequency;
        gain.gain.setValueAtTime(0.2, audio.currentTime + index * 0.35);
        gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + index * 0.35 + 0.3);
        tone.connect(gain).connect(audio.destination);
        tone.start(audio.currentTime + index * 0.35);
        tone.stop(audio.currentTime + index * 0.35 + 0.3);
      });
    } catch (error) { /* a screen without sound still shows the call */ }
  }

  function render(calls) {
    var heading = now.querySelector("h2");
    now.replaceChildren(heading);
    if (calls.length) {
      now.appendChild(el("span", "code", calls[0].code));
      now.appendChild(counterNode(calls[0]));
    } else {
      now.appendChild(el("p", "waiting", texts.dataset.waiting));
    }
    recent.replaceChildren();
    calls.slice(1).forEach(function (call) {
      var item = el("li");
      item.appendChild(el("span", "code", call.code));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(counterNode(call));
      recent.appendChild(item);
    });
    if (!calls.length || calls.length === 1) {
      if (!recent.children.length) { recent.appendChild(el("li")).appendChild(el("span", "hint", "–")); }
    }
    var key = calls.length ? calls[0].code + "@" + calls[0].counter + "#" + calls[0].called_at : "";
    if (lastKey !== null && key && key !== lastKey) {
      now.classList.remove("flash");
      void now.offsetWidth;  // restart the animation
      now.classList.add("flash");
      if (root.dataset.chime === "on") { chime(); }
    }
    lastKey = key;
  }

  function tick() {
    var time = clock && clock.querySelector("time");
    if (!time) { return; }
    time.textContent = new Intl.DateTimeFormat(document.documentElement.lang || "nl-BE", {
      hour: "2-digit", minute: "2-digit", hour12: false, timeZone: root.dataset.timezone || undefined
    }).format(new Date());
  }
  tick();
  window.setInterval(tick, 1000);

  if (window.EventSource) {
    var source = new EventSource(root.dataset.eventsUrl);
    source.addEventListener("calls", function (event) { render(JSON.parse(event.data)); });
  } else {
    window.setInterval(function () {
      window.fetch(root.dataset.callsUrl, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (body) { if (body) { render(body.calls); } })
        .catch(function () { /* try again at the next interval */ });
    }, (parseInt(root.dataset.pollSeconds, 10) || 5) * 1000);
  }
}());
