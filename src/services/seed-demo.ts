/**
 * Demo data for a fresh service (`cra-assessor db seed`): organisations, their products, a declaration and an
 * SBOM each. Idempotent: organisations are found by slug, products by exact name, and a declaration or SBOM is
 * stored only when the product does not already hold the same bytes.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { cliPrincipal, type ServiceDeps } from "./context.js";
import { putDeclaration } from "./declarations.js";
import { submitSbom } from "./ingest-sbom.js";
import { readWith } from "./input.js";
import { findOrCreateOrganization } from "./organizations.js";
import { createProduct } from "./products.js";

export const demoSeedSchema = z.object({
  organizations: z.array(
    z.object({
      slug: z.string(),
      name: z.string(),
      products: z.array(
        z.object({
          name: z.string(),
          productClass: z.string().optional(),
          description: z.string().optional(),
          declaration: z.string().optional(),
          sbom: z.string().optional(),
        }),
      ),
    }),
  ),
});
export type DemoSeed = z.output<typeof demoSeedSchema>;

export interface SeedReport {
  organizationsCreated: number;
  productsCreated: number;
  declarationsStored: number;
  sbomsStored: number;
  problems: string[];
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
    const existing = await ctx.repos.organizations.findBySlug(org.slug);
    let organizationId = existing?.id;
    if (!existing) {
      const created = await findOrCreateOrganization({ ctx: admin, input: { organization: org.slug, create: true } });
      if (!created.ok) {
        report.problems.push(`organisation ${org.slug}: ${created.failure.kind}`);
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
          report.problems.push(`product ${product.name}: ${created.failure.kind}`);
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
          else report.problems.push(`declaration ${product.declaration}: ${stored.failure.kind}`);
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
          else report.problems.push(`sbom ${product.sbom}: ${stored.failure.kind}`);
        }
      }
    }
  }
  return report;
}
