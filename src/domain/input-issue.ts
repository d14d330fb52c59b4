/**
 * Invalid input is a value, not an exception. Every parser and validator in the
 * project reports problems with the input as a list of `InputIssue`s that say where, what rule, and what to do.
 */
export interface InputIssue {
  /** JSON pointer (RFC 6901) into the document, e.g. `/components/3/purl`. Empty string is the document root. */
  path?: string;
  /** 1-based line and column, for XML and YAML input and for JSON syntax errors. */
  line?: number;
  column?: number;
  /** The constraint that was broken, short and stable: `required`, `type`, `enum`, `format`, `xsd`, `syntax`, `size-limit` … */
  constraint: string;
  /** A plain sentence a person can act on. */
  message: string;
  /** Which input the issue is in, when a call reads several (`sbom`, `declaration`, a file name …). */
  source?: string;
}

/**
 * Input refused: the located issues that stop us from producing a value, capped (`capIssues`), and how many more
 * were left out. The one failure shape of every reader, validator and use case that reads untrusted input.
 */
export interface Rejected {
  ok: false;
  issues: InputIssue[];
  omitted?: number;
}

/**
 * The result of reading untrusted input: a value, or why not. Results that carry more than one thing on success
 * (an SBOM's format, spec version and model; a report and its verdict) name those fields instead of `value`,
 * and share `Rejected` for the failure.
 */
export type Parsed<T> = { ok: true; value: T; warnings?: InputIssue[] } | Rejected;

/** Error lists are capped so a hostile document cannot make a report unbounded; the rest are counted. */
export const MAX_REPORTED_ISSUES = 100;

export function capIssues(issues: InputIssue[], max = MAX_REPORTED_ISSUES): { issues: InputIssue[]; omitted: number } {
  if (issues.length <= max) return { issues, omitted: 0 };
  return { issues: issues.slice(0, max), omitted: issues.length - max };
}
