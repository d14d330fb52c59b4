/** The task loop of one worker thread: runs SBOM ingestion and assessments sent by the pool. */
import { parentPort } from "node:worker_threads";
import type { AssessTask } from "../services/heavy-work.js";
import type { WorkerRequest, WorkerResponse } from "./pool.js";
import { runAssessTask, runIngestTask } from "./tasks.js";

const port = parentPort;
if (!port) throw new Error("heavy-work.worker-main.ts must run in a worker thread");

port.on("message", async (request: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    const result =
      request.kind === "ingest"
        ? runIngestTask(request.payload as Uint8Array)
        : request.kind === "assess"
          ? await runAssessTask(request.payload as AssessTask)
          : (() => {
              throw new Error(`unknown task kind ${request.kind}`);
            })();
    response = { id: request.id, ok: true, result };
  } catch (error) {
    response = { id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(response);
});
