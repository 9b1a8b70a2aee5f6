// "Select all" on the invitation list: ticks or unticks every person shown.
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("select-all");
  if (!all) return;
  const boxes = () => document.querySelectorAll("input[name='person']");
  all.hidden = false;
  all.closest("label")?.removeAttribute("hidden");
  all.addEventListener("change", () => {
    boxes().forEach((box) => { box.checked = all.checked; });
  });
});
