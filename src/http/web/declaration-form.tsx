/** @jsxImportSource hono/jsx */
/**
 * The guided declaration form: writes a `cra-declaration/1` section by section, each field beside the clause it
 * answers. It is checked by the same parser as the CLI and the API (located errors, JSON pointers), then saved as
 * a new declaration version of a product or downloaded as YAML. Fields left empty are left out: a missing answer
 * is a finding of the assessment, not an error of the form.
 */
import type { Hono } from "hono";
import { stringify } from "yaml";
import { parseDeclaration } from "../../declaration/parse.js";
import type { InputIssue } from "../../domain/input-issue.js";
import { may } from "../../services/access.js";
import { putDeclaration } from "../../services/declarations.js";
import { listProducts } from "../../services/products.js";
import { serviceContext } from "../env.js";
import { productClasses } from "./catalog.js";
import { failurePage, type PageContext } from "./index.js";
import { Csrf, IssueList, Layout, renderPage, type Viewer, viewerOf } from "./render.js";
import { type FormBody, field, requireCsrf, requireSession, type WebEnv } from "./session.js";

type Kind = "text" | "email" | "url" | "date" | "month" | "country" | "yes-no" | "select" | "class";

export interface FormField {
  /** JSON pointer in the declaration. */
  path: string;
  label: string;
  kind: Kind;
  cite: string;
  options?: readonly string[];
  hint?: string;
}

export const SECTIONS: { title: string; fields: FormField[] }[] = [
  {
    title: "Manufacturer",
    fields: [
      { path: "/manufacturer/name", label: "Manufacturer name", kind: "text", cite: "Art. 13(16); Annex II (1)" },
      { path: "/manufacturer/postalAddress", label: "Postal address", kind: "text", cite: "Art. 13(16); Annex II (1)" },
      { path: "/manufacturer/email", label: "Contact email", kind: "email", cite: "Art. 13(16); Annex II (1)" },
      { path: "/manufacturer/website", label: "Website", kind: "url", cite: "Art. 13(16)" },
      {
        path: "/manufacturer/mainEstablishment",
        label: "Main establishment (country code)",
        kind: "country",
        cite: "Art. 14(7): decides the coordinating CSIRT",
        hint: "Two letters, e.g. DE",
      },
    ],
  },
  {
    title: "Product",
    fields: [
      { path: "/product/name", label: "Product name", kind: "text", cite: "Annex II (3)" },
      { path: "/product/version", label: "Version", kind: "text", cite: "Annex II (3); Annex VII (1)(b)" },
      { path: "/product/intendedPurpose", label: "Intended purpose", kind: "text", cite: "Art. 13(3); Annex II (4)" },
      { path: "/product/category", label: "Product class", kind: "class", cite: "Art. 7; Annexes III and IV; Art. 32" },
      { path: "/product/placedOnMarket", label: "Placed on the market", kind: "date", cite: "Art. 69; Annex I" },
    ],
  },
  {
    title: "Support period",
    fields: [
      {
        path: "/supportPeriod/end",
        label: "End of the support period",
        kind: "month",
        cite: "Art. 13(8) and (19); Annex II (7)",
        hint: "At least month and year",
      },
    ],
  },
  {
    title: "Secure by default",
    fields: [
      {
        path: "/defaults/credentials",
        label: "Default credentials",
        kind: "select",
        options: ["none", "unique-per-device", "user-set-at-first-use", "shared-default"],
        cite: "Annex I Part I (2)(b) and (d)",
      },
      {
        path: "/defaults/factoryReset",
        label: "Reset to the original state",
        kind: "yes-no",
        cite: "Annex I Part I (2)(b)",
      },
    ],
  },
  {
    title: "Security updates",
    fields: [
      {
        path: "/updates/mechanism",
        label: "Update mechanism",
        kind: "select",
        options: ["automatic", "user-initiated", "manual", "none"],
        cite: "Annex I Part I (2)(c)",
      },
      {
        path: "/updates/automaticByDefault",
        label: "Automatic security updates on by default",
        kind: "yes-no",
        cite: "Annex I Part I (2)(c)",
      },
      {
        path: "/updates/signed",
        label: "Updates signed and verified",
        kind: "yes-no",
        cite: "Annex I Part I (2)(f); Part II (7)",
      },
    ],
  },
  {
    title: "Vulnerability handling",
    fields: [
      {
        path: "/vulnerabilityHandling/cvdPolicyUrl",
        label: "Coordinated vulnerability disclosure policy (URL)",
        kind: "url",
        cite: "Annex I Part II (5)",
      },
      {
        path: "/vulnerabilityHandling/contact/email",
        label: "Address for reporting vulnerabilities",
        kind: "email",
        cite: "Art. 13(17); Annex I Part II (6); Annex II (2)",
      },
    ],
  },
];

