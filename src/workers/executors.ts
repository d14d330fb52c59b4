/** Both job executors (inline and worker pool), for callers that want either. Importing this module loads the task code. */
export { createInlineExecutor } from "./inline-executor.js";
export { createPoolExecutor } from "./pool-executor.js";
