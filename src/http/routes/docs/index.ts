/**
 * `/openapi.json` (OpenAPI 3.1, generated from the route definitions) and `/docs`, a browsable reference.
 * The page is self-contained — inline CSS and script, the document embedded — so it works offline and behind
 * a strict content security policy; no CDN, no bundle.
 */
import type { ApiApp, AppDeps } from "../../env.js";

const API_DESCRIPTION =
  "Assess products with digital elements against the EU Cyber Resilience Act (Regulation (EU) 2024/2847).\n\n" +
  "Authenticate with `Authorization: Bearer <key>` (create one with `cra-assessor keys create`). Errors are RFC 9457 " +
  "`application/problem+json` with a stable `code`. Another organisation's records answer 404.";

export function openApiConfig(deps: Pick<AppDeps, "version">) {
  return {
    openapi: "3.1.0",
    info: { title: "cra-assessor API", version: deps.version, description: API_DESCRIPTION },
    tags: [
      { name: "products", description: "Products of an organisation" },
      { name: "sboms", description: "CycloneDX SBOMs, stored raw and normalized" },
      { name: "declarations", description: "Versioned product declarations (cra-declaration/1)" },
      { name: "assessments", description: "Immutable assessment records and their reports" },
      { name: "assess", description: "Stateless assessment for CI" },
      { name: "organizations", description: "Organisations and API keys (admin)" },
      { name: "audit", description: "The tamper-evident audit trail" },
      { name: "frameworks", description: "Framework catalogs, crosswalks, comparisons, arrangement simulations" },
      { name: "service", description: "Liveness and documentation" },
    ],
  };
}

export function register(app: ApiApp, deps: AppDeps): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "An API key: `Authorization: Bearer cra_…`",
  });
  app.doc31("/openapi.json", openApiConfig(deps));
  app.get("/docs", (c) => {
    const document = app.getOpenAPI31Document(openApiConfig(deps));
    return c.html(docsPage(JSON.stringify(document)), 200, {
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'",
    });
  });
}

/** `</script>` inside the embedded JSON would end the script element early; escape `<` as JSON allows. */
function embed(json: string): string {
  return json.replaceAll("<", "\\u003c").replaceAll("\u2028", "\\u2028").replaceAll("\u2029", "\\u2029");
}

