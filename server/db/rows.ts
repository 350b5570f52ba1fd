import { getTableColumns, type InferSelectModel, type Table } from "drizzle-orm";

/**
 * A table's row as a raw statement returns it (`RETURNING *`, or `row_to_json(t)` inside a CTE):
 * snake_case keys, timestamps as PostgreSQL's text.
 */
export type RawRow = Record<string, unknown>;

/**
 * A row that a raw statement returned, decoded by the table's own drizzle columns (names, timestamps →
 * Date, numerics), so raw statements yield the same `$inferSelect` rows as the query builder.
 */
export function decodeRawRow<T extends Table>(table: T, json: RawRow): InferSelectModel<T> {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[column.name];
    out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return out as InferSelectModel<T>;
}

/**
 * A timestamp kept as text inside JSON (the provenance trigger writes PostgreSQL's form, "2026-11-23
 * 17:26:00.123+00") as ISO 8601, which the API speaks. Columns need none of this: drizzle decodes them.
 */
export function isoTime(value: unknown): string {
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}
