// The review editor's title follows the film and the headline ("Ballerina (2023) Review –
// Headline") until someone types a title of their own; clearing the title makes it follow again.
// A "change" event lets Wagtail's own slug sync follow the title as if it had been typed.
(() => {
  const followFilmAndHeadline = () => {
    const title = document.getElementById("id_title");
    const headline = document.getElementById("id_headline");
    const film = document.getElementById("id_film");
    const filmTitle = document.getElementById("id_film-title");
    if (!title || !headline || !film || !filmTitle) return;

    const compose = () => {
      const name = film.value ? filmTitle.textContent.trim() : "";
      if (!name) return "";
      const words = headline.value.trim();
      return words ? `${name} Review – ${words}` : `${name} Review`;
    };
    let composed = compose();
    let following = title.value === "" || title.value === composed;

    const update = () => {
      composed = compose();
      if (following && composed && title.value !== composed) {
        title.value = composed;
        title.dispatchEvent(new Event("change", { bubbles: true }));
      }
    };
    title.addEventListener("input", () => {
      following = title.value === "" || title.value === composed;
    });
    headline.addEventListener("input", update);
    film.addEventListener("change", update);
    // The chooser writes the film's name after it sets the value: follow the name too.
    new MutationObserver(update).observe(filmTitle, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  };

  // The admin loads form scripts in the page's head, before the form exists.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", followFilmAndHeadline);
  } else {
    followFilmAndHeadline();
  }
})();