const FIELD_LABELS = new Map(SECTIONS.flatMap((s) => s.fields.map((f) => [f.path, f.label] as const)));

/** The parser locates issues in the YAML the form wrote; the reader of the form knows the field, not the line. */
function byField(issue: InputIssue): InputIssue {
  const label = issue.path ? FIELD_LABELS.get(issue.path) : undefined;
  if (!label) return issue;
  const { line: _line, column: _column, ...rest } = issue;
  return { ...rest, path: label };
}

const FIELD_ID = (path: string) => `d${path.replaceAll("/", "-")}`;

/** The declaration the filled-in fields describe; empty fields are left out. */
export function declarationFromForm(form: FormBody): Record<string, unknown> {
  const out: Record<string, unknown> = { format: "cra-declaration/1" };
  for (const section of SECTIONS) {
    for (const f of section.fields) {
      const raw = field(form, FIELD_ID(f.path)).trim();
      if (raw === "") continue;
      const value = f.kind === "yes-no" ? raw === "yes" : raw;
      const keys = f.path.slice(1).split("/");
      let node = out;
      for (const key of keys.slice(0, -1)) {
        node[key] ??= {};
        node = node[key] as Record<string, unknown>;
      }
      node[keys.at(-1)!] = value;
    }
  }
  // A product name is what the format cannot do without; the parser says so if it is missing.
  return out;
}

