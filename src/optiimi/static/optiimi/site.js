// Behaviour for every page, kept out of the HTML: the Content-Security-Policy runs no inline script.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });

  // The main menu folds behind a button on a phone; without script it stays open.
  var toggle = document.querySelector(".menu-toggle");
  var menu = document.getElementById("site-menu");
  if (toggle && menu) {
    var narrow = window.matchMedia("(max-width: 52rem)");
    var fold = function (folded) {
      menu.classList.toggle("folded", folded);
      toggle.setAttribute("aria-expanded", folded ? "false" : "true");
    };
    toggle.hidden = false;
    fold(true);
    toggle.addEventListener("click", function () {
      fold(toggle.getAttribute("aria-expanded") === "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && narrow.matches && toggle.getAttribute("aria-expanded") === "true") {
        fold(true);
        toggle.focus();
      }
    });
  }

  // Data tables: each scrolls inside its own named, focusable region, with a hint while it is
  // wider than its region.
  var body = document.body;
  var label = body.getAttribute("data-table-label") || "Table";
  var hintText = body.getAttribute("data-table-hint") || "";
  var regions = [];
  document.querySelectorAll("main table").forEach(function (table) {
    var wrap = table.parentElement;
    if (!wrap.classList.contains("table-wrap")) {
      wrap = document.createElement("div");
      wrap.className = "table-wrap";
      table.parentNode.insertBefore(wrap, table);
      wrap.appendChild(table);
    }
    if (!wrap.hasAttribute("role")) wrap.setAttribute("role", "region");
    if (!wrap.hasAttribute("tabindex")) wrap.setAttribute("tabindex", "0");
    if (!wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby")) {
      var caption = table.querySelector("caption");
      var name = caption ? caption.textContent.trim() : "";
      if (!name) {
        var node = wrap;
        while (node && !name) {
          var previous = node.previousElementSibling;
          while (previous && !/^H[1-4]$/.test(previous.tagName)) {
            var inner = previous.querySelector && previous.querySelector("h1, h2, h3, h4");
            if (inner) { previous = inner; break; }
            previous = previous.previousElementSibling;
          }
          if (previous) name = previous.textContent.trim();
          node = node.parentElement;
          if (node && node.tagName === "MAIN") break;
        }
      }
      wrap.setAttribute("aria-label", name ? label + ": " + name : label);
    }
    var hint = document.createElement("p");
    hint.className = "table-hint";
    hint.textContent = hintText;
    hint.hidden = true;
    wrap.parentNode.insertBefore(hint, wrap);
    regions.push([wrap, hint]);
  });
  var showHints = function () {
    regions.forEach(function (pair) {
      pair[1].hidden = pair[0].scrollWidth <= pair[0].clientWidth + 1;
    });
  };
  showHints();
  window.addEventListener("resize", showHints);
});

// After a failed submit the error summary takes the focus, so it is read out first.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});
