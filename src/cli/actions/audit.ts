/**
 * What the `audit` commands do (registered in ../commands/audit.ts). Imported only when one of them runs, so that
 * building the command tree for help or a usage error loads none of what the actions need.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { AuditBreak, AuditVerification } from "../../domain/audit-chain.js";
import {
  type AuditCheckpoint,
  type CheckpointProblem,
  checkpointKeyId,
  parseCheckpoint,
} from "../../domain/audit-checkpoint.js";
import { readSbomFile } from "../../sbom/validate.js";
import {
  type CheckpointedVerification,
  checkpointAudit,
  verifyAudit,
  verifyAuditWithCheckpoint,
} from "../../services/audit.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";
import { withCliDatabase } from "./db-open.js";

export function describeBreak(b: AuditBreak): string {
  switch (b.kind) {
    case "changed":
      return `record ${b.seq} was changed (its content no longer matches its hash)`;
    case "inserted":
      return `record ${b.seq} was inserted (the chain does not pass through it)`;
    case "deleted":
      return `${b.missing} record(s) deleted before record ${b.beforeSeq}`;
    case "truncated":
      return `the newest records were deleted: the chain ends at ${b.lastSeq}, its head says ${b.headSeq}`;
    case "broken-link":
      return `record ${b.seq} does not link to the record before it`;
  }
}

export function describeCheckpointProblem(p: CheckpointProblem): string {
  switch (p.kind) {
    case "wrong-key":
      return `the checkpoint names key ${p.checkpointKeyId}, not the given public key (${p.givenKeyId})`;
    case "bad-signature":
      return "the checkpoint's signature does not verify with the given public key: it was altered or forged";
    case "missing":
      return p.lastSeq < p.seq
        ? `the chain ends at record ${p.lastSeq}, before the checkpointed record ${p.seq}: records were cut off after the checkpoint`
        : `the checkpointed record ${p.seq} is gone from the chain`;
    case "changed":
      return `record ${p.seq} is not the one checkpointed (another hash): the chain was rewritten from there on`;
  }
}

/** Key files and checkpoints are small: a bounded read of a regular file (a FIFO or device is refused). */
async function readSmallFile(io: CliIo, command: string, option: string, file: string): Promise<Buffer> {
  const read = await readSbomFile(resolve(io.cwd, file), { maxBytes: 1024 * 1024 });
  if (!read.ok) throw new CliExit(ExitCode.invalidInput, `${command}: ${option} ${file}: ${read.issues[0]!.message}`);
  return Buffer.from(read.value);
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/^error:\S+:/, "").replace(/\s+/g, " ");
}

function requireEd25519(key: KeyObject, command: string, option: string, file: string): KeyObject {
  if (key.asymmetricKeyType !== "ed25519") {
    throw new CliExit(
      ExitCode.invalidInput,
      `${command}: ${option} ${file}: an Ed25519 key is needed (this one is ${key.asymmetricKeyType ?? "symmetric"})`,
    );
  }
  return key;
}

async function readPrivateKey(io: CliIo, command: string, file: string): Promise<KeyObject> {
  const pem = await readSmallFile(io, command, "--key", file);
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new CliExit(ExitCode.invalidInput, `${command}: --key ${file}: not a PEM private key (${oneLine(error)})`);
  }
  return requireEd25519(key, command, "--key", file);
}

async function readPublicKey(io: CliIo, command: string, file: string): Promise<KeyObject> {
  const pem = await readSmallFile(io, command, "--public-key", file);
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new CliExit(
      ExitCode.invalidInput,
      `${command}: --public-key ${file}: not a PEM public key (${oneLine(error)})`,
    );
  }
  return requireEd25519(key, command, "--public-key", file);
}

async function readCheckpoint(io: CliIo, command: string, file: string): Promise<AuditCheckpoint> {
  const text = (await readSmallFile(io, command, "--checkpoint", file)).toString("utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliExit(ExitCode.invalidInput, `${command}: --checkpoint ${file}: not JSON (${oneLine(error)})`);
  }
  const parsed = parseCheckpoint(value);
  if (!parsed.ok) {
    throw new CliExit(
      ExitCode.invalidInput,
      `${command}: --checkpoint ${file}: not an audit checkpoint:\n  ${parsed.errors.join("\n  ")}`,
    );
  }
  return parsed.value;
}

/** Writes beside the target and renames, so a reader never sees half a checkpoint. */
function writeReplacing(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text, { flag: "wx" });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function fileError(command: string, option: string, file: string, error: unknown): CliExit {
  const code = (error as { code?: unknown }).code;
  const reason =
    code === "EEXIST"
      ? "the file exists; a key pair is never overwritten (move it away or choose another name)"
      : code === "ENOENT"
        ? "its directory does not exist"
        : code === "EACCES"
          ? "permission denied"
          : oneLine(error);
  return new CliExit(ExitCode.invalidInput, `${command}: ${option} ${file}: ${reason}`);
}

