// Progressive enhancement only: every page works without JavaScript.
const frontend = document.querySelector("script[data-nhsuk-frontend]")?.dataset.nhsukFrontend;
if (frontend) {
  import(frontend).then((nhsuk) => nhsuk.initAll());
}
