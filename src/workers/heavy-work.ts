/** Both executors of the heavy work, for callers that want either. Importing this module loads the task code. */
export { createInlineWork } from "./inline.js";
export { createWorkerPoolWork } from "./pool-work.js";
