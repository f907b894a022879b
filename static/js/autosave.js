// Saves a score as you go: when a choice changes, and shortly after typing stops.
// The form still works without this (Save and continue posts normally).
const form = document.querySelector("form[data-autosave-url]");
const status = document.getElementById("autosave-status");

if (form && status) {
  const url = form.dataset.autosaveUrl;
  const version = form.querySelector("input[name=version]");
  let timer = null;
  let inFlight = false;
  let submitting = false;
  let waitingSubmitter = null;
  // After a failure (the server's 500, a network fault, the database restarting) the same
  // answer is sent again, waiting longer each time. A retry of a save that did arrive
  // (only its answer was lost) is recognised by the server and answered as saved.
  const FIRST_RETRY_MS = 1000;
  const LAST_RETRY_MS = 30000;
  let retryMs = FIRST_RETRY_MS;

  function retryLater() {
    const seconds = Math.round(retryMs / 1000);
    status.textContent =
      `Could not save just now. Your answer is still here; trying again in ${seconds} ` +
      `second${seconds === 1 ? "" : "s"}. You can also use Save and continue.`;
    clearTimeout(timer);
    timer = setTimeout(save, retryMs);
    retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
  }

  async function save() {
    if (submitting) return;
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
        // URL-encoded rather than multipart: the same fields, cheaper for the server to read.
        body: new URLSearchParams(new FormData(form)),
        headers: { "X-Coprod-Autosave": "1" },
        credentials: "same-origin",
      });
      if (response.status >= 500) throw new Error(`server error ${response.status}`);
      const data = await response.json();
      retryMs = FIRST_RETRY_MS;
      if (data.saved && version) version.value = data.version;
      // Tell the idle warning (session-timeout.js): a save counts as activity, and a save
      // refused because the session ended means the person has been signed out.
      const left = response.headers.get("X-Session-Expires-In");
      if (data.signed_out || left !== null) {
        document.dispatchEvent(
          new CustomEvent("coprod:session", {
            detail: { signedOut: Boolean(data.signed_out), expiresIn: Number(left) },
          }),
        );
      }
      status.textContent = data.message;
    } catch (error) {
      // Not while the form is being posted: that post carries the answer itself.
      if (!waitingSubmitter) retryLater();
    } finally {
      inFlight = false;
      if (waitingSubmitter) {
        const submitter = waitingSubmitter;
        waitingSubmitter = null;
        form.requestSubmit(submitter);
      }
    }
  }

  function saveSoon(delay) {
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  form.addEventListener("change", (event) => {
    // A short wait, so arrowing through the levels saves (and announces) only where you stop.
    if (event.target.type === "radio") saveSoon(300);
  });
  form.addEventListener("input", (event) => {
    if (event.target.tagName === "TEXTAREA") saveSoon(1500);
  });
  form.addEventListener("submit", (event) => {
    clearTimeout(timer);
    if (inFlight) {
      // Post once the autosave on its way has answered, so the form carries the version it
      // produced; otherwise Save would report the person's own autosave as a conflict.
      event.preventDefault();
      waitingSubmitter = event.submitter || form.querySelector("button[type=submit]");
      return;
    }
    submitting = true;
  });
}
