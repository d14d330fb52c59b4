import { randomUUID } from "node:crypto";

/**
 * The id source the service and the CLI pass to use cases (`ServiceDeps.newId`): unique ids with a readable
 * prefix, `prd_3f2c…`. Random, so tests never share fixed ids.
 */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll("-", "")}`;
}
