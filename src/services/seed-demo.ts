/**
 * Demo data for a service (`cra-assessor db seed`): organisations, their products, a declaration and an SBOM each.
 * The demo organisations have reserved slugs (DEMO_ORGANIZATION_PREFIX) that no user can create, so the seed only
 * ever writes into organisations it made itself: a user's own "Acme" and its products are never touched.
 * Idempotent: organisations are found by slug, products by exact name within them, and a declaration or SBOM is
 * stored only when the demo product does not already hold the same bytes.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { cliPrincipal, type ServiceDeps, type ServiceFailure } from "./context.js";
import { putDeclaration } from "./declarations.js";
import { submitSbom } from "./ingest-sbom.js";
import { readWith } from "./input.js";
import { createOrganization, DEMO_ORGANIZATION_PREFIX } from "./organizations.js";
import { createProduct } from "./products.js";

export const demoSeedSchema = z.object({
  organizations: z.array(
    z.object({
      slug: z.string().startsWith(DEMO_ORGANIZATION_PREFIX),
      name: z.string(),
      products: z.array(
        z.object({
          name: z.string(),
          productClass: z.string().optional(),
          description: z.string().optional(),
          declaration: z.string().optional(),
          sbom: z.string().optional(),
          /** What the CRA assessment of the declaration with the SBOM shows: a test holds the demo to it. */
          expectedGaps: z.enum(["none", "some"]),
        }),
      ),
    }),
  ),
});
export type DemoSeed = z.output<typeof demoSeedSchema>;

export interface SeedReport {
  /** The demo organisations' slugs, in the seed's order. */
  organizationSlugs: string[];
  organizationsCreated: number;
  productsCreated: number;
  declarationsStored: number;
  sbomsStored: number;
  problems: string[];
}

function explain(failure: ServiceFailure): string {
  if (failure.kind === "invalid-input") return failure.issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  if (failure.kind === "conflict") return failure.message;
  return failure.kind;
}

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

export async function seedDemo({
  ctx,
  input,
}: {
  ctx: ServiceDeps;
  input: { seed: unknown; readFile: (path: string) => Uint8Array };
}): Promise<SeedReport> {
  const report: SeedReport = {
    organizationSlugs: [],
    organizationsCreated: 0,
    productsCreated: 0,
    declarationsStored: 0,
    sbomsStored: 0,
    problems: [],
  };
  const read = readWith(demoSeedSchema, input.seed, "seeds/demo/demo.json");
  if (!read.ok) {
    report.problems.push(...read.issues.map((i) => `${i.path}: ${i.message}`));
    return report;
  }
  const admin = {
    ...ctx,
    principal: cliPrincipal("db-seed"),
  };
  for (const org of read.value.organizations) {
    report.organizationSlugs.push(org.slug);
    const existing = await ctx.repos.organizations.findBySlug(org.slug);
    let organizationId = existing?.id;
    if (!existing) {
      const created = await createOrganization({
        ctx: admin,
        input: { name: org.name, slug: org.slug, demo: true },
      });
      if (!created.ok) {
        report.problems.push(`organisation ${org.slug}: ${explain(created.failure)}`);
        continue;
      }
      organizationId = created.value.id;
      report.organizationsCreated++;
    }
    const manufacturer = {
      ...ctx,
      principal: {
        actor: "cli:db-seed",
        organizationId: organizationId!,
        role: "manufacturer" as const,
        productIds: [],
      },
    };
    const scope = { kind: "organization", organizationId: organizationId! } as const;
    for (const product of org.products) {
      const matches = await ctx.repos.products.list(scope, { nameContains: product.name }, { limit: 100, offset: 0 });
      let record = matches.items.find((p) => p.name === product.name);
      if (!record) {
        const created = await createProduct({
          ctx: manufacturer,
          input: {
            name: product.name,
            ...(product.productClass ? { productClass: product.productClass } : {}),
            ...(product.description ? { description: product.description } : {}),
          },
        });
        if (!created.ok) {
          report.problems.push(`product ${product.name}: ${explain(created.failure)}`);
          continue;
        }
        record = created.value;
        report.productsCreated++;
      }
      if (product.declaration) {
        const text = new TextDecoder().decode(input.readFile(product.declaration));
        const latest = await ctx.repos.declarations.latest(scope, record.id);
        if (latest?.sha256 !== sha256(text)) {
          const stored = await putDeclaration({
            ctx: manufacturer,
            input: { productId: record.id, text, mediaType: "application/yaml" },
          });
          if (stored.ok) report.declarationsStored++;
          else report.problems.push(`declaration ${product.declaration}: ${explain(stored.failure)}`);
        }
      }
      if (product.sbom) {
        const bytes = input.readFile(product.sbom);
        const hash = sha256(bytes);
        const held = await ctx.repos.sboms.listForProduct(scope, record.id, { limit: 100, offset: 0 });
        if (!held?.items.some((s) => s.sha256 === hash)) {
          const mediaType = product.sbom.endsWith(".xml")
            ? "application/vnd.cyclonedx+xml"
            : "application/vnd.cyclonedx+json";
          const stored = await submitSbom({ ctx: manufacturer, input: { productId: record.id, bytes, mediaType } });
          if (stored.ok) report.sbomsStored++;
          else report.problems.push(`sbom ${product.sbom}: ${explain(stored.failure)}`);
        }
      }
    }
  }
  return report;
}
