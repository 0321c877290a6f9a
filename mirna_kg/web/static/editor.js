// The SPARQL editor: YASGUI (vendored) against this server's /sparql, with our prefixes and stored queries.
(function () {
  const config = JSON.parse(document.getElementById("editor-config").textContent);
  const endpoint = new URL("/sparql", window.location.href).href;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    yasqe: { value: "SELECT * WHERE { ?s ?p ?o } LIMIT 10" },
  });
  const tab = yasgui.getTab();
  const yasqe = tab.getYasqe();
  if (yasqe.addPrefixes) { yasqe.addPrefixes(config.prefixes); }
  function load(name, run) {
    const text = config.queries[name];
    if (!text) return;
    yasqe.setValue(text);
    if (run) yasqe.query();
  }
  const select = document.getElementById("examples");
  select.addEventListener("change", function () { load(select.value, true); });
  const wanted = new URLSearchParams(window.location.search).get("stored");
  if (wanted) { select.value = wanted; load(wanted, true); }
  window.mirnaKgEditor = { yasgui: yasgui, load: load };
})();
