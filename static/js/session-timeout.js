// Warns a signed-in member before they are signed out for doing nothing, and lets them stay
// signed in (WCAG 2.2.1 Timing adjustable). The server decides; this only tells the person.
// Without JavaScript the dialog is never opened and the server's timeout still applies.
const dialog = document.getElementById("session-warning");

if (dialog && typeof dialog.showModal === "function") {
  const warnMs = Number(dialog.dataset.warnSeconds) * 1000;
  const form = dialog.querySelector("form");
  const stay = dialog.querySelector("[data-session-stay]");
  const close = dialog.querySelector("[data-session-close]");
  const at = dialog.querySelector("[data-session-at]");
  const status = document.getElementById("session-status");
  let expiresAt = Date.now() + Number(dialog.dataset.expiresIn) * 1000;
  let signedOut = false;
  let returnFocus = null;

  function open() {
    if (dialog.open) return;
    returnFocus = document.activeElement;
    dialog.showModal();
  }

  function shut() {
    if (dialog.open) dialog.close();
    if (returnFocus && returnFocus.isConnected) returnFocus.focus();
    returnFocus = null;
  }

  function warn() {
    at.textContent = new Date(expiresAt).toLocaleTimeString("en-GB", {
      hour: "2-digit",
      minute: "2-digit",
    });
    open();
    stay.focus();
  }

  function showSignedOut() {
    signedOut = true;
    // Closed and opened again, so that screen readers announce the new title and text.
    if (dialog.open) dialog.close();
    for (const el of dialog.querySelectorAll("[data-signed-out-text]")) {
      el.textContent = el.dataset.signedOutText;
    }
    form.hidden = true;
    close.hidden = false;
    open();
    close.focus();
  }

  function check() {
    if (signedOut) return;
    const left = expiresAt - Date.now();
    if (left <= 0) showSignedOut();
    else if (left <= warnMs && !dialog.open) warn();
  }

  // The server's own count of seconds left, after any request this page made (autosave).
  function restart(secondsLeft) {
    if (signedOut) return;
    expiresAt = Date.now() + secondsLeft * 1000;
    if (dialog.open && expiresAt - Date.now() > warnMs) shut();
    check();
  }

  async function keepAlive() {
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-Coprod-Keep-Alive": "1" },
        credentials: "same-origin",
      });
      // 401: the idle time ran out; redirected to log in: signed out some other way.
      if (response.status === 401 || response.redirected) return showSignedOut();
      const data = await response.json();
      shut();
      status.textContent = "You are still signed in.";
      restart(data.expires_in);
    } catch (error) {
      // Offline for a moment: leave the warning up, so the person can try again.
      status.textContent = "Could not reach Coprod. Check your connection and try again.";
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    keepAlive();
  });
  // Escape closes a modal dialog; pressing it shows the person is here, so it counts as
  // "Stay signed in" rather than leaving the warning to come straight back.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    if (signedOut) shut();
    else keepAlive();
  });
  close.addEventListener("click", shut);
  document.addEventListener("coprod:session", (event) => {
    if (event.detail.signedOut) showSignedOut();
    else restart(event.detail.expiresIn);
  });
  // A short interval rather than one long timer: background tabs delay timers, and a
  // computer that slept must show the right state as soon as it wakes.
  setInterval(check, 5000);
  document.addEventListener("visibilitychange", check);
  check();
}
