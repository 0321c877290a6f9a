// Suggestions for the search box on every page, from /search?format=json (names only; Enter searches).
(function () {
  const input = document.querySelector("header form.search input[name=q]");
  const list = document.getElementById("typeahead");
  if (!input || !list || document.body.dataset.static) return;
  let timer = null, last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2 || text === last) return;
    timer = setTimeout(function () {
      last = text;
      fetch("/search?format=json&limit=8&q=" + encodeURIComponent(text))
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (matches) {
          list.replaceChildren();
          for (const m of matches) {
            const option = document.createElement("option");
            option.value = m.label;  // textContent/value: never parsed as HTML
            option.label = m.kind + " · " + m.curie;
            list.appendChild(option);
          }
        })
        .catch(function () {});
    }, 150);
  });
})();
