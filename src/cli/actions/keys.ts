/**
 * What the `keys` commands do (registered in ../commands/keys.ts). Imported only when one of them runs, so that
 * building the command tree for help or a usage error loads none of what the actions need.
 */
import { cliPrincipal, type ServiceContext } from "../../services/context.js";
import { newId } from "../../services/ids.js";
import { createApiKey, revokeApiKey } from "../../services/keys.js";
import { findOrCreateOrganization } from "../../services/organizations.js";
import { createInlineExecutor } from "../../workers/inline-executor.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";
import { withCliDatabase } from "./db-open.js";

/** The command line acts as a platform operator of the database it was given. */
function cliContext(repos: ServiceContext["repos"], command: string): ServiceContext {
  return {
    repos,
    work: createInlineExecutor(repos),
    now: () => new Date(),
    newId,
    principal: cliPrincipal(command),
  };
}

function issuesText(issues: { path?: string; message: string }[]): string {
  return issues.map((i) => `  ${i.path ? `${i.path}: ` : ""}${i.message}`).join("\n");
}

export async function runCreate(
  io: CliIo,
  options: { org: string; role: string; products?: string; label?: string; db?: string },
) {
  await withCliDatabase(options.db, io, "keys create", async (database) => {
    const ctx = cliContext(database.repos, "keys-create");
    const result = await createApiKey({
      ctx,
      input: {
        organization: options.org,
        role: options.role,
        createOrganization: true,
        ...(options.products
          ? {
              productIds: options.products
                .split(",")
                .map((p) => p.trim())
                .filter(Boolean),
            }
          : {}),
        ...(options.label ? { label: options.label } : {}),
      },
    });
    if (!result.ok) {
      const f = result.failure;
      throw new CliExit(
        ExitCode.invalidInput,
        f.kind === "invalid-input" ? `keys create: invalid input\n${issuesText(f.issues)}` : `keys create: ${f.kind}`,
      );
    }
    io.out(`${result.value.key}\n`);
    io.err(
      `Created ${result.value.record.role} key ${result.value.record.id} (${result.value.record.prefix}…) ` +
        `for organisation ${result.value.record.organizationId}. It is not stored: keep it now.\n`,
    );
  });
}

export async function runList(io: CliIo, options: { org: string; db?: string }) {
  await withCliDatabase(
    options.db,
    io,
    "keys list",
    async (database) => {
      const ctx = cliContext(database.repos, "keys-list");
      const org = await findOrCreateOrganization({ ctx, input: { organization: options.org, create: false } });
      if (!org.ok) throw new CliExit(ExitCode.invalidInput, `keys list: no organisation ${options.org}`);
      for (const key of await ctx.repos.apiKeys.listByOrganization(org.value.id)) {
        const products = key.productIds.length ? ` products=${key.productIds.join(",")}` : "";
        const state = key.revokedAt ? ` revoked=${key.revokedAt}` : "";
        io.out(`${key.id}\t${key.role}\t${key.prefix}…\t${key.createdAt}${products}${state}\n`);
      }
    },
    { mustExist: true },
  );
}

export async function runRevoke(io: CliIo, id: string, options: { db?: string }) {
  await withCliDatabase(
    options.db,
    io,
    "keys revoke",
    async (database) => {
      const result = await revokeApiKey({
        ctx: cliContext(database.repos, "keys-revoke"),
        input: { id },
      });
      if (!result.ok) throw new CliExit(ExitCode.invalidInput, `keys revoke: no active key ${id}`);
      io.err(`Revoked ${id}.\n`);
    },
    { mustExist: true },
  );
}
