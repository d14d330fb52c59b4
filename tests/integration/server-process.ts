/** Runs the real CLI `serve` as a child process on port 0 and a real database file. */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { REPO } from "./helpers.js";

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** With `viaNpm`, the server is started the way the README says: `npm start -- …`; `env` adds variables. */
export async function spawnServer(
  db: string,
  extraArgs: string[] = [],
  options: { viaNpm?: boolean; env?: Record<string, string> } = {},
): Promise<ServerProcess> {
  const args = ["--port", "0", "--host", "127.0.0.1", "--db", db, ...extraArgs];
  const child = spawn(
    options.viaNpm ? "npm" : process.execPath,
    options.viaNpm ? ["start", "--silent", "--", ...args] : [join(REPO, "bin/cra-assessor.js"), "serve", ...args],
    {
      cwd: REPO,
      env: { ...process.env, CRA_ASSESSOR_WORKERS: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  let err = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    err += chunk.toString("utf8");
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 50);
    void exited.then(({ code, signal }) => {
      clearInterval(timer);
      reject(new Error(`server exited early (${code ?? signal}): ${err}`));
    });
  });
  return { child, url, stdout: () => out, stderr: () => err, exited };
}