function FieldInput(props: { f: FormField; value: string; issues: InputIssue[] }) {
  const { f, value } = props;
  const id = FIELD_ID(f.path);
  const describedBy = `${id}-cite${props.issues.length > 0 ? ` ${id}-err` : ""}`;
  const common = {
    id,
    name: id,
    "aria-describedby": describedBy,
    "aria-invalid": props.issues.length > 0 ? "true" : undefined,
  };
  let input: unknown;
  switch (f.kind) {
    case "select":
    case "yes-no": {
      const options = f.kind === "yes-no" ? ["yes", "no"] : (f.options ?? []);
      input = (
        <select {...common}>
          <option value="">Not answered</option>
          {options.map((o) => (
            <option value={o} selected={o === value}>
              {o}
            </option>
          ))}
        </select>
      );
      break;
    }
    case "class":
      input = (
        <select {...common}>
          <option value="">Not decided</option>
          {productClasses().map((c) => (
            <option value={c.id} selected={c.id === value}>
              {c.id} — {c.title} (routes:{" "}
              {[
                ...(c.routes?.allowed ?? []),
                ...(c.routes?.conditional ?? []).map((r) => `${r.route} if ${r.condition}`),
              ].join(", ") || "see Art. 32"}
              )
            </option>
          ))}
        </select>
      );
      break;
    default:
      input = (
        <input
          {...common}
          type={f.kind === "email" ? "email" : f.kind === "url" ? "url" : f.kind === "date" ? "date" : "text"}
          value={value}
          size={f.kind === "country" ? 4 : 50}
        />
      );
  }
  return (
    <div class="field">
      <label for={id}>{f.label}</label>
      {input}
      <p class="hint" id={`${id}-cite`}>
        {f.cite}
        {f.hint ? ` · ${f.hint}` : ""}
      </p>
      {props.issues.length > 0 ? (
        <p class="error" id={`${id}-err`}>
          {props.issues.map((i) => i.message).join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function DeclarationFormPage(props: {
  viewer: Viewer;
  products: { id: string; name: string }[];
  values: Record<string, string>;
  issues?: InputIssue[];
  checked?: boolean;
  productId?: string;
}) {
  const issues = props.issues ?? [];
  const known = new Set(SECTIONS.flatMap((s) => s.fields.map((f) => f.path)));
  const issuesAt = (path: string) => issues.filter((i) => i.path === path || i.path?.startsWith(`${path}/`));
  const other = issues.filter((i) => !i.path || ![...known].some((p) => i.path === p || i.path?.startsWith(`${p}/`)));
  return (
    <Layout title="Declaration form" viewer={props.viewer} path="/declarations/new">
      <h1>Write a declaration</h1>
      <p class="lead">
        A <code>cra-declaration/1</code>, section by section, each field beside the clause of Regulation (EU) 2024/2847
        it answers. Leave a field empty when you cannot answer it yet: the assessment will report it as a gap.
      </p>
      {issues.length > 0 ? <IssueList title="The declaration is not valid yet:" issues={issues.map(byField)} /> : null}
      {props.checked && issues.length === 0 ? (
        <p class="notice" role="status">
          The declaration is valid. Save it as a new version of a product or download it.
        </p>
      ) : null}
      <form method="post" action="/declarations/new" class="card">
        <Csrf token={props.viewer.csrfToken} />
        {SECTIONS.map((section) => (
          <fieldset>
            <legend>{section.title}</legend>
            {section.fields.map((f) => (
              <FieldInput f={f} value={props.values[FIELD_ID(f.path)] ?? ""} issues={issuesAt(f.path)} />
            ))}
          </fieldset>
        ))}
        {other.length > 0 ? <IssueList title="Other problems:" issues={other} /> : null}
        <div class="field">
          <label for="save-product">Save as a new version of</label>
          <select id="save-product" name="productId">
            {props.products.map((p) => (
              <option value={p.id} selected={p.id === props.productId}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <p class="inline">
          <button type="submit" name="action" value="check" class="secondary">
            Check
          </button>{" "}
          <button type="submit" name="action" value="save" disabled={props.products.length === 0}>
            Save as new declaration version
          </button>{" "}
          <button type="submit" name="action" value="download" class="secondary">
            Download YAML
          </button>
        </p>
      </form>
    </Layout>
  );
}

export function registerDeclarationForm(app: Hono<WebEnv>): void {
  const products = async (c: PageContext) => {
    const listed = await listProducts({
      ctx: serviceContext(c),
      input: { filter: {}, page: { limit: 100, offset: 0 } },
    });
    return listed.ok && may(c.get("principal"), "declaration:put")
      ? listed.value.items.map((p) => ({ id: p.id, name: p.name }))
      : [];
  };

  app.get("/declarations/new", requireSession, async (c) => {
    const productId = c.req.query("product");
    return renderPage(
      c,
      <DeclarationFormPage
        viewer={await viewerOf(c)}
        products={await products(c)}
        values={{}}
        {...(productId ? { productId } : {})}
      />,
    );
  });

  app.post("/declarations/new", requireSession, requireCsrf, async (c) => {
    const form = c.get("form");
    const values: Record<string, string> = {};
    for (const f of SECTIONS.flatMap((s) => s.fields)) values[FIELD_ID(f.path)] = field(form, FIELD_ID(f.path));
    const text = `# Written with the guided form of cra-assessor.\n${stringify(declarationFromForm(form))}`;
    const parsed = parseDeclaration(text);
    const action = field(form, "action");
    const productId = field(form, "productId");
    if (!parsed.ok || action === "check") {
      return renderPage(
        c,
        <DeclarationFormPage
          viewer={await viewerOf(c)}
          products={await products(c)}
          values={values}
          issues={parsed.ok ? [] : parsed.issues}
          checked={true}
          productId={productId}
        />,
        parsed.ok ? 200 : 422,
      );
    }
    if (action === "download") {
      return c.body(text, 200, {
        "content-type": "application/yaml; charset=utf-8",
        "content-disposition": 'attachment; filename="declaration.yaml"',
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      });
    }
    const stored = await putDeclaration({
      ctx: serviceContext(c),
      input: { productId, text, mediaType: "application/yaml" },
    });
    if (!stored.ok) return failurePage(c, stored.failure);
    return c.redirect(`/products/${productId}?done=declaration`, 303);
  });
}
