// Module loader hooks (run on the loader's own thread): append the URL of every module the process loads to the
// file named by the register module, one per line, synchronously, so the list is complete when the process ends.
import { appendFileSync } from "node:fs";

let logFile;

export function initialize(data) {
  logFile = data.logFile;
}

export async function load(url, context, nextLoad) {
  appendFileSync(logFile, `${url}\n`);
  return nextLoad(url, context);
}
