/**
 * The heavy tasks themselves, synchronous and free of I/O: the same functions run inside a worker thread (the
 * service) or inline (CLI, tests). Results are plain data, cheap to post between threads: the ingest task keeps
 * only what the service stores per component instead of the whole normalized model.
 */

import { type OpenedDatabase, openDatabase } from "../db/open.js";
import type { AdvisoryStore, StoredComponent } from "../db/port.js";
import type { VulnerabilityMatch } from "../domain/vulnerability-match.js";
import { ingestSbomBytes } from "../sbom/ingest.js";
import type { Component } from "../sbom/model.js";
import { type AssessContext, assessProduct, createAssessContext } from "../services/assess.js";
import { type AssessRequestRead, readAssessJsonRequest } from "../services/assess-request.js";
import { storeIngestedSbom } from "../services/ingest-sbom.js";
import type {
  AssessOutcome,
  AssessTask,
  SbomIngestOutcome,
  SbomStoreRequest,
  SbomSubmitOutcome,
} from "../services/job-executor.js";
import { matchVulnerabilities } from "../services/match-vulnerabilities.js";
import { readJobInput } from "./job-input.js";

export function storedComponent(component: Component, ordinal: number): StoredComponent {
  return {
    ordinal,
    bomRef: component.bomRef,
    type: component.type,
    name: component.name,
    version: component.version ?? null,
    group: component.group ?? null,
    purl: component.purl?.raw ?? null,
    licenses: component.licenses.map((license) => license.value),
  };
}

export function runIngestTask(bytes: Uint8Array): SbomIngestOutcome {
  const result = ingestSbomBytes(bytes);
  if (!result.ok) return { ok: false, issues: result.issues, omitted: result.omitted };
  const { sbom } = result;
  return {
    ok: true,
    standard: result.standard,
    format: result.format,
    specVersion: result.specVersion,
    sha256: result.sha256,
    sizeBytes: bytes.byteLength,
    raw: bytes,
    componentCount: sbom.components.length,
    components: sbom.components.map(storedComponent),
    rootName: sbom.root?.name ?? null,
    rootVersion: sbom.root?.version ?? null,
    warnings: result.warnings,
  };
}

// Built once per thread: catalogs and rules are loaded and checked at first use.
let assessContext: AssessContext | undefined;

/**
 * Runs one assessment. With an advisory store (the service's database), the SBOM's components are first matched
 * against the advisories imported there ("the server and --db FILE use what was imported"), so
 * Annex I Part I (2)(a) sees known vulnerabilities; an empty store costs one count query.
 */
export async function runAssessTask(task: AssessTask, advisories?: AdvisoryStore): Promise<AssessOutcome> {
  assessContext ??= await createAssessContext();
  let vulnerabilityMatches: VulnerabilityMatch[] | undefined;
  if (advisories && task.sbom) {
    const counts = await advisories.counts();
    if (counts.advisory + counts.kev + counts.vex > 0) {
      const ingested = ingestSbomBytes(task.sbom.bytes);
      // An invalid SBOM gets no matches here; the assessment itself reports it with located issues.
      if (ingested.ok)
        vulnerabilityMatches = await matchVulnerabilities({
          ctx: { store: advisories },
          input: { sbom: ingested.sbom, ...(task.recordedVex ? { recorded: task.recordedVex } : {}) },
        });
    }
  }
  // The rules engine evaluates asynchronously, so the assessment is awaited even though its steps are CPU-bound.
  const { recordedVex: _applied, ...assessInput } = task;
  const result = await assessProduct({
    ctx: assessContext,
    input: { ...assessInput, ...(vulnerabilityMatches ? { vulnerabilityMatches } : {}) },
  });
  if (!result.ok) return { ok: false, issues: result.issues, omitted: result.omitted };
  return { ok: true, reports: result.reports, verdict: result.verdict };
}

export interface SubmitTask {
  bytes: Uint8Array;
  request: SbomStoreRequest;
  /** The database the worker stores into: the server's file (opened again here; WAL allows both) or URL. */
  database: string;
}

// One connection per database per worker, opened at first use. Migrations are the server's job at start.
const connections = new Map<string, Promise<OpenedDatabase>>();

function connectionTo(target: string): Promise<OpenedDatabase> {
  let connection = connections.get(target);
  if (!connection) {
    connection = openDatabase(target, { migrate: false, poolSize: 2 });
    // A failed open is not kept: the next task tries again.
    connection.catch(() => connections.delete(target));
    connections.set(target, connection);
  }
  return connection;
}

let orphaned: () => boolean = () => false;

/**
 * How a worker process tells that the server which asked for the work is gone. A SIGKILLed parent cannot take
 * its children along, and the IPC disconnect is only noticed once the synchronous validation has finished, so
 * the worker asks right before it writes: an upload whose client saw a reset must not be committed afterwards.
 */
export function setOrphanCheck(check: () => boolean): void {
  orphaned = check;
}

export async function runSubmitTask(task: SubmitTask): Promise<SbomSubmitOutcome> {
  const ingested = runIngestTask(task.bytes);
  const { repos } = await connectionTo(task.database);
  if (orphaned()) throw new Error("the server that sent this SBOM is gone; not storing it");
  return storeIngestedSbom(repos, task.request, ingested);
}

/** One attempt of a queued SBOM upload (PostgreSQL): the bytes wait in the job input table under the record id. */
export interface StagedSubmitTask {
  request: SbomStoreRequest;
  /** The PostgreSQL URL holding the job input and the repositories. */
  database: string;
}

export async function runStagedSubmitTask(task: StagedSubmitTask): Promise<SbomSubmitOutcome> {
  const id = task.request.record.id;
  const { repos } = await connectionTo(task.database);
  const bytes = await readJobInput(task.database, id);
  if (!bytes) {
    // The input goes once the job has ended; an attempt after that can only follow one that stored the SBOM and
    // whose instance died before the job was marked done.
    const stored = await repos.sboms.get(task.request.scope, id);
    if (stored) return { ok: true, sbom: stored, warnings: [], replayed: false };
    throw new Error(`the uploaded bytes of queued SBOM ${id} are gone`);
  }
  const ingested = runIngestTask(bytes);
  // The job outlives this worker's server: another instance retries it, so an orphan stores nothing.
  if (orphaned()) throw new Error("the server that ran this job is gone; not storing it");
  return storeIngestedSbom(repos, task.request, ingested);
}

export interface AssessJob {
  task: AssessTask;
  /** The service's database, whose imported advisories the assessment matches against. */
  database: string;
}

export async function runAssessJob(job: AssessJob): Promise<AssessOutcome> {
  return runAssessTask(job.task, (await connectionTo(job.database)).repos.advisories);
}

export interface ReadAssessRequestTask {
  bytes: Uint8Array;
  today: string;
}

export function runReadAssessRequestTask(task: ReadAssessRequestTask): AssessRequestRead {
  return readAssessJsonRequest(task.bytes, task.today);
}
