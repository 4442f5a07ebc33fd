// Menu toggle on narrow screens, and the player's deep links (?t= and transcript timestamps).
(function () {
  "use strict";

  function setUpMenu() {
    var toggle = document.querySelector(".menu-toggle");
    var nav = document.getElementById("site-nav");
    if (!toggle || !nav) return;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("open", !open);
    });
  }

  function seek(player, seconds, play) {
    function go() {
      player.currentTime = seconds;
      if (play) {
        var started = player.play();
        if (started && started.catch) started.catch(function () { /* autoplay refused: position is still set */ });
      }
    }
    if (player.readyState >= 1) go();
    else player.addEventListener("loadedmetadata", go, { once: true });
    // Some servers never send metadata for preload; setting currentTime early is still honoured.
    try { player.currentTime = seconds; } catch (e) { /* not seekable yet */ }
  }

  function setUpPlayer() {
    var player = document.getElementById("player");
    if (!player) return;
    var start = parseInt(player.getAttribute("data-start") || "", 10);
    if (!isNaN(start) && start >= 0) seek(player, start, false);
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a.ts[data-t]") : null;
      if (!link) return;
      event.preventDefault();
      seek(player, parseInt(link.getAttribute("data-t"), 10) || 0, true);
      if (history.replaceState) history.replaceState(null, "", "#" + (link.parentNode.id || ""));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenu();
    setUpPlayer();
  });
})();
