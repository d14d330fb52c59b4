/**
 * What the `vex` commands do (registered in ../commands/vex.ts). Imported only when one of them runs, so that building
 * the command tree for help or a usage error loads none of what the actions need.
 */
import { cliPrincipal, type ServiceContext, type ServiceFailure } from "../../services/context.js";
import { newId } from "../../services/ids.js";
import { exportProductVex, listVexStatements, recordVexStatement } from "../../services/product-vex.js";
import type { VexFormat } from "../../vex/export.js";
import { createInlineExecutor } from "../../workers/inline-executor.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";
import { withCliDatabase } from "./db-open.js";
import { emit } from "./frameworks.js";

async function withContext<T>(
  io: CliIo,
  db: string | undefined,
  command: string,
  work: (ctx: ServiceContext) => Promise<T>,
): Promise<T> {
  return withCliDatabase(
    db,
    io,
    `vex ${command}`,
    async (database) => {
      const repos = database.repos;
      return await work({
        repos,
        work: createInlineExecutor(repos),
        now: () => new Date(),
        newId,
        principal: cliPrincipal(`vex-${command}`),
      });
    },
    { mustExist: true },
  );
}

function failureText(command: string, failure: ServiceFailure): string {
  if (failure.kind === "invalid-input") {
    return `vex ${command}: invalid input\n${failure.issues.map((i) => `  ${i.path ? `${i.path}: ` : ""}${i.message}`).join("\n")}`;
  }
  if (failure.kind === "not-found") return `vex ${command}: no ${failure.resource} ${failure.id}`;
  return `vex ${command}: ${failure.kind}`;
}

export async function runSet(
  io: CliIo,
  options: {
    product: string;
    productVersion: string;
    vulnerability: string;
    component: string;
    state: string;
    justification?: string;
    response?: string[];
    detail?: string;
    db?: string;
  },
) {
  await withContext(io, options.db, "set", async (ctx) => {
    const result = await recordVexStatement({
      ctx,
      input: {
        productId: options.product,
        statement: {
          productVersion: options.productVersion,
          vulnerability: options.vulnerability,
          component: options.component,
          state: options.state,
          ...(options.justification ? { justification: options.justification } : {}),
          ...(options.response ? { responses: options.response } : {}),
          ...(options.detail ? { detail: options.detail } : {}),
        },
      },
    });
    if (!result.ok) throw new CliExit(ExitCode.invalidInput, failureText("set", result.failure));
    io.err(
      `Recorded ${result.value.state} for ${result.value.vulnerability} on ${result.value.component} (${options.product} ${options.productVersion}).\n`,
    );
  });
}

export async function runList(
  io: CliIo,
  options: { product: string; productVersion?: string; format: string; db?: string },
) {
  await withContext(io, options.db, "list", async (ctx) => {
    const result = await listVexStatements({
      ctx,
      input: {
        productId: options.product,
        ...(options.productVersion ? { productVersion: options.productVersion } : {}),
      },
    });
    if (!result.ok) throw new CliExit(ExitCode.invalidInput, failureText("list", result.failure));
    if (options.format === "json") {
      io.out(`${JSON.stringify(result.value, null, 2)}\n`);
      return;
    }
    for (const s of result.value) {
      const extra = [s.justification, s.responses.join(","), s.detail].filter(Boolean).join("\t");
      io.out(`${s.productVersion}\t${s.vulnerability}\t${s.component}\t${s.state}${extra ? `\t${extra}` : ""}\n`);
    }
  });
}

export async function runExport(
  io: CliIo,
  options: {
    product: string;
    format: VexFormat;
    productVersion?: string;
    output?: string;
    db?: string;
  },
) {
  await withContext(io, options.db, "export", async (ctx) => {
    const result = await exportProductVex({
      ctx,
      input: {
        productId: options.product,
        format: options.format,
        ...(options.productVersion ? { productVersion: options.productVersion } : {}),
      },
    });
    if (!result.ok) throw new CliExit(ExitCode.invalidInput, failureText("export", result.failure));
    await emit(io, `${JSON.stringify(result.value.document, null, 2)}\n`, options.output);
    io.err(
      `${result.value.statements} analysis(es) of version ${result.value.productVersion} written as ${options.format}.\n`,
    );
  });
}
