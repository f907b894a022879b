// Progressive enhancement only: every page works without JavaScript.
// NHS.UK frontend 10 initialises only when <body> has this class. Its documented inline
// snippet cannot run under our Content Security Policy, so it is set here instead.
document.body.classList.add("nhsuk-frontend-supported");
const frontend = document.querySelector("script[data-nhsuk-frontend]")?.dataset.nhsukFrontend;
if (frontend) {
  import(frontend).then((nhsuk) => nhsuk.initAll());
}
