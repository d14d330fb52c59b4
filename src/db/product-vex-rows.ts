/**
 * The row shape of `product_vex`, identical in both dialects (all text columns), and its conversion to and from
 * the domain's `ProductVexStatement`: `responses` is stored as a JSON array, absent optional fields as NULL.
 */
import type { ImpactJustification, ImpactResponse, ImpactState, ProductVexStatement } from "../domain/vex.js";

export interface ProductVexRow {
  productId: string;
  organizationId: string;
  productVersion: string;
  vulnerability: string;
  component: string;
  state: string;
  justification: string | null;
  responses: string;
  detail: string | null;
  author: string;
  updatedAt: string;
}

export function toVexRow(statement: ProductVexStatement): ProductVexRow {
  return {
    productId: statement.productId,
    organizationId: statement.organizationId,
    productVersion: statement.productVersion,
    vulnerability: statement.vulnerability,
    component: statement.component,
    state: statement.state,
    justification: statement.justification ?? null,
    responses: JSON.stringify(statement.responses),
    detail: statement.detail ?? null,
    author: statement.author,
    updatedAt: statement.updatedAt,
  };
}

export function fromVexRow(row: ProductVexRow): ProductVexStatement {
  return {
    productId: row.productId,
    organizationId: row.organizationId,
    productVersion: row.productVersion,
    vulnerability: row.vulnerability,
    component: row.component,
    state: row.state as ImpactState,
    ...(row.justification ? { justification: row.justification as ImpactJustification } : {}),
    responses: JSON.parse(row.responses) as ImpactResponse[],
    ...(row.detail ? { detail: row.detail } : {}),
    author: row.author,
    updatedAt: row.updatedAt,
  };
}
