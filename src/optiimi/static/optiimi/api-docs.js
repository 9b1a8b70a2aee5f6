// The API's interactive documentation (templates/api_docs.html): Swagger UI draws some controls
// without an accessible name (WCAG 4.1.2), the copy buttons and the choice of a parameter's
// value, and the API's title as a second <h1>. Swagger UI redraws as operations open, so the
// names and the level are given after every change.
document.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  if (!root || !window.MutationObserver) {
    return;
  }
  var copy = root.getAttribute("data-copy-label") || "Copy";
  var lang = document.documentElement.lang;
  var count = 0;
  var name = function () {
    // the API's title is a second-level heading under the page's own
    root.querySelectorAll("h1:not([aria-level])").forEach(function (heading) {
      heading.setAttribute("aria-level", "2");
    });
    root.querySelectorAll(".copy-to-clipboard button:not([aria-label])").forEach(function (button) {
      button.setAttribute("aria-label", copy);
      button.setAttribute("lang", lang);
    });
    root.querySelectorAll("tr[data-param-name] select:not([aria-labelledby])").forEach(function (select) {
      var label = select.closest("tr").querySelector(".parameter__name");
      if (label) {
        count += 1;
        label.id = label.id || "api-parameter-" + count;
        select.setAttribute("aria-labelledby", label.id);
      }
    });
  };
  var pending = false;
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        name();
      });
    }
  }).observe(root, { childList: true, subtree: true });
  name();
});
