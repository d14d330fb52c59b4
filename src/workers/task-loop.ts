/**
 * The task loop of one worker (a thread or a forked process): runs SBOM ingestion and assessments sent by the
 * pool. A worker is an entry point of its own, like the CLI, so it talks to its parent directly.
 */
import process from "node:process";
import { parentPort, Worker } from "node:worker_threads";
import type { WorkerRequest, WorkerResponse } from "./pool.js";
import {
  type AssessJob,
  type ReadAssessRequestTask,
  runAssessJob,
  runReadAssessRequestTask,
  runStagedSubmitTask,
  runSubmitTask,
  type StagedSubmitTask,
  type SubmitTask,
  setOrphanCheck,
} from "./tasks.js";

async function handle(request: WorkerRequest): Promise<WorkerResponse> {
  try {
    if (request.kind === "submit-sbom") {
      return { id: request.id, ok: true, result: await runSubmitTask(request.payload as SubmitTask) };
    }
    if (request.kind === "submit-staged-sbom") {
      return { id: request.id, ok: true, result: await runStagedSubmitTask(request.payload as StagedSubmitTask) };
    }
    if (request.kind === "assess") {
      return { id: request.id, ok: true, result: await runAssessJob(request.payload as AssessJob) };
    }
    if (request.kind === "read-assess-request") {
      return { id: request.id, ok: true, result: runReadAssessRequestTask(request.payload as ReadAssessRequestTask) };
    }
    return { id: request.id, ok: false, error: `unknown task kind ${request.kind}` };
  } catch (error) {
    return {
      id: request.id,
      ok: false,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
}

if (parentPort) {
  const port = parentPort;
  port.on("message", async (request: WorkerRequest) => port.postMessage(await handle(request)));
} else if (process.send) {
  const send = process.send.bind(process);
  // A SIGKILLed parent leaves this process to be re-parented (to init or a subreaper): the parent id changes
  // at once, even while this process is busy and has not yet seen the IPC channel close.
  const parent = process.ppid;
  setOrphanCheck(() => process.ppid !== parent || !process.connected);
  process.on("message", async (request: WorkerRequest) => {
    send(await handle(request));
  });
  // The parent is gone (it exited or was killed): nothing will ever read our answers.
  process.on("disconnect", () => process.exit(0));
  // The main thread may be inside seconds of synchronous validation, so a watchdog THREAD checks the parent and
  // ends the whole process when it is gone; SQLite rolls back whatever transaction that cuts short.
  const watchdog = new Worker(
    `const { workerData } = require("node:worker_threads");
     setInterval(() => { if (process.ppid !== workerData.parent) process.kill(process.pid, "SIGKILL"); }, 100);`,
    { eval: true, workerData: { parent } },
  );
  watchdog.unref();
} else {
  throw new Error("task-loop.ts must run in a worker thread or a forked process");
}
