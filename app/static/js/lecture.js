// The lecture player: resume at the saved place, and report the position every 15 s of
// playing, on pause and at the end, so the student can pick up where they left off.
(function () {
  "use strict";
  var video = document.getElementById("lecture-video");
  if (!video || !video.getAttribute("data-progress-url")) return;
  var url = video.getAttribute("data-progress-url");
  var token = video.getAttribute("data-csrf");
  var lastSent = -1;

  function send(finished) {
    var position = Math.floor(video.currentTime || 0);
    if (!finished && position === lastSent) return;
    lastSent = position;
    var body = new URLSearchParams({ position: String(position) });
    if (finished) body.set("finished", "1");
    fetch(url, { method: "POST", body: body, credentials: "same-origin",
                 headers: { "X-CSRF-Token": token, "Accept": "application/json" } })
      .catch(function () { /* offline: the next report carries the position */ });
  }

  var start = parseInt(video.getAttribute("data-start") || "0", 10);
  if (start > 0) {
    if (video.readyState >= 1) video.currentTime = start;
    else video.addEventListener("loadedmetadata", function () { video.currentTime = start; }, { once: true });
  }
  var timer = null;
  video.addEventListener("play", function () {
    if (!timer) timer = setInterval(function () { send(false); }, 15000);
  });
  video.addEventListener("pause", function () { clearInterval(timer); timer = null; send(false); });
  video.addEventListener("ended", function () { clearInterval(timer); timer = null; send(true); });
  window.addEventListener("pagehide", function () { if (!video.paused) send(false); });
})();
