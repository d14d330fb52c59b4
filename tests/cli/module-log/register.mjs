// `node --import ./register.mjs …`: records which modules a process loads, into the file named by CRA_MODULE_LOG.
// ES modules (and the CommonJS packages they import) through loader hooks; modules that CommonJS code require()s
// itself do not pass the hooks, so the CommonJS cache is added when the process exits.
import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
import { pathToFileURL } from "node:url";

const logFile = process.env.CRA_MODULE_LOG;
if (!logFile) throw new Error("CRA_MODULE_LOG names no file");
register(new URL("./hooks.mjs", import.meta.url), { data: { logFile } });
const requireCache = createRequire(import.meta.url).cache;
process.on("exit", () => {
  const urls = Object.keys(requireCache).map((path) => pathToFileURL(path).href);
  if (urls.length > 0) appendFileSync(logFile, `${urls.join("\n")}\n`);
});
