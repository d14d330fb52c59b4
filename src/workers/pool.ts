/**
 * A small worker-thread pool. ajv, libxmljs2 and the rules engine are synchronous: a 50k-component SBOM keeps a
 * thread busy for a second or more, so the HTTP service hands that work to workers and its event loop keeps
 * answering small requests (stack-notes: "large uploads block the event loop unless validation runs in a
 * worker_threads pool").
 *
 * Workers start from a plain .js file that registers tsx and then imports the TypeScript task module: a worker
 * thread does not inherit the parent's module hooks, and the project has no build step.
 */
import { Worker } from "node:worker_threads";

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

interface Slot {
  worker: Worker;
  job: Job | null;
}

export class WorkerPool {
  readonly #entry: URL;
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  #nextId = 1;
  #closing = false;

  constructor(entry: URL, size: number) {
    this.#entry = entry;
    for (let i = 0; i < Math.max(1, Math.trunc(size)); i++) this.#slots.push(this.#spawn());
  }

  get size(): number {
    return this.#slots.length;
  }

  /** Jobs waiting for a free worker (not counting those running). */
  get queued(): number {
    return this.#queue.length;
  }

  run<T>(kind: string, payload: unknown): Promise<T> {
    if (this.#closing) return Promise.reject(new Error("worker pool is closed"));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ request: { id: this.#nextId++, kind, payload }, resolve: resolve as (v: unknown) => void, reject });
      this.#dispatch();
    });
  }

  /** Lets the running jobs finish, rejects the queued ones, then stops every worker. */
  async close(): Promise<void> {
    this.#closing = true;
    for (const job of this.#queue.splice(0)) job.reject(new Error("worker pool is closing"));
    await Promise.all(
      this.#slots.map(
        (slot) =>
          new Promise<void>((resolve) => {
            const finish = () => void slot.worker.terminate().then(() => resolve());
            if (!slot.job) return finish();
            const job = slot.job;
            const { resolve: done, reject } = job;
            job.resolve = (v) => {
              done(v);
              finish();
            };
            job.reject = (e) => {
              reject(e);
              finish();
            };
          }),
      ),
    );
  }

  #spawn(): Slot {
    const worker = new Worker(this.#entry);
    const slot: Slot = { worker, job: null };
    worker.on("message", (message: WorkerResponse) => {
      const job = slot.job;
      slot.job = null;
      if (job && job.request.id === message.id) {
        if (message.ok) job.resolve(message.result);
        else job.reject(new Error(message.error));
      }
      this.#dispatch();
    });
    worker.on("error", (error) => this.#fail(slot, error));
    worker.on("exit", (code) => {
      if (!this.#closing) this.#fail(slot, new Error(`worker exited with code ${code}`));
    });
    // An idle pool must not keep the process alive on its own.
    worker.unref();
    return slot;
  }

  #fail(slot: Slot, error: Error): void {
    const job = slot.job;
    slot.job = null;
    job?.reject(error);
    if (this.#closing) return;
    const index = this.#slots.indexOf(slot);
    if (index >= 0) {
      void slot.worker.terminate();
      this.#slots[index] = this.#spawn();
    }
    this.#dispatch();
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (slot.job) continue;
      const job = this.#queue.shift();
      if (!job) return;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage(job.request);
    }
    for (const slot of this.#slots) if (!slot.job) slot.worker.unref();
  }
}
