/* cardstream console: draws the charts whose data the page carries as JSON next to each canvas.
   No data is ever evaluated as code; nothing is fetched. */
(function () {
  "use strict";
  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof Chart === "undefined") {
      canvas.setAttribute("data-rendered", "false");
      return;
    }
    var config = JSON.parse(source.textContent);
    config.options = config.options || {};
    config.options.animation = false;
    config.options.responsive = true;
    config.options.maintainAspectRatio = false;
    config.options.plugins = config.options.plugins || {};
    config.options.plugins.legend = { display: config.data.datasets.length > 1 };
    new Chart(canvas, config);
    canvas.setAttribute("data-rendered", "true");
  }
  function start() {
    var canvases = document.querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i++) {
      draw(canvases[i]);
    }
    var refresh = parseInt(document.body.getAttribute("data-refresh") || "0", 10);
    if (refresh > 0) {
      window.setTimeout(function () { window.location.reload(); }, refresh * 1000);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
