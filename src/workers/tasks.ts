/**
 * The heavy tasks themselves, synchronous and free of I/O: the same functions run inside a worker thread (the
 * service) or inline (CLI, tests). Results are plain data, cheap to post between threads: the ingest task keeps
 * only what the service stores per component instead of the whole normalized model.
 */
import type { Repositories, StoredComponent } from "../db/port.js";
import { openSqlite } from "../db/sqlite/open.js";
import { createSqliteRepositories } from "../db/sqlite/repository.js";
import { ingestSbomBytes } from "../sbom/ingest.js";
import type { Component } from "../sbom/model.js";
import { type AssessContext, assessProduct, createAssessContext } from "../services/assess.js";
import type {
  AssessOutcome,
  AssessTask,
  SbomIngestOutcome,
  SbomStoreRequest,
  SbomSubmitOutcome,
} from "../services/heavy-work.js";
import { storeIngestedSbom } from "../services/ingest-sbom.js";

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

export async function runAssessTask(task: AssessTask): Promise<AssessOutcome> {
  assessContext ??= await createAssessContext();
  // The rules engine evaluates asynchronously, so the assessment is awaited even though its steps are CPU-bound.
  const result = await assessProduct({ ctx: assessContext, input: task });
  if (!result.ok) return { ok: false, issues: result.issues, omitted: result.omitted };
  return { ok: true, reports: result.reports, verdict: result.verdict };
}

export interface SubmitTask {
  bytes: Uint8Array;
  request: SbomStoreRequest;
  /** The database file the worker stores into (the server's, opened again here; WAL allows both). */
  database: string;
}

// One connection per database per worker, opened at first use. Migrations are the server's job at start.
const repositories = new Map<string, Repositories>();

export async function runSubmitTask(task: SubmitTask): Promise<SbomSubmitOutcome> {
  let repos = repositories.get(task.database);
  if (!repos) {
    repos = createSqliteRepositories(openSqlite(task.database, { migrate: false }));
    repositories.set(task.database, repos);
  }
  return storeIngestedSbom(repos, task.request, runIngestTask(task.bytes));
}
