// Render every chart on the page from the Vega-Lite spec the server wrote beside it.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-vega-spec]").forEach(function (el) {
    var source = document.getElementById(el.dataset.vegaSpec);
    if (!source || typeof vegaEmbed === "undefined") return;
    var spec = JSON.parse(source.textContent);
    vegaEmbed(el, spec, { actions: false, renderer: "svg" }).catch(function (err) {
      el.textContent = "";
      console.error(err);
    });
  });
});
