// The SPARQL editor: YASGUI (vendored) against this server's /sparql.
//
// YASGUI's own completers ask lov.linkeddata.es (classes, properties) and prefix.cc; here every completer asks
// this server (/complete/…), so nothing typed leaves it. Two result views are added to the table: a bar chart
// when a column counts, and a network when rows pair two entities (cytoscape, vendored).
(function () {
  const config = JSON.parse(document.getElementById("editor-config").textContent);
  const endpoint = new URL("/sparql", window.location.href).href;
  const Yasqe = Yasgui.Yasqe;
  const Yasr = Yasgui.Yasr;
  const DEFAULT_QUERY = [
    "PREFIX mkg: <https://w3id.org/mirna-kg/ontology/>",
    "PREFIX mkgs: <https://w3id.org/mirna-kg/statement/>",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>",
    "",
    "# Regulatory claims with their miRNA, cancer and target gene, by name",
    "SELECT ?claim ?mirna_label ?cancer_label ?target_label WHERE {",
    "  ?claim a mkg:RegulatoryClaim ;",
    "         mkg:mirna/rdfs:label ?mirna_label ;",
    "         mkg:cancer/rdfs:label ?cancer_label .",
    "  OPTIONAL { ?claim mkg:targetGene/rdfs:label ?target_label }",
    "}",
    "ORDER BY ?mirna_label",
    "LIMIT 25",
  ].join("\n");

  // ---------------------------------------------------------------------------------------------------------
  // Completers served by this server
  // ---------------------------------------------------------------------------------------------------------
  const labels = {};  // suggestion text -> what the list shows beside it

  function ask(path, text) {
    return fetch(path + "?q=" + encodeURIComponent(text || ""))
      .then(function (r) { return r.ok ? r.json() : []; })
      .catch(function () { return []; });
  }

  function remember(found) {
    found.forEach(function (w) { labels[w.iri] = w; });
    return found.map(function (w) { return w.iri; });
  }

  function shown(yasqe, hints) {
    hints.forEach(function (h) {
      const iri = h.text.replace(/^<|>$/g, "");
      const found = labels[iri] || Object.values(labels).find(function (w) { return w.curie === h.text; });
      if (found && found.label) h.displayText = h.text + "   " + found.label + (found.kind ? " · " + found.kind : "");
    });
    return hints;
  }

  Yasqe.forkAutocompleter("prefixes", {
    name: "mkgPrefixes",
    persistenceId: null,
    get: function () {
      return fetch("/complete/prefixes")
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (list) { return list.map(function (p) { return p.prefix + ": <" + p.iri + ">"; }).sort(); })
        .catch(function () { return []; });
    },
  }, false);
  Yasqe.forkAutocompleter("class", {
    name: "mkgClass",
    autoShow: true,
    persistenceId: null,
    get: function (yasqe, token) {
      const text = token && (token.autocompletionString || token.string);
      return text ? ask("/complete/classes", text).then(remember) : Promise.resolve([]);
    },
    postprocessHints: shown,
  }, false);
  Yasqe.forkAutocompleter("property", {
    name: "mkgProperty",
    autoShow: true,
    persistenceId: null,
    get: function (yasqe, token) {
      const text = token && (token.autocompletionString || token.string);
      return text ? ask("/complete/properties", text).then(remember) : Promise.resolve([]);
    },
    postprocessHints: shown,
  }, false);

  // Entity names: the word before the cursor ("hsa-miR-21", "CD274", "macrophage") becomes an IRI.
  function wordBefore(yasqe) {
    const cursor = yasqe.getDoc().getCursor();
    const line = yasqe.getLine(cursor.line).slice(0, cursor.ch);
    const match = /[^\s{}()<>,;"'^|/*+=!]+$/.exec(line);
    return { text: match ? match[0] : "", line: cursor.line, start: match ? match.index : cursor.ch, end: cursor.ch };
  }
  Yasqe.registerAutocompleter({
    name: "mkgEntity",
    bulk: false,
    autoShow: true,
    persistenceId: null,
    isValidCompletionPosition: function (yasqe) {
      const word = wordBefore(yasqe).text;
      if (word.length < 3 || /^[?$.]/.test(word) || word.indexOf(":") >= 0) return false;
      if (/^[A-Za-z]+$/.test(word) && /^(SELECT|WHERE|PREFIX|BASE|OPTIONAL|FILTER|UNION|GRAPH|ORDER|GROUP|LIMIT|OFFSET|DISTINCT|BIND|VALUES|MINUS|SERVICE|CONSTRUCT|DESCRIBE|ASK|HAVING|FROM|NAMED|AS|BY|ASC|DESC|COUNT|SAMPLE|STR|LANG|REGEX|CONTAINS|LCASE|UCASE|EXISTS|NOT|IN|true|false)$/i.test(word)) return false;
      return true;
    },
    preProcessToken: function (yasqe, token) {
      const word = wordBefore(yasqe);
      return {
        string: word.text,
        autocompletionString: word.text,
        start: word.start,
        end: word.end,
        from: { line: word.line, ch: word.start },
        to: { line: word.line, ch: word.end },
        state: token.state,
        type: token.type,
      };
    },
    get: function (yasqe, token) {
      return ask("/complete/entities", token.autocompletionString).then(remember);
    },
    postProcessSuggestion: function (yasqe, token, iri) {
      const declared = yasqe.getPrefixesFromQuery();
      for (const prefix in declared) {
        const base = declared[prefix];
        const rest = iri.slice(base.length);
        if (iri.indexOf(base) === 0 && /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(rest) && !/\.$/.test(rest)) {
          return prefix + ":" + rest;
        }
      }
      return "<" + iri + ">";
    },
    postprocessHints: shown,
  }, false);

  const COMPLETERS = ["mkgPrefixes", "mkgProperty", "mkgClass", "mkgEntity", "variables"];
  Yasqe.defaults.autocompleters = COMPLETERS.slice();

  // ---------------------------------------------------------------------------------------------------------
  // Result views: a chart for counts, a network for pairs
  // ---------------------------------------------------------------------------------------------------------
  const NUMERIC = /#(integer|decimal|double|float|int|long|short|nonNegativeInteger|positiveInteger)$/;

  function columns(yasr) {
    const vars = yasr.results ? yasr.results.getVariables() : [];
    const rows = (yasr.results && yasr.results.getBindings()) || [];
    return { vars: vars, rows: rows };
  }

  function shortName(value) {
    return value.replace(/^.*[/#]/, "").replace(/^(CL|MONDO|GO|DOID|UBERON)_/, "$1:");
  }

  function cellText(row, name, vars) {
    const cell = row[name];
    if (!cell) return "";
    if (cell.type === "uri") {
      const label = row[name + "_label"];
      return label ? label.value : shortName(cell.value);
    }
    return cell.value;
  }

  class ChartView {
    constructor(yasr) { this.yasr = yasr; this.priority = 5; this.label = "Chart"; }
    pick() {
      const t = columns(this.yasr);
      if (!t.rows.length || t.rows.length > 300) return null;
      const count = t.vars.find(function (v) {
        return t.rows.every(function (r) { return r[v] && r[v].datatype && NUMERIC.test(r[v].datatype); });
      });
      if (!count) return null;
      const names = t.vars.filter(function (v) {
        return v !== count && !(/_label$/.test(v) && t.vars.indexOf(v.replace(/_label$/, "")) >= 0);
      });
      return { count: count, names: names.slice(0, 3), rows: t.rows, vars: t.vars };
    }
    canHandleResults() { return !!this.pick(); }
    draw() {
      const p = this.pick();
      const values = p.rows.map(function (r) { return Number(r[p.count].value); });
      const top = Math.max.apply(null, values.concat([0])) || 1;
      const box = document.createElement("div");
      box.className = "mkg-chart";
      const title = document.createElement("p");
      title.className = "muted";
      title.textContent = p.count + " by " + p.names.join(", ");
      box.appendChild(title);
      p.rows.forEach(function (r, i) {
        const line = document.createElement("div");
        line.className = "mkg-bar-row";
        const name = document.createElement("span");
        name.className = "mkg-bar-label";
        name.textContent = p.names.map(function (v) { return cellText(r, v, p.vars); }).filter(Boolean).join(" · ");
        const bar = document.createElement("span");
        bar.className = "mkg-bar";
        bar.style.width = (100 * Math.max(values[i], 0) / top).toFixed(1) + "%";
        const value = document.createElement("span");
        value.className = "mkg-bar-value";
        value.textContent = r[p.count].value;
        const track = document.createElement("span");
        track.className = "mkg-bar-track";
        track.appendChild(bar);
        line.append(name, track, value);
        box.appendChild(line);
      });
      this.yasr.resultsEl.appendChild(box);
    }
    getIcon() {
      const icon = document.createElement("span");
      icon.textContent = "▇";
      return icon;
    }
  }

  class NetworkView {
    constructor(yasr) { this.yasr = yasr; this.priority = 4; this.label = "Network"; }
    pick() {
      const t = columns(this.yasr);
      if (!t.rows.length || t.rows.length > 1000 || typeof cytoscape === "undefined") return null;
      const bound = function (kind) {
        return t.vars.filter(function (v) {
          return t.rows.every(function (r) { return !r[v] || r[v].type === kind; }) &&
            t.rows.filter(function (r) { return r[v]; }).length >= t.rows.length / 2;
        });
      };
      let pair = bound("uri");
      if (pair.length < 2) {
        pair = bound("literal").filter(function (v) { return /label$/.test(v); });
      }
      if (pair.length < 2) return null;
      return { a: pair[0], b: pair[1], rows: t.rows, vars: t.vars };
    }
    canHandleResults() { return !!this.pick(); }
    draw() {
      const p = this.pick();
      const nodes = {}, edges = {};
      p.rows.forEach(function (r) {
        if (!r[p.a] || !r[p.b]) return;
        const a = p.a + "|" + r[p.a].value, b = p.b + "|" + r[p.b].value;
        nodes[a] = { data: { id: a, label: cellText(r, p.a, p.vars), side: "a" } };
        nodes[b] = { data: { id: b, label: cellText(r, p.b, p.vars), side: "b" } };
        edges[a + ">" + b] = { data: { id: a + ">" + b, source: a, target: b } };
      });
      const box = document.createElement("div");
      box.className = "mkg-network";
      const note = document.createElement("p");
      note.className = "muted";
      note.textContent = Object.keys(nodes).length + " nodes (" + p.a + ", " + p.b + "), " +
        Object.keys(edges).length + " links; drag to pan, scroll to zoom.";
      const canvas = document.createElement("div");
      canvas.className = "mkg-network-canvas";
      box.append(note, canvas);
      this.yasr.resultsEl.appendChild(box);
      this.cy = cytoscape({
        container: canvas,
        elements: Object.values(nodes).concat(Object.values(edges)),
        layout: { name: "cose", animate: false, nodeRepulsion: 9000, idealEdgeLength: 60 },
        style: [
          { selector: "node", style: { label: "data(label)", "font-size": 10, width: 12, height: 12,
            "background-color": "#0b6e99", "text-valign": "bottom", "text-margin-y": 3 } },
          { selector: "node[side = 'b']", style: { "background-color": "#8a3ffc", shape: "round-rectangle" } },
          { selector: "edge", style: { width: 1.2, "line-color": "#b8c2cf", "curve-style": "straight" } },
        ],
      });
      window.mkgNetwork = this.cy;
    }
    destroy() { if (this.cy) { this.cy.destroy(); this.cy = null; } }
    getIcon() {
      const icon = document.createElement("span");
      icon.textContent = "⋈";
      return icon;
    }
  }

  Yasr.registerPlugin("chart", ChartView);
  Yasr.registerPlugin("network", NetworkView);

  // ---------------------------------------------------------------------------------------------------------
  // The editor, the gallery
  // ---------------------------------------------------------------------------------------------------------
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    yasqe: { value: DEFAULT_QUERY, autocompleters: COMPLETERS.slice(), persistenceId: null },
    yasr: { pluginOrder: ["table", "chart", "network", "response"], persistenceId: null },
  });
  const tab = yasgui.getTab();
  const yasqe = tab.getYasqe();
  ["prefixes", "property", "class"].forEach(function (name) {
    if (yasqe.autocompleters[name]) yasqe.disableCompleter(name);
  });
  COMPLETERS.forEach(function (name) {
    if (!yasqe.autocompleters[name]) yasqe.enableCompleter(name).catch(function () {});
  });
  if (!new URLSearchParams(window.location.search).get("stored") && !yasqe.getValue().trim()) {
    yasqe.setValue(DEFAULT_QUERY);
  }

  function load(name, run) {
    const text = config.queries[name];
    if (!text) return;
    yasqe.setValue(text);
    if (run) yasqe.query();
  }
  document.querySelectorAll("a.open-in-editor").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      load(link.dataset.query, true);
      history.replaceState(null, "", "/sparql?stored=" + encodeURIComponent(link.dataset.query));
      document.getElementById("yasgui").scrollIntoView({ behavior: "smooth" });
    });
  });
  const wanted = new URLSearchParams(window.location.search).get("stored");
  if (wanted) { load(wanted, true); }
  window.mirnaKgEditor = { yasgui: yasgui, yasqe: yasqe, load: load };
})();
