/**
 * `cra-assessor vex set|list|export`: the manufacturer's analysis of each vulnerability matched against a product
 * version, on the service's database file, and its export as CSAF 2.0 VEX, CycloneDX VEX or OpenVEX. The
 * CycloneDX export goes back into `assess --advisories`, so the next assessment counts the analyses.
 */
import { type Command, Option } from "commander";
import { IMPACT_JUSTIFICATIONS, IMPACT_RESPONSES, IMPACT_STATES } from "../../domain/vex.js";
import { cliPrincipal, type ServiceContext, type ServiceFailure } from "../../services/context.js";
import { newId } from "../../services/ids.js";
import { exportProductVex, listVexStatements, recordVexStatement } from "../../services/product-vex.js";
import { VEX_FORMATS, type VexFormat } from "../../vex/export.js";
import { createInlineExecutor } from "../../workers/inline-executor.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";
import { DB_OPTION_HELP, withCliDatabase } from "./db-open.js";
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

export function register(program: Command, io: CliIo): void {
  const vex = program
    .command("vex")
    .description("Record the analysis of each vulnerability matched against a product version, and export it as VEX.");

  vex
    .command("set")
    .description("Record (or replace) the analysis of one vulnerability on one component of a product version.")
    .requiredOption("--product <id>", "product id (see GET /v1/products)")
    .requiredOption("--product-version <version>", "the product version the analysis holds for")
    .requiredOption("--vulnerability <id>", "CVE, GHSA or OSV id")
    .requiredOption("--component <purl>", "the component's purl (or name)")
    .addOption(new Option("--state <state>", "impact analysis state").choices([...IMPACT_STATES]).makeOptionMandatory())
    .addOption(new Option("--justification <why>", "why it is not affected").choices([...IMPACT_JUSTIFICATIONS]))
    .addOption(new Option("--response <response...>", "what is done about it").choices([...IMPACT_RESPONSES]))
    .option("--detail <text>", "free text: the reasoning, or what users should do")
    .option("--db <file>", DB_OPTION_HELP)
    .addHelpText(
      "after",
      "\nA not_affected or false_positive analysis needs --justification or --detail; an exploitable one --response\n" +
        "or --detail (VEX minimum requirements). Every analysis is in the audit chain.\n\n" +
        "Example:\n  cra-assessor vex set --product prd_123 --product-version 2.3.0 --vulnerability CVE-2021-23337 \\\n" +
        "    --component pkg:npm/lodash@4.17.20 --state not_affected --justification code_not_reachable",
    )
    .action(
      async (options: {
        product: string;
        productVersion: string;
        vulnerability: string;
        component: string;
        state: string;
        justification?: string;
        response?: string[];
        detail?: string;
        db?: string;
      }) => {
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
      },
    );

  vex
    .command("list")
    .description("List a product's analyses (of one version with --product-version).")
    .requiredOption("--product <id>", "product id")
    .option("--product-version <version>", "only this product version")
    .addOption(new Option("--format <format>", "output").choices(["text", "json"]).default("text"))
    .option("--db <file>", DB_OPTION_HELP)
    .action(async (options: { product: string; productVersion?: string; format: string; db?: string }) => {
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
    });

  vex
    .command("export")
    .description("Write one product version's analyses as CSAF 2.0 VEX, CycloneDX 1.6 VEX or OpenVEX 0.2.0.")
    .requiredOption("--product <id>", "product id")
    .addOption(new Option("--format <format>", "VEX format").choices([...VEX_FORMATS]).makeOptionMandatory())
    .option("--product-version <version>", "product version (default: the latest declaration's)")
    .option("--output <file>", "write to this file instead of stdout")
    .option("--db <file>", DB_OPTION_HELP)
    .addHelpText(
      "after",
      "\nExamples:\n  cra-assessor vex export --product prd_123 --format csaf > hub-2.3.0.csaf.json\n" +
        "  cra-assessor vex export --product prd_123 --format cyclonedx --output vex.cdx.json\n" +
        "  cra-assessor assess --sbom bom.json --declaration product.yaml --advisories osv.zip vex.cdx.json",
    )
    .action(
      async (options: {
        product: string;
        format: VexFormat;
        productVersion?: string;
        output?: string;
        db?: string;
      }) => {
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
      },
    );
}
