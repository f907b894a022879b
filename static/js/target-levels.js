// The action form's target level offers only the chosen criterion's levels. Without
// JavaScript the levels come grouped by rubric and the server refuses a mismatch.
const target = document.querySelector("select[data-target-levels]");
const criterion = document.querySelector("select[name=criterion]");

function offer() {
  const chosen = criterion.selectedOptions[0];
  const framework = chosen ? chosen.dataset.framework : undefined;
  for (const option of target.options) {
    if (!option.dataset.framework) continue; // "Use the agreed target"
    const other = framework !== undefined && option.dataset.framework !== framework;
    option.hidden = other;
    option.disabled = other;
    if (other && option.selected) target.value = "";
  }
  for (const group of target.querySelectorAll("optgroup")) {
    group.hidden = ![...group.children].some((o) => !o.hidden);
  }
}

if (target && criterion) {
  criterion.addEventListener("change", offer);
  offer();
}
