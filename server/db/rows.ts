/** A row as postgres.js returns it for raw queries (snake_case columns). */
export type Row = Record<string, unknown>;

/**
 * A timestamp column as ISO 8601. On the shared client drizzle turns postgres.js's date parser off, so
 * raw queries return PostgreSQL's text form ("2026-11-23 17:26:00.123+00"); the API speaks ISO.
 */
export function isoTime(value: unknown): string {
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}
