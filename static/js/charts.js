// Progressive enhancement of the report's charts. The inline SVG (the same chart the PDF
// prints) shows at once and is enough; a button under each radar loads Plotly (over 1 MB,
// so only when asked) and draws the interactive chart from its figure, passed with
// json_script since the Content Security Policy forbids inline script.
(function () {
  "use strict";

  var script = document.currentScript;
  var plotlyUrl = script && script.getAttribute("data-plotly");
  var loading = null;

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = plotlyUrl;
        tag.onload = function () { resolve(window.Plotly); };
        tag.onerror = function () { loading = null; reject(new Error("Plotly did not load")); };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function draw(figure, button) {
    var source = document.getElementById(figure.getAttribute("data-plotly-figure"));
    var spec;
    try {
      spec = JSON.parse(source.textContent);
    } catch (e) {
      return;
    }
    button.disabled = true;
    button.textContent = "Loading the interactive chart…";
    loadPlotly().then(function (Plotly) {
      var plot = document.createElement("div");
      plot.className = "coprod-chart__plot";
      // The SVG's title and the table beside it describe the chart; the interactive copy
      // is a visual enhancement of the same figures.
      plot.setAttribute("aria-hidden", "true");
      figure.insertBefore(plot, figure.firstChild);
      return Plotly.newPlot(plot, spec.data, spec.layout, spec.config);
    }).then(function () {
      figure.classList.add("coprod-chart--enhanced");
      figure.setAttribute("data-enhanced", "plotly");
      button.remove();
    }, function () {
      button.disabled = false;
      button.textContent = "The interactive chart could not load. Try again";
    });
  }

  function offer(figure) {
    if (!plotlyUrl || !document.getElementById(figure.getAttribute("data-plotly-figure"))) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "nhsuk-button nhsuk-button--secondary nhsuk-button--small coprod-chart__more";
    button.textContent = "Show an interactive chart";
    button.addEventListener("click", function () { draw(figure, button); });
    figure.appendChild(button);
  }

  function init() {
    document.querySelectorAll("figure[data-plotly-figure]").forEach(offer);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
