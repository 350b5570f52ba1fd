import { getTableColumns, type InferSelectModel, type Table } from "drizzle-orm";

/** A row as postgres.js returns it for raw queries (snake_case columns). */
export type Row = Record<string, unknown>;

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
 * A timestamp column as ISO 8601. On the shared client drizzle turns postgres.js's date parser off, so
 * raw queries return PostgreSQL's text form ("2026-11-23 17:26:00.123+00"); the API speaks ISO.
 */
export function isoTime(value: unknown): string {
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}
