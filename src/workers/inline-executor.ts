import type { Repositories } from "../db/port.js";
import { readAssessJsonRequest } from "../services/assess-request.js";
import { storeIngestedSbom } from "../services/ingest-sbom.js";
import type { AssessTask, JobExecutor } from "../services/job-executor.js";
import { runAssessTask, runIngestTask } from "./tasks.js";

/**
 * Runs the heavy steps on the calling thread (CLI commands, `app.request` tests), storing through the given
 * repositories and matching against their advisory store. Without repositories it can assess but not store.
 */
export function createInlineExecutor(repos?: Repositories): JobExecutor {
  return {
    submitSbom: async (bytes, request) => {
      if (!repos) throw new Error("createInlineExecutor: submitting an SBOM needs repositories");
      return storeIngestedSbom(repos, request, runIngestTask(bytes));
    },
    assess: (task: AssessTask) => runAssessTask(task, repos?.advisories),
    readAssessRequest: async (bytes, today) => readAssessJsonRequest(bytes, today),
    close: async () => {},
  };
}
