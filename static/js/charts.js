// Progressive enhancement of the report's charts. Without JavaScript (or without Plotly)
// the inline SVG stays; with it, each radar's figure (passed with json_script, since the
// Content Security Policy forbids inline script) is drawn by Plotly in its place.
(function () {
  "use strict";

  function enhance(figure) {
    var dataId = figure.getAttribute("data-plotly-figure");
    var source = dataId && document.getElementById(dataId);
    if (!source || !window.Plotly) return;
    var spec;
    try {
      spec = JSON.parse(source.textContent);
    } catch (e) {
      return;
    }
    var plot = document.createElement("div");
    plot.className = "coprod-chart__plot";
    // The SVG's title and the table beside it describe the chart; the interactive copy is
    // a visual enhancement of the same figures.
    plot.setAttribute("aria-hidden", "true");
    figure.insertBefore(plot, figure.firstChild);
    window.Plotly.newPlot(plot, spec.data, spec.layout, spec.config).then(function () {
      figure.classList.add("coprod-chart--enhanced");
      figure.setAttribute("data-enhanced", "plotly");
    });
  }

  function init() {
    document.querySelectorAll("figure[data-plotly-figure]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
