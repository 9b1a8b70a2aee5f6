// Render every chart on the page from the Vega-Lite spec the server wrote beside it.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-vega-spec]").forEach(function (el) {
    var source = document.getElementById(el.dataset.vegaSpec);
    if (!source || typeof vegaEmbed === "undefined") return;
    var spec = JSON.parse(source.textContent);
    // The Content-Security-Policy allows no eval and no inline styles: expressions go through
    // vega-interpreter, and vega-embed's and the tooltip's styles are in optiimi.css.
    var options = {
      actions: false,
      renderer: "svg",
      ast: true,
      expr: vega.expressionInterpreter,
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true },
    };
    vegaEmbed(el, spec, options).catch(function (err) {
      el.textContent = "";
      console.error(err);
    });
  });
});