export function docsPage(openApiJson: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cra-assessor API reference</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1b1f24; background: #fafafa; }
  header { background: #0b3d91; color: #fff; padding: 1rem 2rem; }
  header h1 { margin: 0; font-size: 1.4rem; }
  main { max-width: 70rem; margin: 0 auto; padding: 1rem 2rem 4rem; }
  h2 { border-bottom: 1px solid #ccd; padding-bottom: .2rem; margin-top: 2rem; text-transform: capitalize; }
  details.op { background: #fff; border: 1px solid #dde; border-radius: 6px; margin: .5rem 0; }
  details.op > summary { cursor: pointer; padding: .5rem .8rem; list-style: none; display: flex; gap: .8rem; align-items: baseline; }
  .method { font: bold 12px monospace; text-transform: uppercase; padding: .15rem .5rem; border-radius: 4px; color: #fff; min-width: 3.5rem; text-align: center; }
  .get { background: #1f7a3a; } .post { background: #0b5cad; } .put { background: #8a5a00; } .delete { background: #a11; }
  .path { font-family: monospace; font-weight: 600; }
  .body { padding: 0 1rem 1rem; }
  table { border-collapse: collapse; width: 100%; margin: .4rem 0; }
  th, td { text-align: left; border-bottom: 1px solid #eee; padding: .25rem .4rem; vertical-align: top; font-size: 14px; }
  code, pre { font-family: ui-monospace, monospace; font-size: 13px; }
  pre { background: #f3f4f6; padding: .6rem; overflow: auto; border-radius: 4px; max-height: 24rem; }
  .lock { color: #8a5a00; font-size: 12px; }
  #search { width: 100%; padding: .5rem; font-size: 15px; margin: 1rem 0; box-sizing: border-box; }
</style>
</head>
<body>
<header><h1 id="title">API reference</h1><div id="version"></div></header>
<main>
<p id="description"></p>
<input id="search" type="search" placeholder="Filter by path or summary" aria-label="Filter operations">
<div id="operations"></div>
<h2>Schemas</h2>
<div id="schemas"></div>
</main>
<script id="openapi" type="application/json">${embed(openApiJson)}</script>
<script>
(function () {
  "use strict";
  var doc = JSON.parse(document.getElementById("openapi").textContent);
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }
  function schemaText(schema) { return JSON.stringify(schema, null, 2); }
  document.getElementById("title").textContent = doc.info.title;
  document.getElementById("version").textContent = "Version " + doc.info.version + " · OpenAPI " + doc.openapi;
  document.getElementById("description").textContent = doc.info.description || "";
  var byTag = {};
  Object.keys(doc.paths).sort().forEach(function (path) {
    var item = doc.paths[path];
    ["get", "post", "put", "patch", "delete"].forEach(function (method) {
      var op = item[method];
      if (!op) return;
      var tag = (op.tags && op.tags[0]) || "other";
      (byTag[tag] = byTag[tag] || []).push({ path: path, method: method, op: op });
    });
  });
  var container = document.getElementById("operations");
  Object.keys(byTag).sort().forEach(function (tag) {
    container.appendChild(el("h2", {}, [tag]));
    byTag[tag].forEach(function (entry) {
      var op = entry.op;
      var body = el("div", { class: "body" }, []);
      if (op.description) body.appendChild(el("p", {}, [op.description]));
      if (op.parameters && op.parameters.length) {
        var rows = op.parameters.map(function (p) {
          return el("tr", {}, [el("td", {}, [el("code", {}, [p.name])]), el("td", {}, [p.in]),
            el("td", {}, [p.required ? "required" : "optional"]), el("td", {}, [schemaText(p.schema || {})])]);
        });
        body.appendChild(el("h4", {}, ["Parameters"]));
        body.appendChild(el("table", {}, [el("tr", {}, [el("th", {}, ["name"]), el("th", {}, ["in"]), el("th", {}, [""]), el("th", {}, ["schema"])])].concat(rows)));
      }
      if (op.requestBody) {
        body.appendChild(el("h4", {}, ["Request body"]));
        Object.keys(op.requestBody.content || {}).forEach(function (type) {
          body.appendChild(el("div", {}, [el("code", {}, [type])]));
          body.appendChild(el("pre", {}, [schemaText(op.requestBody.content[type].schema || {})]));
        });
      }
      body.appendChild(el("h4", {}, ["Responses"]));
      Object.keys(op.responses || {}).sort().forEach(function (status) {
        var response = op.responses[status];
        var types = Object.keys(response.content || {});
        body.appendChild(el("div", {}, [el("strong", {}, [status]), " " + (response.description || "") + (types.length ? " — " + types.join(", ") : "")]));
      });
      var summary = el("summary", {}, [el("span", { class: "method " + entry.method }, [entry.method]),
        el("span", { class: "path" }, [entry.path]), el("span", {}, [op.summary || ""]),
        op.security && op.security.length ? el("span", { class: "lock" }, ["key required"]) : el("span", {}, [])]);
      var details = el("details", { class: "op", "data-search": (entry.method + " " + entry.path + " " + (op.summary || "")).toLowerCase() }, [summary, body]);
      container.appendChild(details);
    });
  });
  var schemas = (doc.components && doc.components.schemas) || {};
  var schemaBox = document.getElementById("schemas");
  Object.keys(schemas).sort().forEach(function (name) {
    schemaBox.appendChild(el("details", { class: "op", id: "schema-" + name }, [el("summary", {}, [el("span", { class: "path" }, [name])]),
      el("div", { class: "body" }, [el("pre", {}, [schemaText(schemas[name])])])]));
  });
  document.getElementById("search").addEventListener("input", function (event) {
    var q = event.target.value.toLowerCase();
    document.querySelectorAll("details.op[data-search]").forEach(function (node) {
      node.style.display = node.getAttribute("data-search").indexOf(q) >= 0 ? "" : "none";
    });
  });
})();
</script>
</body>
</html>
`;
}
