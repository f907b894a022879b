// Saves a score as you go: when a choice changes, and shortly after typing stops.
// The form still works without this (Save and continue posts normally).
const form = document.querySelector("form[data-autosave-url]");
const status = document.getElementById("autosave-status");

if (form && status) {
  const url = form.dataset.autosaveUrl;
  const version = form.querySelector("input[name=version]");
  let timer = null;
  let inFlight = false;

  async function save() {
    if (inFlight) { clearTimeout(timer); timer = setTimeout(save, 500); return; }
    if (!form.querySelector("input[name=level]:checked")) {
      status.textContent = "Choose an answer and it will be saved as you go.";
      return;
    }
    inFlight = true;
    status.textContent = "Saving…";
    try {
      const response = await fetch(url, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-Coprod-Autosave": "1" },
        credentials: "same-origin",
      });
      const data = await response.json();
      if (data.saved && version) version.value = data.version;
      status.textContent = data.message;
    } catch (error) {
      status.textContent = "Could not save just now. Your answer is still here: use Save and continue.";
    } finally {
      inFlight = false;
    }
  }

  form.addEventListener("change", (event) => {
    if (event.target.type === "radio") save();
  });
  form.addEventListener("input", (event) => {
    if (event.target.tagName === "TEXTAREA") {
      clearTimeout(timer);
      timer = setTimeout(save, 1500);
    }
  });
}
