/** @jsxImportSource hono/jsx */
/**
 * `/docs`: the API reference rendered on the server from the OpenAPI document, with every `$ref` resolved in
 * place (a reader sees the fields, not a pointer) and an example for each body: the schema's own `example` where
 * it gives one, else one built from the schema (types, enums, formats). No inline script or style, so the page
 * runs under the same CSP as the rest of the interface; filtering is the shared script's `data-filter-list`.
 */
import { Layout, type Viewer } from "../render.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema; description?: string }[];
  requestBody?: { content?: Record<string, { schema?: Schema; example?: Json }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema; example?: Json }> }>;
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** Replaces `$ref`s by the schemas they name; a schema met again inside itself stays a named reference. */
export function resolveRefs(schema: Json, components: Record<string, Schema>, seen: string[] = []): Json {
  if (Array.isArray(schema)) return schema.map((s) => resolveRefs(s, components, seen));
  if (schema === null || typeof schema !== "object") return schema;
  const ref = schema.$ref;
  if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) {
    const name = ref.slice("#/components/schemas/".length);
    const target = components[name];
    if (!target || seen.includes(name)) return { $ref: ref };
    return { title: name, ...(resolveRefs(target, components, [...seen, name]) as Schema) };
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) out[key] = resolveRefs(value, components, seen);
  return out;
}

/** An example value for a resolved schema. */
export function exampleOf(schema: Json, depth = 0): Json {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema) || depth > 6) return null;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0] ?? null;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] ?? null;
  if (schema.const !== undefined) return schema.const;
  for (const key of ["oneOf", "anyOf", "allOf"]) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) return exampleOf(options[0] ?? null, depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const out: { [key: string]: Json } = {};
      const properties = schema.properties;
      if (properties && typeof properties === "object" && !Array.isArray(properties)) {
        for (const [key, value] of Object.entries(properties)) out[key] = exampleOf(value, depth + 1);
      }
      return out;
    }
    case "array":
      return [exampleOf(schema.items ?? null, depth + 1)];
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 0;
    case "boolean":
      return true;
    case "string":
      if (schema.format === "date") return "2028-03-15";
      if (schema.format === "date-time") return "2028-03-15T09:00:00Z";
      if (schema.format === "uri") return "https://example.com/";
      return "string";
    default:
      return null;
  }
}

const pretty = (value: Json) => JSON.stringify(value, null, 2);

function Body(props: {
  type: string;
  schema?: Schema | undefined;
  example?: Json | undefined;
  components: Record<string, Schema>;
}) {
  const resolved = props.schema ? resolveRefs(props.schema, props.components) : null;
  const example = props.example ?? (resolved ? exampleOf(resolved) : null);
  const textual = props.type.startsWith("text/") || props.type.includes("yaml") || props.type.includes("xml");
  return (
    <div>
      <p>
        <code>{props.type}</code>
      </p>
      {resolved ? (
        <details>
          <summary>Schema</summary>
          <pre>{pretty(resolved)}</pre>
        </details>
      ) : null}
      {example !== null && !(textual && example === "string") ? (
        <>
          <p class="hint">Example</p>
          <pre>{typeof example === "string" && textual ? example : pretty(example)}</pre>
        </>
      ) : null}
    </div>
  );
}

export function ApiDocsPage(props: { document: OpenApiDocument; viewer?: Viewer | undefined }) {
  const doc = props.document;
  const components = doc.components?.schemas ?? {};
  const byTag = new Map<string, { path: string; method: string; op: Operation }[]>();
  for (const path of Object.keys(doc.paths).sort()) {
    for (const method of METHODS) {
      const op = doc.paths[path]?.[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? "other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), { path, method, op }]);
    }
  }
  return (
    <Layout title="API reference" viewer={props.viewer} path="/docs">
      <h1>{doc.info.title}</h1>
      <p class="muted">
        Version {doc.info.version} · OpenAPI {doc.openapi} · <a href="/openapi.json">openapi.json</a>
      </p>
      <p class="lead">{doc.info.description ?? ""}</p>
      <label for="search">Filter operations</label>
      <input id="search" type="search" data-filter-list="details.op[data-search]" />
      {[...byTag.keys()].sort().map((tag) => (
        <section>
          <h2>{tag}</h2>
          {(byTag.get(tag) ?? []).map(({ path, method, op }) => (
            <details class="op" data-search={`${method} ${path} ${op.summary ?? ""}`.toLowerCase()}>
              <summary>
                <span class={`op-method ${method}`}>{method}</span> <code>{path}</code> <span>{op.summary ?? ""}</span>
                {op.security && op.security.length > 0 ? <span class="hint">key required</span> : null}
              </summary>
              <div>
                {op.description ? <p>{op.description}</p> : null}
                {op.parameters && op.parameters.length > 0 ? (
                  <>
                    <h3>Parameters</h3>
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">Name</th>
                          <th scope="col">In</th>
                          <th scope="col">Required</th>
                          <th scope="col">Schema</th>
                        </tr>
                      </thead>
                      <tbody>
                        {op.parameters.map((p) => (
                          <tr>
                            <td>
                              <code>{p.name}</code>
                            </td>
                            <td>{p.in}</td>
                            <td>{p.required ? "required" : "optional"}</td>
                            <td class="mono">{JSON.stringify(resolveRefs(p.schema ?? {}, components))}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </>
                ) : null}
                {op.requestBody?.content ? (
                  <>
                    <h3>Request body</h3>
                    {Object.entries(op.requestBody.content).map(([type, media]) => (
                      <Body type={type} schema={media.schema} example={media.example} components={components} />
                    ))}
                  </>
                ) : null}
                <h3>Responses</h3>
                {Object.keys(op.responses ?? {})
                  .sort()
                  .map((status) => {
                    const response = op.responses?.[status];
                    return (
                      <div>
                        <p>
                          <strong>{status}</strong> {response?.description ?? ""}
                        </p>
                        {Object.entries(response?.content ?? {}).map(([type, media]) => (
                          <Body type={type} schema={media.schema} example={media.example} components={components} />
                        ))}
                      </div>
                    );
                  })}
              </div>
            </details>
          ))}
        </section>
      ))}
      <h2>Schemas</h2>
      {Object.keys(components)
        .sort()
        .map((name) => (
          <details class="op" id={`schema-${name}`}>
            <summary>
              <code>{name}</code>
            </summary>
            <div>
              <pre>{pretty(resolveRefs(components[name] ?? {}, components, [name]))}</pre>
            </div>
          </details>
        ))}
    </Layout>
  );
}
