/**
 * A small pool of workers for the CPU-heavy steps. ajv, libxmljs2 and the rules engine are synchronous: a
 * 50k-component SBOM keeps a thread busy for a second or more, so the HTTP service hands that work to workers and
 * its event loop keeps answering small requests.
 *
 * Two kinds of worker speak the same protocol:
 * - `process` (the service's default): a forked Node process per worker. Reason, reproduced on this machine:
 *   libxmljs2 0.35 is not a context-aware addon — it loads in ONE thread per process only ("Module did not
 *   self-register" in any second thread), and the CLI's main thread has already loaded it through the assess
 *   command. Processes also keep a native crash on a hostile XML document away from the server. IPC uses the
 *   V8 serializer, so bytes travel as Uint8Array.
 * - `thread`: worker_threads, cheaper to start and without the copy of the body. Usable only in a process whose
 *   other threads never load libxmljs2, with a pool of one; kept for embedders in that situation.
 *
 * The entry URL names the worker's first module (see pool-executor.ts: the compiled task loop, or a tsx shim when
 * running from the sources).
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

export type WorkerKind = "thread" | "process";

const MAX_CONSECUTIVE_LOSSES = 3;

export interface WorkerRequest {
  id: number;
  kind: string;
  payload: unknown;
}

export type WorkerResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

interface Job {
  request: WorkerRequest;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** The little the pool needs from a thread or a process. */
interface WorkerHandle {
  /** The process id of a process worker (undefined for threads). */
  readonly pid: number | undefined;
  post(message: WorkerRequest): void;
  onMessage(listener: (message: WorkerResponse) => void): void;
  onExit(listener: (reason: string) => void): void;
  stop(): Promise<void>;
  ref(): void;
  unref(): void;
}

function threadWorker(entry: URL): WorkerHandle {
  const worker = new Worker(entry);
  return {
    pid: undefined,
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on("message", listener),
    onExit: (listener) => {
      worker.on("error", (error) => listener(error.message));
      worker.on("exit", (code) => listener(`worker thread exited with code ${code}`));
    },
    stop: async () => {
      await worker.terminate();
    },
    ref: () => worker.ref(),
    unref: () => worker.unref(),
  };
}

function processWorker(entry: URL): WorkerHandle {
  const child: ChildProcess = fork(fileURLToPath(entry), [], {
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    execArgv: [],
  });
  const channel = () => child.channel as { ref(): void; unref(): void } | undefined;
  return {
    pid: child.pid,
    post: (message) => child.send(message),
    onMessage: (listener) => child.on("message", (message) => listener(message as WorkerResponse)),
    onExit: (listener) => {
      child.on("error", (error) => listener(error.message));
      child.on("exit", (code, signal) => listener(`worker process exited (${signal ?? code})`));
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
    ref: () => {
      child.ref();
      channel()?.ref();
    },
    unref: () => {
      child.unref();
      channel()?.unref();
    },
  };
}

interface Slot {
  handle: WorkerHandle;
  job: Job | null;
  dead: boolean;
}

export class WorkerPool {
  readonly #entry: URL;
  readonly #kind: WorkerKind;
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  #nextId = 1;
  #closing = false;
  /** Workers lost in a row without an answer in between; past the limit the pool stops respawning. */
  #consecutiveLosses = 0;
  #broken: string | null = null;
  readonly #idleWaiters: (() => void)[] = [];

  constructor(entry: URL, size: number, kind: WorkerKind = "process") {
    this.#entry = entry;
    this.#kind = kind;
    for (let i = 0; i < Math.max(1, Math.trunc(size)); i++) this.#slots.push(this.#spawn());
  }

  get size(): number {
    return this.#slots.length;
  }

  get kind(): WorkerKind {
    return this.#kind;
  }

  /** The process ids of live process workers (none for threads): for operators and tests. */
  get pids(): number[] {
    return this.#slots.flatMap((slot) => (!slot.dead && slot.handle.pid !== undefined ? [slot.handle.pid] : []));
  }

  /** Jobs waiting for a free worker (not counting those running). */
  get queued(): number {
    return this.#queue.length;
  }

  run<T>(kind: string, payload: unknown): Promise<T> {
    if (this.#closing) return Promise.reject(new Error("worker pool is closed"));
    if (this.#broken) return Promise.reject(new Error(`worker pool is broken: ${this.#broken}`));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({
        request: { id: this.#nextId++, kind, payload },
        resolve: resolve as (v: unknown) => void,
        reject,
      });
      this.#dispatch();
    });
  }

  /**
   * Stops taking jobs, finishes every job already accepted (running or queued: they are requests in flight),
   * then stops the workers.
   */
  async close(): Promise<void> {
    this.#closing = true;
    while (this.#queue.length > 0 || this.#slots.some((slot) => slot.job)) {
      if (this.#broken) break;
      await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
    }
    await Promise.all(
      this.#slots.map(async (slot) => {
        slot.dead = true;
        // Keep the process alive until the worker has really gone: an unref'd handle would let the event loop
        // empty (and Node exit with "unsettled top-level await") while we wait for its exit.
        slot.handle.ref();
        await slot.handle.stop();
      }),
    );
  }

  #jobSettled(): void {
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #spawn(): Slot {
    const handle = this.#kind === "thread" ? threadWorker(this.#entry) : processWorker(this.#entry);
    const slot: Slot = { handle, job: null, dead: false };
    handle.onMessage((message) => {
      const job = slot.job;
      if (!job || job.request.id !== message.id) return;
      slot.job = null;
      this.#consecutiveLosses = 0;
      if (message.ok) job.resolve(message.result);
      else job.reject(new Error(message.error));
      this.#dispatch();
      this.#jobSettled();
    });
    handle.onExit((reason) => this.#lost(slot, reason));
    // An idle pool must not keep the process alive on its own.
    handle.unref();
    return slot;
  }

  /** A worker died (crash, out of memory, killed): fail its job, replace it, carry on. */
  #lost(slot: Slot, reason: string): void {
    if (slot.dead) return;
    slot.dead = true;
    const job = slot.job;
    slot.job = null;
    job?.reject(new Error(reason));
    void slot.handle.stop();
    // A worker that cannot even start (a broken install, an addon that will not load) would otherwise be
    // respawned in a tight loop: give up after a few losses in a row and fail fast instead.
    if (++this.#consecutiveLosses >= MAX_CONSECUTIVE_LOSSES) {
      this.#broken = reason;
      for (const queued of this.#queue.splice(0)) queued.reject(new Error(`worker pool is broken: ${reason}`));
      this.#jobSettled();
      return;
    }
    const index = this.#slots.indexOf(slot);
    if (index >= 0) this.#slots[index] = this.#spawn();
    this.#dispatch();
    this.#jobSettled();
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (slot.job || slot.dead) continue;
      const job = this.#queue.shift();
      if (!job) break;
      slot.job = job;
      slot.handle.ref();
      slot.handle.post(job.request);
    }
    for (const slot of this.#slots) if (!slot.job && !slot.dead) slot.handle.unref();
  }
}
