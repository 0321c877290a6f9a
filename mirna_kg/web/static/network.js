/* The interactive communication network: cytoscape.js over /network/…json, preset layout from the server. */
(function () {
  "use strict";
  var box = document.getElementById("cy");
  var info = document.getElementById("network-info");
  var style = JSON.parse(document.getElementById("network-style").textContent);

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  }
  function link(href, value) {
    var a = text("a", value);
    a.href = href;
    return a;
  }
  function show(parts) {
    info.replaceChildren.apply(info, parts);
  }
  function describeNode(node) {
    var d = node.data();
    var kind = d.kind === "mirna" ? "miRNA" : d.kind === "source" ? "source cell" : "recipient cell";
    var parts = [text("p", kind + (d.group ? " · " + d.group : ""), "kind"), text("h3", d.label)];
    if (d.targets && d.targets.length) {
      var p = text("p", "Targets: ");
      d.targets.forEach(function (t, i) {
        if (i) p.appendChild(document.createTextNode(", "));
        var a = link(t.href, t.label);
        a.className = "gene";
        p.appendChild(a);
      });
      parts.push(p);
    }
    parts.push(text("p", node.degree() + " edges", "muted"));
    parts.push(link(d.href, "Open the page →"));
    return parts;
  }
  function describeEdge(edge) {
    var d = edge.data();
    var parts = [
      text("p", "effect: " + d.effect, "kind"),
      text("h3", edge.source().data("label") + " → " + edge.target().data("label")),
    ];
    if (d.vehicle_label) parts.push(text("p", "vehicle: " + d.vehicle_label));
    parts.push(text("p", d.claims.length + (d.claims.length === 1 ? " statement" : " statements"), "muted"));
    parts.push(link(d.href, "Open the statement →"));
    return parts;
  }

  // The static figure's edges leave and enter their nodes horizontally (a cubic with control points half-way
  // across at each end's height); cytoscape wants those points as weights along, and distances off, the line.
  function sCurve(edge) {
    var a = edge.source().position();
    var b = edge.target().position();
    var dx = b.x - a.x;
    var dy = b.y - a.y;
    var length2 = dx * dx + dy * dy;
    if (!length2 || !dy) return { distances: [0], weights: [0.5] };
    var length = Math.sqrt(length2);
    var half = dx / 2;
    var points = [
      [half, 0],
      [dx - half, dy],
    ];
    return {
      weights: points.map(function (p) {
        return (p[0] * dx + p[1] * dy) / length2;
      }),
      distances: points.map(function (p) {
        return (dx * p[1] - dy * p[0]) / length;
      }),
    };
  }

  fetch(box.dataset.elements, { headers: { Accept: "application/json" } })
    .then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    })
    .then(function (elements) {
      var cy = cytoscape({
        container: box,
        elements: { nodes: elements.nodes, edges: elements.edges },
        layout: { name: "preset", fit: false },
        minZoom: 0.15,
        maxZoom: 4,
        wheelSensitivity: 0.3,
        boxSelectionEnabled: false,
        autoungrabify: true,
        style: [
          {
            selector: "node",
            style: {
              label: "data(label)",
              "font-size": 11,
              "font-family": "system-ui, sans-serif",
              color: "#1f2430",
              width: 14,
              height: 14,
              "background-color": function (n) {
                return style.groups[n.data("group")] || "#DDDDDD";
              },
              "border-width": 1,
              "border-color": "#687083",
              "text-valign": "center",
              "text-wrap": "ellipsis",
              "text-max-width": 230,
            },
          },
          { selector: "node[kind = 'source']", style: { "text-halign": "left", "text-margin-x": -6 } },
          { selector: "node[kind = 'recipient']", style: { "text-halign": "right", "text-margin-x": 6 } },
          {
            selector: "node[kind = 'mirna']",
            style: {
              shape: "round-rectangle",
              width: "label",
              height: 20,
              padding: 5,
              "background-color": "#ffffff",
              "border-color": "#1f2430",
              "text-halign": "center",
              "font-weight": 600,
            },
          },
          {
            selector: "edge",
            style: {
              width: function (e) {
                return Math.min(6, 1.2 + 0.8 * (e.data("claims").length - 1));
              },
              "curve-style": "unbundled-bezier",
              "control-point-distances": function (e) {
                return sCurve(e).distances;
              },
              "control-point-weights": function (e) {
                return sCurve(e).weights;
              },
              "edge-distances": "node-position",
              "line-color": function (e) {
                return style.effects[e.data("effect")] || "#999999";
              },
              "target-arrow-shape": "triangle",
              "target-arrow-color": function (e) {
                return style.effects[e.data("effect")] || "#999999";
              },
              "arrow-scale": 0.7,
              opacity: 0.75,
            },
          },
          { selector: ".faded", style: { opacity: 0.12 } },
          { selector: "node.hover", style: { "border-width": 3, "border-color": "#0b6e99" } },
          { selector: "edge.hover", style: { opacity: 1, width: 4 } },
        ],
      });
      window.cy = cy;

      // The layout is three columns and as many rows as cells: fitting all of it makes labels unreadable, so
      // start at the top with the width fitted (text near its real size) and let the reader pan down.
      function readable() {
        var bb = cy.elements().boundingBox();
        var width = box.clientWidth;
        var zoom = Math.max(cy.minZoom(), Math.min(1.2, (width - 40) / bb.w));
        if (bb.h * zoom < box.clientHeight) {
          cy.fit(undefined, 30);
          return;
        }
        cy.zoom(zoom);
        cy.pan({ x: (width - bb.w * zoom) / 2 - bb.x1 * zoom, y: 20 - bb.y1 * zoom });
      }
      readable();

      function focus(el) {
        var near = el.isNode() ? el.closedNeighborhood() : el.union(el.connectedNodes());
        cy.elements().not(near).addClass("faded");
        el.addClass("hover");
        show(el.isNode() ? describeNode(el) : describeEdge(el));
      }
      function unfocus() {
        cy.elements().removeClass("faded hover");
      }
      cy.on("mouseover", "node, edge", function (evt) {
        focus(evt.target);
        box.style.cursor = "pointer";
      });
      cy.on("mouseout", "node, edge", function () {
        unfocus();
        box.style.cursor = "";
      });
      cy.on("tap", "node, edge", function (evt) {
        var href = evt.target.data("href");
        if (href) window.location.assign(href);
      });
      document.getElementById("network-fit").addEventListener("click", function () {
        cy.fit(undefined, 30);
      });
      box.dataset.ready = "true";
    })
    .catch(function (error) {
      show([text("p", "The network could not be loaded (" + error.message + ").", "note")]);
    });
})();
