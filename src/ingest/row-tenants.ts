/**
 * The tenants a batch of rows belongs to, read from the datasource's `tenant_id` column as
 * the row check will read it (its JSONPath, after fixed columns are written in). Reported
 * with each flush so cached answers of other tenants stay valid (query/data-versions.ts).
 * A datasource without a String column of that name, or a row whose tenant is not a
 * string, makes the batch's tenants unknown.
 */
import type { Datasource } from "../project/model.ts";
import { compileJsonPath, type Reader } from "./json-path.ts";

export type TenantsOfRows = { add(row: unknown): void; readonly tenants: ReadonlySet<string> | undefined };

/** Only a String column stores the text it was sent (a UUID or number column would store it converted). */
const STRING_TYPE = /^(?:LowCardinality\()?String\)?$/;

export function tenantReader(ds: Datasource): Reader | undefined {
  const column = ds.columns.find((c) => c.name === "tenant_id");
  return column === undefined || !STRING_TYPE.test(column.type.replace(/\s+/g, "")) ? undefined : compileJsonPath(column.jsonPath ?? "$.tenant_id");
}

export function tenantsOfRows(read: Reader | undefined): TenantsOfRows {
  let tenants: Set<string> | undefined = read === undefined ? undefined : new Set();
  return {
    add(row) {
      if (tenants === undefined || read === undefined) return;
      const value = row !== null && typeof row === "object" && !Array.isArray(row) ? read(row as Record<string, unknown>) : undefined;
      if (typeof value === "string") tenants.add(value);
      else tenants = undefined;
    },
    get tenants() {
      return tenants;
    },
  };
}
