/**
 * The contract every implementation of the repository port must keep (Auth.js adapter habit: one suite, run
 * against each dialect). tests/contract/sqlite.test.ts runs it on SQLite; a PostgreSQL implementation runs the
 * same function with its own factory.
 */
import { describe, expect, it } from "vitest";
import type { Advisory } from "../../src/advisories/model.js";
import type { Repositories, SbomRecord, StoredComponent, StoredRecord, TenantScope } from "../../src/db/port.js";
import type { Art14Event } from "../../src/domain/art14.js";
import { type AuditDraft, verifyAuditChain } from "../../src/domain/audit-chain.js";

export interface ContractHarness {
  repos: Repositories;
  close(): Promise<void>;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}_${process.pid}_${Date.now().toString(36)}_${++counter}`;
const at = (n: number) => new Date(Date.UTC(2027, 0, 1, 0, 0, n)).toISOString();
const audit = (action: string, subjectId: string, organizationId: string | null = null): AuditDraft => ({
  at: at(0),
  organizationId,
  actor: "test",
  action,
  subjectType: action.split(".")[0]!,
  subjectId,
  details: { note: "contract" },
});

async function seedTwoOrganizations(repos: Repositories) {
  const a = { id: unique("org"), slug: unique("a").toLowerCase().replaceAll("_", "-"), name: "A", createdAt: at(1) };
  const b = { id: unique("org"), slug: unique("b").toLowerCase().replaceAll("_", "-"), name: "B", createdAt: at(2) };
  await repos.organizations.create(a, audit("organization.created", a.id, a.id));
  await repos.organizations.create(b, audit("organization.created", b.id, b.id));
  const product = (orgId: string, name: string, n: number, productClass: string | null = null) => ({
    id: unique("prd"),
    organizationId: orgId,
    name,
    productClass,
    description: null,
    createdAt: at(n),
  });
  const pa1 = product(a.id, "Alpha Hub", 3, "CRA-DEFAULT");
  const pa2 = product(a.id, "Alpha Router", 4, "CRA-AIII-C1-12");
  const pb1 = product(b.id, "Beta Camera", 5);
  for (const p of [pa1, pa2, pb1]) {
    const created = await repos.products.create(
      { kind: "organization", organizationId: p.organizationId },
      p,
      audit("product.created", p.id, p.organizationId),
    );
    expect(created?.id).toBe(p.id);
  }
  return { a, b, pa1, pa2, pb1 };
}

const components = (n: number): StoredComponent[] =>
  Array.from({ length: n }, (_, i) => ({
    ordinal: i,
    bomRef: `c${i}`,
    type: "library",
    name: `lib-${i}`,
    version: `1.${i}.0`,
    group: i % 2 ? "org.example" : null,
    purl: `pkg:npm/lib-${i}@1.${i}.0`,
    licenses: i % 3 ? ["MIT"] : [],
  }));

function sbomRecord(product: { id: string; organizationId: string }, sha256: string, n: number): SbomRecord {
  return {
    id: unique("sbm"),
    productId: product.id,
    organizationId: product.organizationId,
    sha256,
    mediaType: "application/vnd.cyclonedx+json",
    sizeBytes: 12,
    format: "json",
    specVersion: "1.6",
    componentCount: n,
    productVersion: "2.0.0",
    createdAt: at(10 + n),
  };
}

export function repositoryContract(name: string, open: () => Promise<ContractHarness>): void {
  describe(`repository port contract: ${name}`, () => {
    it("keeps organisations unique by slug and finds them by id and slug", async () => {
      const { repos, close } = await open();
      try {
        const { a } = await seedTwoOrganizations(repos);
        expect(await repos.organizations.findById(a.id)).toEqual(a);
        expect(await repos.organizations.findBySlug(a.slug)).toEqual(a);
        expect(await repos.organizations.findById("org_missing")).toBeNull();
        await expect(
          repos.organizations.create({ ...a, id: unique("org") }, audit("organization.created", "x")),
        ).rejects.toThrow();
      } finally {
        await close();
      }
    });

    it("confines products to their organisation, and ci scopes to named products", async () => {
      const { repos, close } = await open();
      try {
        const { a, b, pa1, pa2, pb1 } = await seedTwoOrganizations(repos);
        const scopeA: TenantScope = { kind: "organization", organizationId: a.id };
        const ciA: TenantScope = { kind: "organization", organizationId: a.id, productIds: [pa1.id] };
        expect(await repos.products.get(scopeA, pa1.id)).toMatchObject({ id: pa1.id });
        expect(await repos.products.get(scopeA, pb1.id)).toBeNull();
        expect(await repos.products.get(ciA, pa2.id)).toBeNull();
        expect(await repos.products.get({ kind: "all" }, pb1.id)).toMatchObject({ id: pb1.id });
        const listA = await repos.products.list(scopeA, {}, { limit: 10, offset: 0 });
        expect(listA.items.map((p) => p.id)).toEqual([pa2.id, pa1.id]);
        expect(listA.total).toBe(2);
        expect((await repos.products.list(ciA, {}, { limit: 10, offset: 0 })).items.map((p) => p.id)).toEqual([pa1.id]);
        expect(
          (await repos.products.list(scopeA, { productClass: "CRA-AIII-C1-12" }, { limit: 10, offset: 0 })).total,
        ).toBe(1);
        expect(
          (await repos.products.list(scopeA, { nameContains: "hub" }, { limit: 10, offset: 0 })).items[0]?.id,
        ).toBe(pa1.id);
        const page = await repos.products.list(scopeA, {}, { limit: 1, offset: 1 });
        expect(page).toMatchObject({ total: 2, limit: 1, offset: 1 });
        expect(page.items.map((p) => p.id)).toEqual([pa1.id]);
        // Writing a product into another organisation's scope is refused.
        expect(
          await repos.products.create(
            scopeA,
            { ...pb1, id: unique("prd"), organizationId: b.id },
            audit("product.created", "x"),
          ),
        ).toBeNull();
      } finally {
        await close();
      }
    });

    it("stores an SBOM with its raw bytes, components and version atomically, content-addressed", async () => {
      const { repos, close } = await open();
      try {
        const { a, pa1, pb1 } = await seedTwoOrganizations(repos);
        const scopeA: TenantScope = { kind: "organization", organizationId: a.id };
        const raw = new TextEncoder().encode('{"bomFormat":"CycloneDX"}');
        const first = sbomRecord(pa1, "a".repeat(64), 3);
        expect(
          await repos.sboms.store(
            scopeA,
            { record: first, raw, components: components(3) },
            audit("sbom.submitted", first.id),
          ),
        ).toEqual(first);
        // The same bytes again: a second record, one blob.
        const second = { ...sbomRecord(pa1, "a".repeat(64), 3), createdAt: at(40) };
        await repos.sboms.store(
          scopeA,
          { record: second, raw, components: components(3) },
          audit("sbom.submitted", second.id),
        );
        expect((await repos.sboms.latestForProduct(scopeA, pa1.id))?.id).toBe(second.id);
        expect(await repos.sboms.raw(scopeA, first.id)).toEqual({
          mediaType: "application/vnd.cyclonedx+json",
          content: raw,
        });
        const page = await repos.sboms.components(scopeA, first.id, { limit: 2, offset: 1 });
        expect(page?.total).toBe(3);
        expect(page?.items.map((c) => c.bomRef)).toEqual(["c1", "c2"]);
        expect(page?.items[0]).toEqual(components(3)[1]);
        expect(await repos.products.versions(scopeA, pa1.id)).toEqual([
          { productId: pa1.id, version: "2.0.0", createdAt: first.createdAt },
        ]);
        // Out of scope: another organisation's product cannot receive or read it.
        const foreign = sbomRecord(pb1, "b".repeat(64), 1);
        expect(
          await repos.sboms.store(
            scopeA,
            { record: foreign, raw, components: [] },
            audit("sbom.submitted", foreign.id),
          ),
        ).toBeNull();
        expect(
          await repos.sboms.get({ kind: "organization", organizationId: pb1.organizationId }, first.id),
        ).toBeNull();
        // A failing write leaves nothing: duplicate ordinals break the component insert mid-way.
        const broken = sbomRecord(pa1, "c".repeat(64), 2);
        const duplicated = [...components(2), components(2)[1]!];
        await expect(
          repos.sboms.store(
            scopeA,
            { record: broken, raw, components: duplicated },
            audit("sbom.submitted", broken.id),
          ),
        ).rejects.toThrow();
        expect(await repos.sboms.get(scopeA, broken.id)).toBeNull();
        expect(await repos.sboms.components(scopeA, broken.id, { limit: 10, offset: 0 })).toBeNull();
        const { records } = await repos.audit.chain();
        expect(records.some((r) => r.subjectId === broken.id)).toBe(false);
      } finally {
        await close();
      }
    });

    it("stores an upload once per Idempotency-Key and product, even when retries race", async () => {
      const { repos, close } = await open();
      try {
        const { a, b, pa1, pa2, pb1 } = await seedTwoOrganizations(repos);
        const scopeA: TenantScope = { kind: "organization", organizationId: a.id };
        const raw = new TextEncoder().encode('{"bomFormat":"CycloneDX"}');
        const first = sbomRecord(pa1, "d".repeat(64), 2);
        expect(
          await repos.sboms.store(
            scopeA,
            { record: first, raw, components: components(2), idempotencyKey: "retry-1" },
            audit("sbom.submitted", first.id),
          ),
        ).toEqual(first);
        // Three retries at once with the same key: each gets the first record, none writes.
        const retries = [1, 2, 3].map(() => sbomRecord(pa1, "d".repeat(64), 2));
        const answers = await Promise.all(
          retries.map((r) =>
            repos.sboms.store(
              scopeA,
              { record: r, raw, components: components(2), idempotencyKey: "retry-1" },
              audit("sbom.submitted", r.id),
            ),
          ),
        );
        expect(answers.map((s) => s?.id)).toEqual([first.id, first.id, first.id]);
        expect((await repos.sboms.listForProduct(scopeA, pa1.id, { limit: 10, offset: 0 }))?.total).toBe(1);
        expect(await repos.sboms.findByIdempotencyKey(scopeA, pa1.id, "retry-1")).toEqual(first);
        const { records } = await repos.audit.chain();
        expect(records.filter((r) => r.action === "sbom.submitted").map((r) => r.subjectId)).toEqual([first.id]);
        // The key is per product: another product of the same organisation may use it for its own upload.
        const elsewhere = sbomRecord(pa2, "d".repeat(64), 2);
        expect(
          (
            await repos.sboms.store(
              scopeA,
              { record: elsewhere, raw, components: components(2), idempotencyKey: "retry-1" },
              audit("sbom.submitted", elsewhere.id),
            )
          )?.id,
        ).toBe(elsewhere.id);
        // Uploads without a key never collide; another tenant cannot find a key's record.
        for (const r of [sbomRecord(pa1, "e".repeat(64), 1), sbomRecord(pa1, "e".repeat(64), 1)]) {
          expect(
            (await repos.sboms.store(scopeA, { record: r, raw, components: [] }, audit("sbom.submitted", r.id)))?.id,
          ).toBe(r.id);
        }
        // One record id is applied once: a job attempted twice at once (no Idempotency-Key) stores one SBOM.
        const job = sbomRecord(pa2, "f".repeat(64), 2);
        const attempts = await Promise.all(
          [1, 2, 3].map(() =>
            repos.sboms.store(scopeA, { record: job, raw, components: components(2) }, audit("sbom.submitted", job.id)),
          ),
        );
        expect(attempts).toEqual([job, job, job]);
        expect((await repos.sboms.components(scopeA, job.id, { limit: 10, offset: 0 }))?.total).toBe(2);
        expect((await repos.audit.chain()).records.filter((r) => r.subjectId === job.id)).toHaveLength(1);
        const scopeB: TenantScope = { kind: "organization", organizationId: b.id };
        expect(await repos.sboms.findByIdempotencyKey(scopeB, pa1.id, "retry-1")).toBeNull();
        expect(await repos.sboms.findByIdempotencyKey(scopeB, pb1.id, "retry-1")).toBeNull();
      } finally {
        await close();
      }
    });

    it("versions declarations 1, 2, 3 per product", async () => {
      const { repos, close } = await open();
      try {
        const { a, pa1, pa2 } = await seedTwoOrganizations(repos);
        const scopeA: TenantScope = { kind: "organization", organizationId: a.id };
        const base = { organizationId: a.id, mediaType: "application/yaml", productVersion: null, createdAt: at(50) };
        const v1 = await repos.declarations.put(
          scopeA,
          { ...base, id: unique("dcl"), productId: pa1.id, sha256: "1".repeat(64), content: "one" },
          (v) => audit("declaration.put", `${pa1.id}/${v}`),
        );
        const v2 = await repos.declarations.put(
          scopeA,
          { ...base, id: unique("dcl"), productId: pa1.id, sha256: "2".repeat(64), content: "two" },
          (v) => audit("declaration.put", `${pa1.id}/${v}`),
        );
        const other = await repos.declarations.put(
          scopeA,
          { ...base, id: unique("dcl"), productId: pa2.id, sha256: "3".repeat(64), content: "three" },
          (v) => audit("declaration.put", `${pa2.id}/${v}`),
        );
        expect([v1?.version, v2?.version, other?.version]).toEqual([1, 2, 1]);
        expect((await repos.declarations.latest(scopeA, pa1.id))?.content).toBe("two");
        expect((await repos.declarations.get(scopeA, pa1.id, 1))?.content).toBe("one");
        expect(await repos.declarations.get(scopeA, pa1.id, 3)).toBeNull();
        expect(
          await repos.declarations.latest({ kind: "organization", organizationId: "org_other" }, pa1.id),
        ).toBeNull();
      } finally {
        await close();
      }
    });

    it("keeps assessments immutable and filters them by verdict, severity, framework and class", async () => {
      const { repos, close } = await open();
      try {
        const { a, b, pa1, pb1 } = await seedTwoOrganizations(repos);
        const scopeA: TenantScope = { kind: "organization", organizationId: a.id };
        const scopeB: TenantScope = { kind: "organization", organizationId: b.id };
        const put = async (product: typeof pa1, scope: TenantScope) =>
          (await repos.declarations.put(
            scope,
            {
              id: unique("dcl"),
              productId: product.id,
              organizationId: product.organizationId,
              sha256: "d".repeat(64),
              mediaType: "application/yaml",
              content: "x",
              productVersion: null,
              createdAt: at(60),
            },
            (v) => audit("declaration.put", `${product.id}/${v}`),
          ))!;
        const da = await put(pa1, scopeA);
        const db = await put(pb1, scopeB);
        const record = (
          product: typeof pa1,
          declarationId: string,
          verdict: "pass" | "fail",
          severity: string | null,
          n: number,
        ) => ({
          id: unique("asm"),
          productId: product.id,
          organizationId: product.organizationId,
          sbomId: null,
          declarationId,
          sbomSha256: null,
          declarationSha256: "d".repeat(64),
          ruleSetVersion: "cra@test",
          frameworks: ["cra", "etsi-en-303-645@3.1.3"],
          asOf: "2028-01-01",
          failOn: "high",
          verdict,
          highestGapSeverity: severity,
          productClass: product.productClass,
          reports: "[]",
          reportsSha256: "e".repeat(64),
          createdAt: at(70 + n),
          reportCounts: [],
          craGaps: [],
        });
        const failing = record(pa1, da.id, "fail", "high", 1);
        const passing = record(pa1, da.id, "pass", "medium", 2);
        const foreign = record(pb1, db.id, "fail", "critical", 3);
        await repos.assessments.create(scopeA, failing, audit("assessment.created", failing.id));
        await repos.assessments.create(scopeA, passing, audit("assessment.created", passing.id));
        expect(await repos.assessments.create(scopeA, foreign, audit("assessment.created", foreign.id))).toBeNull();
        await repos.assessments.create(scopeB, foreign, audit("assessment.created", foreign.id));
        expect(await repos.assessments.get(scopeA, failing.id)).toEqual(failing);
        expect(await repos.assessments.get(scopeA, foreign.id)).toBeNull();
        const list = (filter: Parameters<Repositories["assessments"]["list"]>[1], scope: TenantScope = scopeA) =>
          repos.assessments.list(scope, filter, { limit: 10, offset: 0 }).then((p) => p.items.map((x) => x.id));
        expect(await list({})).toEqual([passing.id, failing.id]);
        expect(await list({ verdict: "fail" })).toEqual([failing.id]);
        expect(await list({ minSeverity: "high" })).toEqual([failing.id]);
        expect(await list({ minSeverity: "medium" })).toEqual([passing.id, failing.id]);
        expect(await list({ framework: "etsi-en-303-645@3.1.3" })).toEqual([passing.id, failing.id]);
        expect(await list({ framework: "uk-psti" })).toEqual([]);
        expect(await list({ productClass: "CRA-DEFAULT" })).toEqual([passing.id, failing.id]);
        expect(await list({ minSeverity: "critical" }, { kind: "all" })).toEqual([foreign.id]);
        // Immutable: the same id cannot be written twice.
        await expect(
          repos.assessments.create(scopeA, { ...failing, verdict: "pass" }, audit("assessment.created", failing.id)),
        ).rejects.toThrow();
      } finally {
        await close();
      }
    });

    it("lists assessments with their stored counts but not their reports; counts verdicts and classes", async () => {
      const { repos, close } = await open();
      try {
        const { a, pa1, pa2 } = await seedTwoOrganizations(repos);
        const scopeA: TenantScope = { kind: "organization", organizationId: a.id };
        const declaration = (await repos.declarations.put(
          scopeA,
          {
            id: unique("dcl"),
            productId: pa1.id,
            organizationId: a.id,
            sha256: "d".repeat(64),
            mediaType: "application/yaml",
            content: "x",
            productVersion: null,
            createdAt: at(60),
          },
          (v) => audit("declaration.put", `${pa1.id}/${v}`),
        ))!;
        const zero = { met: 0, gap: 0, "needs-review": 0, "not-applicable": 0, recognized: 0, partial: 0, waived: 0 };
        const stored = {
          id: unique("asm"),
          productId: pa1.id,
          organizationId: a.id,
          sbomId: null,
          declarationId: declaration.id,
          sbomSha256: null,
          declarationSha256: "d".repeat(64),
          ruleSetVersion: "cra@test",
          frameworks: ["cra"],
          asOf: "2028-01-01",
          failOn: "high",
          verdict: "fail" as const,
          highestGapSeverity: "high",
          productClass: null,
          reports: '[{"framework":{"id":"cra"},"findings":[]}]',
          reportsSha256: "e".repeat(64),
          createdAt: at(80),
          reportCounts: [
            {
              framework: "cra",
              byStatus: { ...zero, met: 3, gap: 2 },
              byBasis: { verified: 1, declared: 2, absent: 2, contradicted: 0 },
              gapsBySeverity: { critical: 0, high: 1, medium: 1, low: 0, info: 0 },
            },
          ],
          craGaps: [
            { requirement: "CRA-AI-P1-02", title: "Secure by default configuration" },
            { requirement: "CRA-AII-06", title: "Vulnerability contact" },
          ],
        };
        const passing = { ...stored, id: unique("asm"), verdict: "pass" as const, createdAt: at(81), craGaps: [] };
        await repos.assessments.create(scopeA, stored, audit("assessment.created", stored.id));
        await repos.assessments.create(scopeA, passing, audit("assessment.created", passing.id));
        expect(await repos.assessments.get(scopeA, stored.id)).toEqual(stored);
        const listed = await repos.assessments.list(scopeA, { productId: pa1.id }, { limit: 10, offset: 0 });
        const { reports: _body, ...listing } = stored;
        expect(listed.items[1]).toEqual(listing);
        expect(listed.items.every((item) => !("reports" in item))).toBe(true);
        expect(await repos.assessments.countByVerdict(scopeA)).toEqual({ pass: 1, fail: 1 });
        expect(await repos.assessments.countByVerdict({ kind: "organization", organizationId: "org_none" })).toEqual({
          pass: 0,
          fail: 0,
        });
        // Organisation A has one product in each of two classes; B's product has none and is outside A's scope.
        const byClass = (scope: TenantScope) =>
          repos.products
            .countByClass(scope)
            .then((rows) => [...rows].sort((x, y) => String(x.productClass).localeCompare(String(y.productClass))));
        expect(await byClass(scopeA)).toEqual([
          { productClass: pa2.productClass, products: 1 },
          { productClass: pa1.productClass, products: 1 },
        ]);
        expect(await byClass({ kind: "all" })).toEqual(
          expect.arrayContaining([
            { productClass: pa2.productClass, products: 1 },
            { productClass: pa1.productClass, products: 1 },
            { productClass: null, products: expect.any(Number) },
          ]),
        );
      } finally {
        await close();
      }
    });

    it("stores an SBOM-only assessment: no declaration reference, read back and listed as such", async () => {
      const { repos, close } = await open();
      try {
        const { a, pa1 } = await seedTwoOrganizations(repos);
        const scopeA: TenantScope = { kind: "organization", organizationId: a.id };
        const sbom = sbomRecord(pa1, "b".repeat(64), 2);
        const raw = new TextEncoder().encode('{"bomFormat":"CycloneDX"}');
        await repos.sboms.store(
          scopeA,
          { record: sbom, raw, components: components(2) },
          audit("sbom.submitted", sbom.id),
        );
        const zero = { met: 0, gap: 0, "needs-review": 0, "not-applicable": 0, recognized: 0, partial: 0, waived: 0 };
        const sbomOnly = {
          id: unique("asm"),
          productId: pa1.id,
          organizationId: a.id,
          sbomId: sbom.id,
          declarationId: null,
          sbomSha256: sbom.sha256,
          declarationSha256: null,
          ruleSetVersion: "cra@test",
          frameworks: ["cra"],
          asOf: "2028-01-01",
          failOn: "high",
          verdict: "pass" as const,
          highestGapSeverity: null,
          productClass: null,
          reports: '[{"framework":{"id":"cra"},"findings":[]}]',
          reportsSha256: "f".repeat(64),
          createdAt: at(90),
          reportCounts: [
            {
              framework: "cra",
              byStatus: { ...zero, met: 1, "needs-review": 4 },
              byBasis: { verified: 1, declared: 0, absent: 4, contradicted: 0 },
              gapsBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
            },
          ],
          craGaps: [],
        };
        expect(await repos.assessments.create(scopeA, sbomOnly, audit("assessment.created", sbomOnly.id))).toEqual(
          sbomOnly,
        );
        expect(await repos.assessments.get(scopeA, sbomOnly.id)).toEqual(sbomOnly);
        const listed = await repos.assessments.list(scopeA, { productId: pa1.id }, { limit: 10, offset: 0 });
        const { reports: _body, ...listing } = sbomOnly;
        expect(listed.items).toEqual([listing]);
      } finally {
        await close();
      }
    });

    it("appends every write to one intact hash chain, with keys found by hash", async () => {
      const { repos, close } = await open();
      try {
        const { a } = await seedTwoOrganizations(repos);
        await repos.apiKeys.create(
          {
            id: unique("key"),
            organizationId: a.id,
            role: "ci",
            keyHash: "f".repeat(64),
            prefix: "cra_abcdef",
            productIds: ["p2", "p1"],
            label: null,
            createdAt: at(80),
            revokedAt: null,
          },
          audit("api-key.created", "k"),
        );
        const key = await repos.apiKeys.findByHash("f".repeat(64));
        expect(key).toMatchObject({ role: "ci", productIds: ["p1", "p2"], revokedAt: null });
        expect(await repos.apiKeys.findById(key!.id)).toEqual(key);
        expect(await repos.apiKeys.findById("key_missing")).toBeNull();
        expect(await repos.apiKeys.revoke(key!.id, at(81), audit("api-key.revoked", key!.id))).toBe(true);
        expect(await repos.apiKeys.revoke(key!.id, at(82), audit("api-key.revoked", key!.id))).toBe(false);
        expect((await repos.apiKeys.findByHash("f".repeat(64)))?.revokedAt).toBe(at(81));
        // Concurrent writers must still produce one linear chain (PostgreSQL serializes them on a lock).
        await Promise.all(Array.from({ length: 12 }, (_, i) => repos.audit.append(audit("custom.event", `x${i}`))));
        const { records, head } = await repos.audit.chain();
        expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
        expect(head).toEqual({ seq: records.at(-1)!.seq, hash: records.at(-1)!.hash });
        expect(verifyAuditChain(records, head)).toMatchObject({ ok: true, breaks: [] });
        const scoped = await repos.audit.list(
          { kind: "organization", organizationId: a.id },
          { limit: 100, offset: 0 },
        );
        expect(scoped.items.every((r) => r.organizationId === a.id)).toBe(true);
        expect(scoped.items.length).toBeGreaterThan(0);
      } finally {
        await close();
      }
    });
    it("web sessions: found by token hash, touched, expired by idle time or hard end, deleted", async () => {
      const { repos, close } = await open();
      try {
        const { a } = await seedTwoOrganizations(repos);
        const keyId = unique("key");
        await repos.apiKeys.create(
          {
            id: keyId,
            organizationId: a.id,
            role: "manufacturer",
            keyHash: unique("hash").padEnd(64, "0"),
            prefix: "cra_ab",
            productIds: [],
            label: null,
            createdAt: at(90),
            revokedAt: null,
          },
          audit("api-key.created", keyId, a.id),
        );
        expect((await repos.apiKeys.findById(keyId))?.organizationId).toBe(a.id);
        expect(await repos.apiKeys.findById("key_none")).toBeNull();
        const session = (n: number, lastSeen: string, expires: string) => ({
          id: unique("ses"),
          tokenHash: unique(`tok${n}`).padEnd(64, "0"),
          apiKeyId: keyId,
          csrfToken: `csrf-${n}`,
          createdAt: at(91),
          lastSeenAt: lastSeen,
          expiresAt: expires,
        });
        const fresh = session(1, at(95), at(200));
        const idle = session(2, at(91), at(200));
        const ended = session(3, at(95), at(96));
        for (const s of [fresh, idle, ended]) await repos.webSessions.create(s);
        expect(await repos.webSessions.findByTokenHash(fresh.tokenHash)).toEqual(fresh);
        expect(await repos.webSessions.findByTokenHash("0".repeat(64))).toBeNull();
        expect(await repos.webSessions.touch(fresh.id, at(97))).toBe(true);
        expect((await repos.webSessions.findByTokenHash(fresh.tokenHash))?.lastSeenAt).toBe(at(97));
        // Idle since before 93, or past the hard end at 97: the second and third go, the first stays.
        expect(await repos.webSessions.deleteExpired(at(93), at(97))).toBe(2);
        expect(await repos.webSessions.findByTokenHash(idle.tokenHash)).toBeNull();
        expect(await repos.webSessions.findByTokenHash(ended.tokenHash)).toBeNull();
        await repos.webSessions.delete(fresh.id);
        expect(await repos.webSessions.findByTokenHash(fresh.tokenHash)).toBeNull();
        expect(await repos.webSessions.touch(fresh.id, at(98))).toBe(false);
      } finally {
        await close();
      }
    });

    it("records VEX analyses per product version, replaces one on re-recording, and keeps them in the tenant", async () => {
      const { repos, close } = await open();
      try {
        const { a, b, pa1, pb1 } = await seedTwoOrganizations(repos);
        const scopeA: TenantScope = { kind: "organization", organizationId: a.id };
        const scopeB: TenantScope = { kind: "organization", organizationId: b.id };
        const base = {
          productId: pa1.id,
          organizationId: a.id,
          productVersion: "2.0.0",
          vulnerability: "CVE-2021-23337",
          component: "pkg:npm/lodash@4.17.20",
          responses: [] as never[],
          author: "test",
        };
        const triage = { ...base, state: "in_triage" as const, updatedAt: at(100) };
        expect(await repos.productVex.put(scopeA, triage, audit("vex.recorded", pa1.id, a.id))).toEqual(triage);
        const decided = {
          ...base,
          state: "not_affected" as const,
          justification: "code_not_reachable" as const,
          detail: "The template function is never called.",
          updatedAt: at(101),
        };
        await repos.productVex.put(scopeA, decided, audit("vex.recorded", pa1.id, a.id));
        const other = { ...base, productVersion: "2.1.0", state: "resolved" as const, updatedAt: at(102) };
        await repos.productVex.put(scopeA, other, audit("vex.recorded", pa1.id, a.id));
        expect(await repos.productVex.list(scopeA, pa1.id, "2.0.0")).toEqual([decided]);
        expect((await repos.productVex.list(scopeA, pa1.id))?.map((s) => s.productVersion)).toEqual(["2.0.0", "2.1.0"]);
        // Another organisation neither sees nor writes them; a product of its own is no way in.
        expect(await repos.productVex.list(scopeB, pa1.id)).toBeNull();
        expect(
          await repos.productVex.put(scopeB, { ...decided, state: "exploitable" }, audit("vex.recorded", pa1.id, b.id)),
        ).toBeNull();
        expect(
          await repos.productVex.put(
            scopeB,
            { ...decided, productId: pb1.id, organizationId: a.id },
            audit("vex.recorded", pb1.id, b.id),
          ),
        ).toBeNull();
        expect(await repos.productVex.list(scopeA, pa1.id, "2.0.0")).toEqual([decided]);
        const { records, head } = await repos.audit.chain();
        expect(records.filter((r) => r.action === "vex.recorded")).toHaveLength(3);
        expect(verifyAuditChain(records, head).ok).toBe(true);
      } finally {
        await close();
      }
    });
    it("crosswalk reviews: stored with an audit record, listed per crosswalk oldest first", async () => {
      const { repos, close } = await open();
      try {
        const { a, b } = await seedTwoOrganizations(repos);
        const crosswalkId = unique("xw");
        const review = (
          organizationId: string,
          n: number,
          date: string,
          verdict: "agree" | "disagree" | "changed",
        ) => ({
          id: unique("rev"),
          organizationId,
          crosswalkId,
          source: "UKPSTI-S1-1.2",
          target: "CRA-AI-P1-2b",
          reviewer: `Reviewer ${n}`,
          organisation: organizationId === a.id ? "A" : "B",
          date,
          verdict,
          relationship: verdict === "changed" ? "intersects-with" : null,
          comment: n === 1 ? null : `comment ${n}`,
          createdAt: at(100 + n),
        });
        const later = review(b.id, 2, "2027-03-01", "changed");
        const earlier = review(a.id, 1, "2027-02-01", "agree");
        await repos.crosswalkReviews.create(later, audit("crosswalk-review.recorded", crosswalkId, b.id));
        await repos.crosswalkReviews.create(earlier, audit("crosswalk-review.recorded", crosswalkId, a.id));
        await repos.crosswalkReviews.create(
          { ...review(a.id, 3, "2027-01-01", "disagree"), crosswalkId: `${crosswalkId}-other` },
          audit("crosswalk-review.recorded", `${crosswalkId}-other`, a.id),
        );
        expect(await repos.crosswalkReviews.list({ crosswalkId })).toEqual([earlier, later]);
        const all = await repos.crosswalkReviews.list({});
        expect(all.filter((r) => r.crosswalkId.startsWith(crosswalkId))).toHaveLength(3);
        const { records, head } = await repos.audit.chain();
        expect(
          records.filter((r) => r.action === "crosswalk-review.recorded" && r.subjectId === crosswalkId),
        ).toHaveLength(2);
        expect(verifyAuditChain(records, head)).toMatchObject({ ok: true, breaks: [] });
      } finally {
        await close();
      }
    });

    it("draft arrangements: versions per organisation, latest and list stay inside the organisation", async () => {
      const { repos, close } = await open();
      try {
        const { a, b } = await seedTwoOrganizations(repos);
        const arrangementId = unique("eu-x-draft").toLowerCase().replaceAll("_", "-");
        const draft = (organizationId: string, n: number) => ({
          id: unique("dra"),
          organizationId,
          arrangementId,
          title: `Draft ${n}`,
          mediaType: "application/yaml",
          content: `id: ${arrangementId}\n# ${n}\n`,
          sha256: String(n).padStart(64, "0"),
          createdAt: at(200 + n),
        });
        const drafted = (orgId: string) => (version: number) => ({
          ...audit("draft-arrangement.stored", arrangementId, orgId),
          details: { version },
        });
        const v1 = await repos.draftArrangements.put(draft(a.id, 1), drafted(a.id));
        const v2 = await repos.draftArrangements.put(draft(a.id, 2), drafted(a.id));
        const bv1 = await repos.draftArrangements.put(draft(b.id, 3), drafted(b.id));
        expect([v1.version, v2.version, bv1.version]).toEqual([1, 2, 1]);
        expect((await repos.draftArrangements.latest(a.id, arrangementId))?.title).toBe("Draft 2");
        expect((await repos.draftArrangements.latest(b.id, arrangementId))?.title).toBe("Draft 3");
        expect(await repos.draftArrangements.latest(a.id, "no-such-draft")).toBeNull();
        const listed = await repos.draftArrangements.list(a.id);
        expect(listed.map((d) => [d.arrangementId, d.version])).toEqual([[arrangementId, 2]]);
        const { records } = await repos.audit.chain();
        expect(
          records.filter((r) => r.action === "draft-arrangement.stored" && r.subjectId === arrangementId),
        ).toHaveLength(3);
      } finally {
        await close();
      }
    });
    it("advisory store: batches inserted, updated or left unchanged by content hash, found by package key", async () => {
      const { repos, close } = await open();
      try {
        const advisory = (id: string, summary: string) =>
          ({ id, aliases: [], source: "osv", summary }) as unknown as Advisory;
        const record = (id: string, summary: string, packageKeys: string[], hash: string): StoredRecord => ({
          key: `osv:${id}`,
          kind: "advisory",
          recordId: id,
          origin: `${id}.json`,
          contentHash: hash,
          body: advisory(id, summary),
          packageKeys,
        });
        const kev: StoredRecord = {
          key: "kev:CVE-2027-0001",
          kind: "kev",
          recordId: "CVE-2027-0001",
          origin: "kev.json",
          contentHash: "k1",
          body: { cveId: "CVE-2027-0001" },
          packageKeys: [],
        };
        const vex: StoredRecord = {
          key: "vex:a.json#/0",
          kind: "vex",
          recordId: "CVE-2027-0002",
          origin: "a.json",
          contentHash: "v1",
          body: { ids: ["CVE-2027-0002"], purl: "pkg:npm/left-pad", state: "not_affected", source: "a.json" },
          packageKeys: [],
        };
        expect(await repos.advisories.counts()).toEqual({ advisory: 0, kev: 0, vex: 0 });
        const first = await repos.advisories.upsertBatch(
          [
            record("OSV-B", "second", ["npm//left-pad", "npm//right-pad"], "h1"),
            record("OSV-A", "first", ["npm//left-pad"], "h2"),
            kev,
            vex,
          ],
          at(300),
        );
        expect(first).toEqual({ inserted: 4, updated: 0, unchanged: 0 });
        // Ordered by record key, each once even when it names several of the asked package keys.
        const both = await repos.advisories.advisoriesForPackages(["npm//left-pad", "npm//right-pad", "npm//left-pad"]);
        expect(both.map((a) => a.id)).toEqual(["OSV-A", "OSV-B"]);
        expect((await repos.advisories.advisoriesForPackages(["npm//right-pad"])).map((a) => a.id)).toEqual(["OSV-B"]);
        expect(await repos.advisories.advisoriesForPackages(["cargo//nothing"])).toEqual([]);
        expect(await repos.advisories.advisoriesForPackages([])).toEqual([]);
        // A changed record replaces its package keys; an unchanged one is left alone.
        const second = await repos.advisories.upsertBatch(
          [record("OSV-B", "second, revised", ["npm//other"], "h3"), record("OSV-A", "first", ["npm//left-pad"], "h2")],
          at(301),
        );
        expect(second).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
        expect((await repos.advisories.advisoriesForPackages(["npm//right-pad"])).map((a) => a.id)).toEqual([]);
        expect((await repos.advisories.advisoriesForPackages(["npm//other"]))[0]?.summary).toBe("second, revised");
        expect(await repos.advisories.kev()).toEqual([{ cveId: "CVE-2027-0001" }]);
        expect((await repos.advisories.vex()).map((v) => v.ids)).toEqual([["CVE-2027-0002"]]);
        expect(await repos.advisories.counts()).toEqual({ advisory: 2, kev: 1, vex: 1 });
      } finally {
        await close();
      }
    });
    it("Article 14 events: stored with an audit record, replaced by id, confined to their organisation", async () => {
      const { repos, close } = await open();
      try {
        const { a, b } = await seedTwoOrganizations(repos);
        const event = (id: string, organizationId: string, awareAt: string, title: string) =>
          ({
            id,
            organizationId,
            kind: "severe-incident",
            title,
            awareAt,
            product: { name: "Hub", identifiers: [] },
            reports: [],
            manufacturer: { name: "A" },
            vulnerabilityIds: [],
            memberStatesAvailable: [],
            measuresTaken: [],
            measuresForUsers: [],
          }) as unknown as Art14Event;
        const scopeA: TenantScope = { kind: "organization", organizationId: a.id };
        const scopeB: TenantScope = { kind: "organization", organizationId: b.id };
        const e1 = event(unique("evt"), a.id, at(20), "Later");
        const e2 = event(unique("evt"), a.id, at(10), "Earlier");
        const e3 = event(unique("evt"), b.id, at(15), "Other");
        expect(await repos.art14Events.put(scopeA, e1, at(400), audit("art14-event.recorded", e1.id, a.id))).toEqual(
          e1,
        );
        await repos.art14Events.put(scopeA, e2, at(401), audit("art14-event.recorded", e2.id, a.id));
        await repos.art14Events.put(scopeB, e3, at(402), audit("art14-event.recorded", e3.id, b.id));
        // Outside the scope: not stored, and not readable.
        expect(await repos.art14Events.put(scopeB, e1, at(403), audit("art14-event.recorded", e1.id, b.id))).toBeNull();
        const hijack = { ...e1, organizationId: b.id, title: "Hijacked" };
        expect(await repos.art14Events.put(scopeB, hijack, at(403), audit("x", e1.id, b.id))).toBeNull();
        expect(await repos.art14Events.get(scopeB, e1.id)).toBeNull();
        expect(await repos.art14Events.get(scopeA, e1.id)).toEqual(e1);
        // Oldest awareness first.
        expect((await repos.art14Events.list(scopeA)).map((e) => e.title)).toEqual(["Earlier", "Later"]);
        expect((await repos.art14Events.list({ kind: "all" })).map((e) => e.title)).toEqual([
          "Earlier",
          "Other",
          "Later",
        ]);
        const updated = { ...e1, title: "Later, updated" };
        await repos.art14Events.put(scopeA, updated, at(404), audit("art14-event.recorded", e1.id, a.id));
        expect((await repos.art14Events.get(scopeA, e1.id))?.title).toBe("Later, updated");
        const { records, head } = await repos.audit.chain();
        expect(records.filter((r) => r.action === "art14-event.recorded")).toHaveLength(4);
        expect(verifyAuditChain(records, head).ok).toBe(true);
      } finally {
        await close();
      }
    });
  });
}
