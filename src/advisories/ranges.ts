/**
 * Affected-version ranges turned into intervals of one version scheme, so a component version is tested with
 * a few comparisons. OSV events follow the OSV schema's evaluation rule (ossf/osv-schema, "Evaluation"): sort
 * the events by version, `introduced` opens an affected stretch (`0` = from the beginning), `fixed` closes it
 * before that version, `last_affected` closes it after that version, and a stretch left open is unbounded.
 * `limit` events cap every stretch below the limit. vers ranges (purl-spec VERSION-RANGE-SPEC) are read the same
 * way: `>=`/`>` open, `<`/`<=` close, `=` lists a version, `!=` excludes one, `*` is every version.
 */
import type { AffectedRange, RangeEvent } from "./model.js";
import { schemeForVers, type VersionScheme } from "./versions/index.js";

interface Bound {
  version: unknown;
  inclusive: boolean;
}
interface Interval {
  lower?: Bound;
  upper?: Bound;
}

export interface CompiledRange {
  scheme: VersionScheme;
  intervals: Interval[];
  exact: unknown[];
  excluded: unknown[];
  limits: unknown[];
  /** Fixed versions named by the range, as written. */
  fixed: string[];
}

export type CompileResult = { ok: true; range: CompiledRange } | { ok: false; reason: string };

type EventKind = "introduced" | "fixed" | "last_affected" | "limit";

function eventOf(event: RangeEvent): [EventKind, string] {
  if ("introduced" in event) return ["introduced", event.introduced];
  if ("fixed" in event) return ["fixed", event.fixed];
  if ("last_affected" in event) return ["last_affected", event.last_affected];
  return ["limit", event.limit];
}

export function compileOsvEvents(events: RangeEvent[], scheme: VersionScheme): CompileResult {
  const parsed: { kind: EventKind; raw: string; version: unknown; zero: boolean }[] = [];
  for (const event of events) {
    const [kind, raw] = eventOf(event);
    const zero = kind === "introduced" && raw === "0";
    const version = zero ? undefined : scheme.parse(raw);
    if (!zero && version === undefined) return { ok: false, reason: `"${raw}" is not a ${scheme.id} version` };
    parsed.push({ kind, raw, version, zero });
  }
  // Stable sort: "0" first, then by version; events at the same version keep their written order.
  parsed.sort((a, b) => (a.zero ? (b.zero ? 0 : -1) : b.zero ? 1 : scheme.compare(a.version, b.version)));
  const intervals: Interval[] = [];
  const limits: unknown[] = [];
  const fixed: string[] = [];
  let open: Interval | undefined;
  for (const event of parsed) {
    switch (event.kind) {
      case "introduced":
        if (!open) open = event.zero ? {} : { lower: { version: event.version, inclusive: true } };
        break;
      case "fixed":
        fixed.push(event.raw);
        if (open) {
          intervals.push({ ...open, upper: { version: event.version, inclusive: false } });
          open = undefined;
        }
        break;
      case "last_affected":
        if (open) {
          intervals.push({ ...open, upper: { version: event.version, inclusive: true } });
          open = undefined;
        }
        break;
      case "limit":
        limits.push(event.version);
        break;
    }
  }
  if (open) intervals.push(open);
  return { ok: true, range: { scheme, intervals, exact: [], excluded: [], limits, fixed } };
}

const VERS_COMPARATOR = /^(>=|<=|!=|<|>|=)?(.*)$/;

export function compileVers(vers: string, fallback?: VersionScheme): CompileResult {
  const m = /^vers:([a-z0-9.+-]+)\/(.*)$/i.exec(vers.trim());
  if (!m) return { ok: false, reason: `"${vers}" is not a vers range (vers:<scheme>/<constraints>)` };
  const scheme = schemeForVers(m[1] as string) ?? fallback;
  if (!scheme) return { ok: false, reason: `the vers scheme "${m[1]}" is not supported` };
  const body = (m[2] as string).trim();
  if (body === "*") {
    return { ok: true, range: { scheme, intervals: [{}], exact: [], excluded: [], limits: [], fixed: [] } };
  }
  const constraints: { op: string; version: unknown }[] = [];
  for (const part of body.split("|")) {
    const c = VERS_COMPARATOR.exec(part.trim());
    const op = c?.[1] ?? "=";
    let raw = (c?.[2] ?? "").trim();
    try {
      raw = decodeURIComponent(raw);
    } catch {
      return { ok: false, reason: `"${part}" has a broken percent-encoding` };
    }
    const version = raw === "" ? undefined : scheme.parse(raw);
    if (version === undefined) return { ok: false, reason: `"${raw}" is not a ${scheme.id} version` };
    constraints.push({ op, version });
  }
  constraints.sort((a, b) => scheme.compare(a.version, b.version));
  const range: CompiledRange = { scheme, intervals: [], exact: [], excluded: [], limits: [], fixed: [] };
  let open: Interval | undefined;
  for (const { op, version } of constraints) {
    if (op === "=") range.exact.push(version);
    else if (op === "!=") range.excluded.push(version);
    else if (op === ">" || op === ">=") {
      if (!open) open = { lower: { version, inclusive: op === ">=" } };
    } else {
      range.intervals.push({ ...(open ?? {}), upper: { version, inclusive: op === "<=" } });
      open = undefined;
    }
  }
  if (open) range.intervals.push(open);
  // A vers made only of `!=` constraints means "every version but these".
  if (range.intervals.length === 0 && range.exact.length === 0 && range.excluded.length > 0) range.intervals.push({});
  return { ok: true, range };
}

export function compileRange(range: AffectedRange, scheme: VersionScheme | undefined): CompileResult {
  if (range.kind === "vers") return compileVers(range.vers, scheme);
  // OSV: SEMVER ranges are semver whatever the ecosystem; ECOSYSTEM ranges need the ecosystem's own order.
  if (!scheme) return { ok: false, reason: "the ecosystem's version order is not supported" };
  return compileOsvEvents(range.events, scheme);
}

/** True when the parsed version (of `range.scheme`) lies in the range. */
export function inRange(range: CompiledRange, version: unknown): boolean {
  const cmp = range.scheme.compare;
  for (const excluded of range.excluded) if (cmp(version, excluded) === 0) return false;
  for (const limit of range.limits) if (cmp(version, limit) >= 0) return false;
  for (const exact of range.exact) if (cmp(version, exact) === 0) return true;
  for (const { lower, upper } of range.intervals) {
    if (lower) {
      const c = cmp(version, lower.version);
      if (c < 0 || (c === 0 && !lower.inclusive)) continue;
    }
    if (upper) {
      const c = cmp(version, upper.version);
      if (c > 0 || (c === 0 && !upper.inclusive)) continue;
    }
    return true;
  }
  return false;
}
