// The claims browser, better with JavaScript: facet links, sorting and the text filter fetch the next view
// in place (the server renders it, as without JavaScript), the address follows (pushState), the back button
// restores the view, and typing filters after a short pause. Downloads stay ordinary links.
(function () {
  const form = document.querySelector("form.claims-filter");
  const box = form && form.querySelector("input[name=q]");
  if (!form || !box) return;
  let pending = null, timer = null;

  function view() { return document.getElementById("claims-view"); }

  function show(url, push) {
    if (pending) pending.abort();
    pending = new AbortController();
    view().classList.add("claims-busy");
    return fetch(url, { headers: { Accept: "text/html" }, signal: pending.signal })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        const next = new DOMParser().parseFromString(html, "text/html");
        const open = {};
        view().querySelectorAll("details.facet").forEach(function (d) { open[d.dataset.facet] = d.open; });
        view().replaceWith(document.adoptNode(next.getElementById("claims-view")));
        view().querySelectorAll("details.facet").forEach(function (d) {
          if (open[d.dataset.facet]) d.open = true;
        });
        document.getElementById("claims-state").replaceWith(document.adoptNode(next.getElementById("claims-state")));
        const text = new URL(url, location.href).searchParams.get("q") || "";
        if (document.activeElement !== box) box.value = text;
        if (push) history.pushState({ claims: true }, "", url);
        else history.replaceState({ claims: true }, "", url);
      })
      .catch(function (e) { if (e.name !== "AbortError") location.href = url; });
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest("#claims-view a[href^='?']");
    if (!link || link.hasAttribute("download") || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    show(link.href, true);
  });

  function fromForm() {
    const url = new URL(form.action, location.href);
    url.search = new URLSearchParams(new FormData(form)).toString().replace(/(^|&)q=(&|$)/, "$1").replace(/&$/, "");
    return url.pathname + url.search;
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); show(fromForm(), true); });
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(fromForm(), false); }, 250);
  });
  if (window.matchMedia("(max-width: 700px)").matches) {  // on a phone the table comes first; facets on demand
    view().querySelectorAll("details.facet").forEach(function (d) {
      if (!d.querySelector("li.chosen")) d.open = false;
    });
  }
  window.addEventListener("popstate", function () { show(location.pathname + location.search, false); });
})();