export async function runVerify(
  io: CliIo,
  options: { db?: string; json?: boolean; checkpoint?: string; publicKey?: string },
) {
  const command = "audit verify";
  if ((options.checkpoint === undefined) !== (options.publicKey === undefined)) {
    throw new CliExit(
      ExitCode.invalidInput,
      `${command}: --checkpoint and --public-key go together (the checkpoint is checked with that key)`,
    );
  }
  const checking =
    options.checkpoint !== undefined && options.publicKey !== undefined
      ? {
          checkpoint: await readCheckpoint(io, command, options.checkpoint),
          publicKey: await readPublicKey(io, command, options.publicKey),
        }
      : undefined;
  const verification: AuditVerification | CheckpointedVerification = await withCliDatabase<
    AuditVerification | CheckpointedVerification
  >(
    options.db,
    io,
    command,
    (database) =>
      checking
        ? verifyAuditWithCheckpoint({ repos: database.repos, ...checking })
        : verifyAudit({ repos: database.repos }),
    { mustExist: true, migrate: false },
  );
  if (options.json) {
    io.out(`${JSON.stringify(verification, null, 2)}\n`);
  } else {
    const chainOk = "chainOk" in verification ? verification.chainOk : verification.ok;
    if (chainOk) {
      io.out(`audit chain intact: ${verification.records} record(s)\n`);
    } else {
      io.out(`audit chain BROKEN (${verification.records} record(s) present):\n`);
      for (const b of verification.breaks) io.out(`  - ${describeBreak(b)}\n`);
    }
    if ("checkpoint" in verification) {
      const c = verification.checkpoint;
      if (c.problem) {
        io.out(`checkpoint FAILED (record ${c.seq}, signed ${c.at}): ${describeCheckpointProblem(c.problem)}\n`);
      } else {
        io.out(`checkpoint holds: record ${c.seq} (signed ${c.at} with key ${c.keyId}) is still in the chain\n`);
      }
    }
  }
  if (!verification.ok) throw new CliExit(ExitCode.gateFailed);
}

export async function runCheckpoint(io: CliIo, options: { db?: string; key: string; out?: string }) {
  const command = "audit checkpoint";
  const privateKey = await readPrivateKey(io, command, options.key);
  const outcome = await withCliDatabase(
    options.db,
    io,
    command,
    (database) =>
      checkpointAudit({
        repos: database.repos,
        privateKey,
        publicKey: createPublicKey(privateKey),
        now: () => new Date(),
      }),
    { mustExist: true, migrate: false },
  );
  if (outcome.kind === "empty") {
    throw new CliExit(ExitCode.invalidInput, `${command}: the audit chain is empty: there is no head to checkpoint`);
  }
  if (outcome.kind === "broken") {
    const breaks = outcome.verification.breaks.map((b) => `  - ${describeBreak(b)}`).join("\n");
    throw new CliExit(
      ExitCode.gateFailed,
      `${command}: the audit chain is BROKEN, so no checkpoint was signed:\n${breaks}`,
    );
  }
  const text = `${JSON.stringify(outcome.checkpoint, null, 2)}\n`;
  if (options.out === undefined) {
    io.out(text);
    return;
  }
  try {
    writeReplacing(resolve(io.cwd, options.out), text);
  } catch (error) {
    throw fileError(command, "--out", options.out, error);
  }
  io.out(
    `checkpoint of record ${outcome.checkpoint.seq} (hash ${outcome.checkpoint.hash}) signed with key ` +
      `${outcome.checkpoint.keyId}, written to ${options.out}\n`,
  );
}

export function runKeygen(io: CliIo, options: { outPrivate: string; outPublic: string }) {
  const command = "audit keygen";
  const privatePath = resolve(io.cwd, options.outPrivate);
  const publicPath = resolve(io.cwd, options.outPublic);
  if (privatePath === publicPath) {
    throw new CliExit(ExitCode.invalidInput, `${command}: --out-private and --out-public name the same file`);
  }
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const privatePem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const publicPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  try {
    writeFileSync(privatePath, privatePem, { flag: "wx", mode: 0o600 });
  } catch (error) {
    throw fileError(command, "--out-private", options.outPrivate, error);
  }
  try {
    writeFileSync(publicPath, publicPem, { flag: "wx" });
  } catch (error) {
    // No half pair: the private key just written goes again.
    rmSync(privatePath, { force: true });
    throw fileError(command, "--out-public", options.outPublic, error);
  }
  io.out(
    `wrote the private key to ${options.outPrivate} and the public key to ${options.outPublic}\n` +
      `key id ${checkpointKeyId(publicKey)}\n`,
  );
}
