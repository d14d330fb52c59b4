/**
 * The web interface's only static assets: one stylesheet and one small script, served by the app itself (no
 * CDN, no web fonts: system font stacks). They are strings in a module rather than files on disk so they load the
 * same from the TypeScript sources and from a compiled build, with no path to resolve. Each is addressed by a
 * hash of its content, so browsers may cache it forever and a new release is picked up at once.
 */
import { createHash } from "node:crypto";

const STYLESHEET = `
:root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #f6f8fa; --card: #fff; --brand: #0b3d91;
  --gap: #b3261e; --review: #8a5a00; --met: #1a7f37; --na: #57606a; --recognized: #0b5cad; --partial: #006d75;
  --waived: #6f42c1; --focus: #ffbf47; }
* { box-sizing: border-box; }
html { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color: var(--ink); background: var(--bg); }
body { margin: 0; }
a { color: #0a4fa3; }
a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: .5rem; background: #fff; padding: .3rem .6rem; z-index: 10; }
header.site { background: var(--brand); color: #fff; }
header.site .bar { max-width: 78rem; margin: 0 auto; padding: .6rem 1.5rem; display: flex; gap: 1.5rem; align-items: center; flex-wrap: wrap; }
header.site a { color: #fff; text-decoration: none; }
header.site .brand { font-weight: 700; font-size: 1.1rem; }
header.site nav ul { list-style: none; display: flex; gap: 1rem; margin: 0; padding: 0; flex-wrap: wrap; }
header.site nav a[aria-current="page"] { text-decoration: underline; text-underline-offset: 4px; }
header.site .who { margin-left: auto; display: flex; gap: .8rem; align-items: center; font-size: .9rem; }
header.site .who button { background: transparent; color: #fff; border: 1px solid #fff; border-radius: 4px; padding: .2rem .7rem; cursor: pointer; font: inherit; }
main { max-width: 78rem; margin: 0 auto; padding: 1rem 1.5rem 4rem; }
h1 { font-size: 1.6rem; margin: .8rem 0 .4rem; } h2 { font-size: 1.25rem; margin: 1.8rem 0 .5rem; } h3 { font-size: 1.05rem; margin: 1rem 0 .3rem; }
.lead { color: var(--muted); margin-top: 0; max-width: 60rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.2rem; margin: .8rem 0; }
.card > h2:first-child, .card > h2 { margin-top: .2rem; }
.check { display: flex; gap: .5rem; align-items: baseline; margin: .2rem 0; }
.check label { display: inline; font-weight: 400; margin: 0; }
fieldset { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .8rem .6rem; }
legend { font-weight: 600; font-size: .92rem; padding: 0 .3rem; }
.grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); }
table { border-collapse: collapse; width: 100%; background: var(--card); }
th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f4; font-weight: 600; font-size: .92rem; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
form.inline { display: flex; gap: .6rem; align-items: flex-end; flex-wrap: wrap; }
form.inline > .field { min-width: 0; max-width: 100%; }
label { display: block; font-weight: 600; font-size: .92rem; margin-bottom: .2rem; }
.field { margin: .4rem 0; }
.hint { color: var(--muted); font-size: .88rem; font-weight: 400; }
input[type=text], input[type=email], input[type=url], input[type=password], input[type=search], input[type=date], input[type=file], select, textarea {
  font: inherit; padding: .4rem .5rem; border: 1px solid #8c959f; border-radius: 4px; background: #fff; max-width: 100%; }
textarea { width: 100%; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .88rem; }
button, .button { font: inherit; font-weight: 600; background: var(--brand); color: #fff; border: 0; border-radius: 4px; padding: .45rem 1rem; cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary, .button.secondary { background: #fff; color: var(--brand); border: 1px solid var(--brand); }
button.danger { background: var(--gap); }
.notice { border-left: 4px solid var(--recognized); background: #eaf2fb; padding: .6rem .9rem; margin: .8rem 0; border-radius: 4px; }
.error { border-left: 4px solid var(--gap); background: #fcebea; padding: .6rem .9rem; margin: .8rem 0; border-radius: 4px; }
.error ul { margin: .3rem 0 0; padding-left: 1.2rem; }
.secret { font-family: ui-monospace, monospace; background: #fff7d6; border: 1px dashed var(--review); padding: .5rem; word-break: break-all; }
.badge { display: inline-block; border-radius: 999px; padding: 0 .55rem; font-size: .8rem; font-weight: 700; color: #fff; white-space: nowrap; }
.s-gap { background: var(--gap); } .s-needs-review { background: var(--review); } .s-met { background: var(--met); }
.s-not-applicable { background: var(--na); } .s-recognized { background: var(--recognized); } .s-partial { background: var(--partial); }
.s-waived { background: var(--waived); } .s-pass { background: var(--met); } .s-fail { background: var(--gap); }
.badge.unverified { background: #fff7d6; color: #6b4600; border: 1px solid var(--review); }
.sev { font-size: .8rem; font-weight: 700; text-transform: uppercase; color: var(--muted); }
.verdict { display: flex; gap: 1.2rem; align-items: center; padding: 1rem 1.2rem; border-radius: 8px; color: #fff; margin: .8rem 0; }
.verdict.fail { background: var(--gap); } .verdict.pass { background: var(--met); }
.verdict strong { font-size: 1.5rem; }
.counts { display: flex; flex-wrap: wrap; gap: .6rem; margin: .4rem 0; padding: 0; list-style: none; }
.counts li { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .3rem .7rem; }
.counts b { font-variant-numeric: tabular-nums; }
.filters { display: flex; gap: 1rem; flex-wrap: wrap; align-items: flex-end; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .7rem 1rem; }
article.finding { background: var(--card); border: 1px solid var(--line); border-left-width: 6px; border-radius: 6px; padding: .7rem 1rem; margin: .7rem 0; }
article.finding.st-gap { border-left-color: var(--gap); } article.finding.st-needs-review { border-left-color: var(--review); }
article.finding.st-met { border-left-color: var(--met); } article.finding.st-recognized { border-left-color: var(--recognized); }
article.finding.st-partial { border-left-color: var(--partial); } article.finding.st-waived { border-left-color: var(--waived); }
article.finding h3 { margin: 0 0 .3rem; display: flex; gap: .6rem; align-items: baseline; flex-wrap: wrap; }
article.finding dl { display: grid; grid-template-columns: 11rem 1fr; gap: .2rem .8rem; margin: .4rem 0; }
article.finding dt { font-weight: 600; color: var(--muted); font-size: .9rem; }
article.finding dd { margin: 0; }
code, pre, .mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .88rem; }
pre { background: #f3f4f6; padding: .6rem; overflow: auto; border-radius: 4px; max-height: 30rem; }
.facts { margin: 0; padding-left: 1.1rem; } .facts li { margin: .1rem 0; }
.pager { display: flex; gap: 1rem; align-items: center; margin: .8rem 0; }
.diff { font-family: ui-monospace, monospace; font-size: .86rem; background: #fff; border: 1px solid var(--line); border-radius: 6px; overflow: auto; }
.diff div { white-space: pre-wrap; padding: 0 .6rem; }
.diff .add { background: #dafbe1; } .diff .del { background: #ffebe9; } .diff .same { color: var(--muted); }
figure { margin: .6rem 0; overflow-x: auto; }
.card svg { max-width: 100%; height: auto; } figcaption { color: var(--muted); font-size: .9rem; }
svg text { font-family: system-ui, "DejaVu Sans", sans-serif; }
.heat-legend { display: flex; gap: 1rem; flex-wrap: wrap; list-style: none; padding: 0; font-size: .9rem; }
.swatch { display: inline-block; width: .9rem; height: .9rem; border: 1px solid #555; vertical-align: middle; margin-right: .3rem; }
.sw-full { background: #1a7f37; } .sw-partial { background: #d4a72c; } .sw-none { background: #e6e6e6; }
progress { width: 20rem; max-width: 100%; }
[hidden] { display: none !important; }
.op-method { font: 700 .75rem ui-monospace, monospace; text-transform: uppercase; padding: .1rem .45rem; border-radius: 4px; color: #fff; background: #0b5cad; }
.op-method.get { background: #1a7f37; } .op-method.put { background: #8a5a00; } .op-method.delete { background: #b3261e; }
details.op { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: .4rem 0; }
details.op > summary { cursor: pointer; padding: .45rem .8rem; display: flex; gap: .8rem; align-items: baseline; flex-wrap: wrap; }
details.op > div { padding: 0 1rem 1rem; }
.muted { color: var(--muted); }
.nowrap { white-space: nowrap; }
.wrap { overflow-wrap: anywhere; }
.subnav { display: flex; gap: 1.2rem; flex-wrap: wrap; border-bottom: 1px solid var(--line); padding: .2rem 0 .5rem; margin: .2rem 0 1rem; }
.subnav a[aria-current="page"] { color: var(--ink); font-weight: 700; text-decoration: none; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/**
 * Progressive enhancement only: every form works without it. It adds (1) upload progress for file forms, sent
 * with XMLHttpRequest so the browser reports bytes sent, and (2) instant filtering of findings and of lists that
 * carry `data-filter-list`, without a round trip.
 */
const SCRIPT = `
(function () {
  "use strict";
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.XMLHttpRequest || !window.FormData) return;
      event.preventDefault();
      var progress = form.querySelector("progress");
      var status = form.querySelector("[data-upload-status]");
      var button = form.querySelector("button[type=submit]");
      if (progress) { progress.hidden = false; progress.value = 0; }
      if (button) button.disabled = true;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) return;
        var pct = Math.round((e.loaded / e.total) * 100);
        if (progress) progress.value = pct;
        if (status) status.textContent = "Uploading: " + pct + "%";
      });
      xhr.upload.addEventListener("load", function () { if (status) status.textContent = "Uploaded; checking the file…"; });
      xhr.addEventListener("load", function () {
        if (xhr.status >= 200 && xhr.status < 300 && xhr.responseURL && xhr.responseURL !== form.action) {
          window.location.assign(xhr.responseURL);
          return;
        }
        var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
        var main = doc.querySelector("main");
        if (main) { document.querySelector("main").replaceWith(main); document.title = doc.title; }
        else window.location.reload();
      });
      xhr.addEventListener("error", function () {
        if (status) status.textContent = "The upload failed: the connection was lost.";
        if (button) button.disabled = false;
      });
      xhr.send(new FormData(form));
    });
  });

  var filterForm = document.querySelector("form[data-findings-filter]");
  if (filterForm) {
    var apply = function () {
      var wanted = {};
      filterForm.querySelectorAll("select").forEach(function (s) { wanted[s.name] = s.value; });
      var shown = 0;
      document.querySelectorAll("article.finding").forEach(function (f) {
        var ok = Object.keys(wanted).every(function (k) { return !wanted[k] || f.getAttribute("data-" + k) === wanted[k]; });
        f.hidden = !ok;
        if (ok) shown++;
      });
      var out = document.querySelector("[data-findings-count]");
      if (out) out.textContent = shown + " finding" + (shown === 1 ? "" : "s") + " shown";
    };
    filterForm.querySelectorAll("select").forEach(function (s) { s.addEventListener("change", apply); });
  }

  document.querySelectorAll("input[data-filter-list]").forEach(function (input) {
    var items = document.querySelectorAll(input.getAttribute("data-filter-list"));
    input.addEventListener("input", function () {
      var q = input.value.toLowerCase();
      items.forEach(function (item) {
        item.hidden = (item.getAttribute("data-search") || item.textContent).toLowerCase().indexOf(q) < 0;
      });
    });
  });
})();
`;

function asset(body: string, type: string) {
  const hash = createHash("sha256").update(body, "utf8").digest("hex").slice(0, 12);
  return { body, type, hash, etag: `"${hash}"` };
}

export const ASSETS = {
  css: asset(STYLESHEET, "text/css; charset=utf-8"),
  js: asset(SCRIPT, "text/javascript; charset=utf-8"),
} as const;

export const STYLESHEET_PATH = `/assets/app.${ASSETS.css.hash}.css`;
export const SCRIPT_PATH = `/assets/app.${ASSETS.js.hash}.js`;
