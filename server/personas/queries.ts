import type { Sql } from "postgres";
import { transaction } from "../db/client.js";
import { isoTime as iso, type Row } from "../db/rows.js";
import { AppError, PersonaUnavailableError } from "../errors.js";
import { generatePersonaCandidate, normaliseEmail, type PersonaCandidate } from "./generator.js";
import type { Persona, PersonaPatch } from "./types.js";


/** alem_personas row (snake_case, as postgres.js returns it) → the API's persona. */
export function personaFromRow(row: Row): Persona {
  return {
    id: String(row.alem_persona_id),
    userId: String(row.user_id),
    email: String(row.email),
    fullName: String(row.full_name),
    finCode: String(row.fin_code),
    phone: String(row.phone),
    region: String(row.region),
    cropType: String(row.crop_type),
    totalAreaHa: Number(row.total_area_ha),
    experienceLevel: row.experience_level as Persona["experienceLevel"],
    ektisVerified: Boolean(row.ektis_verified),
    dataSource: row.data_source as Persona["dataSource"],
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    lastLoginAt: iso(row.last_login_at),
  };
}

const FIN_UNIQUE = "alem_personas_fin_code_unique";
const USER_UNIQUE = "alem_personas_user_id_unique";
const MAX_ATTEMPTS = 8;
const MAX_FIN_ATTEMPTS = 8;

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint_name?: string } | null;
  return e?.code === "23505" && e.constraint_name === constraint;
}

/** The values a `created` event records: where the farm facts came from (FIN and phone stay out of history). */
function createdChanges(c: PersonaCandidate, nameFromIdentity: boolean) {
  return {
    fullName: { old: null, new: nameFromIdentity ? "identity provider" : "synthetic" },
    region: { old: null, new: c.region },
    cropType: { old: null, new: c.cropType },
    totalAreaHa: { old: null, new: c.totalAreaHa },
    experienceLevel: { old: null, new: c.experienceLevel },
  };
}

/**
 * Just-in-time provisioning (DESIGN.md): the stored persona for this user, created if absent, in one
 * statement. The stored row always wins, so any number of concurrent connects for one email see one
 * persona. A FIN taken by another persona (a unique violation ON CONFLICT (email) does not absorb) is
 * retried with a new FIN. Any database failure is a PersonaUnavailableError, never "not found".
 */
export async function provisionPersona(
  sql: Sql,
  input: { userId: string; email: string; name?: string | null },
): Promise<Persona> {
  const email = normaliseEmail(input.email);
  let finAttempt = 0;
  for (let attempt = 1; ; attempt++) {
    const c = generatePersonaCandidate(email, { name: input.name, finAttempt });
    const changes = createdChanges(c, Boolean(input.name?.trim()));
    try {
      const rows = await sql`
        WITH provisioned AS (
          INSERT INTO alem_personas
            (user_id, email, full_name, fin_code, phone, region, crop_type, total_area_ha, experience_level,
             ektis_verified, data_source, last_login_at)
          VALUES (${input.userId}, ${email}, ${c.fullName}, ${c.finCode}, ${c.phone}, ${c.region}, ${c.cropType},
                  ${c.totalAreaHa}, ${c.experienceLevel}, false, 'synthetic', now())
          ON CONFLICT (email) DO UPDATE SET last_login_at = now()
          RETURNING *, (xmax = 0) AS inserted
        ), created_event AS (
          INSERT INTO persona_events (persona_id, kind, changes, actor)
          SELECT alem_persona_id, 'created', ${JSON.stringify(changes)}::jsonb, 'system' FROM provisioned WHERE inserted
        )
        SELECT * FROM provisioned`;
      return personaFromRow(rows[0]!);
    } catch (error) {
      if (attempt < MAX_ATTEMPTS) {
        if (isUniqueViolation(error, FIN_UNIQUE)) {
          finAttempt++;
          continue;
        }
        // A concurrent first insert for this user committed between our conflict check and our insert;
        // unique indexes other than the ON CONFLICT target raise instead of waiting. Now the row exists,
        // so the same statement takes the ON CONFLICT path.
        if (isUniqueViolation(error, USER_UNIQUE)) continue;
      }
      throw new PersonaUnavailableError(error);
    }
  }
}

export async function getPersonaByEmail(sql: Sql, input: { email: string }): Promise<Persona | null> {
  const rows = await sql`SELECT * FROM alem_personas WHERE email = ${normaliseEmail(input.email)}`;
  return rows[0] ? personaFromRow(rows[0]) : null;
}

export async function getPersonaByUserId(sql: Sql, input: { userId: string }): Promise<Persona | null> {
  const rows = await sql`SELECT * FROM alem_personas WHERE user_id = ${input.userId}`;
  return rows[0] ? personaFromRow(rows[0]) : null;
}

const columnOf = {
  region: "region",
  cropType: "crop_type",
  totalAreaHa: "total_area_ha",
  experienceLevel: "experience_level",
} as const;

/**
 * Changes the farmer's own facts and records old → new in persona_events, in one transaction.
 * Fields whose value does not change are not recorded. Returns the stored row.
 */
export async function updatePersonaForUser(
  sql: Sql,
  input: { userId: string; patch: PersonaPatch; actor: "user" | "advisor" | "operator" },
): Promise<Persona> {
  return transaction(sql, async (tx) => {
    const [current] = await tx`SELECT * FROM alem_personas WHERE user_id = ${input.userId} FOR UPDATE`;
    if (!current) throw new AppError("not_found", "There is no farmer profile yet.", { status: 404 });
    const before = personaFromRow(current);
    const changes: Record<string, { old: unknown; new: unknown }> = {};
    const set: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(input.patch) as [keyof typeof columnOf, unknown][]) {
      if (value === undefined || !(field in columnOf) || before[field] === value) continue;
      changes[field] = { old: before[field], new: value };
      set[columnOf[field]] = value;
    }
    if (Object.keys(set).length === 0) return before;
    const [row] = await tx`
      UPDATE alem_personas SET ${tx(set)}, updated_at = now() WHERE alem_persona_id = ${before.id} RETURNING *`;
    await tx`INSERT INTO persona_events (persona_id, kind, changes, actor)
             VALUES (${before.id}, 'updated', ${JSON.stringify(changes)}::jsonb, ${input.actor})`;
    return personaFromRow(row!);
  });
}

/**
 * New synthetic values for the same persona (same id, email and name source): the next generation of
 * the email's seed, recorded as `regenerated`.
 */
export async function regeneratePersonaForUser(sql: Sql, input: { userId: string; name?: string | null }): Promise<Persona> {
  return transaction(sql, async (tx) => {
    const [current] = await tx`SELECT * FROM alem_personas WHERE user_id = ${input.userId} FOR UPDATE`;
    if (!current) throw new AppError("not_found", "There is no farmer profile yet.", { status: 404 });
    const before = personaFromRow(current);
    const [{ n }] = (await tx`SELECT count(*)::int AS n FROM persona_events
                              WHERE persona_id = ${before.id} AND kind = 'regenerated'`) as unknown as [{ n: number }];
    for (let finAttempt = 0; finAttempt < MAX_FIN_ATTEMPTS; finAttempt++) {
      const c = generatePersonaCandidate(before.email, { name: input.name, generation: n + 1, finAttempt });
      const fields = ["fullName", "region", "cropType", "totalAreaHa", "experienceLevel"] as const;
      const changes: Record<string, { old: unknown; new: unknown }> = {};
      for (const f of fields) if (before[f] !== c[f]) changes[f] = { old: before[f], new: c[f] };
      // A savepoint per attempt: a FIN collision rolls back only this attempt, not the transaction.
      await tx`SAVEPOINT regenerate_attempt`;
      try {
        const [row] = await tx`
          UPDATE alem_personas SET full_name = ${c.fullName}, fin_code = ${c.finCode}, phone = ${c.phone},
                 region = ${c.region}, crop_type = ${c.cropType}, total_area_ha = ${c.totalAreaHa},
                 experience_level = ${c.experienceLevel}, ektis_verified = false, data_source = 'synthetic',
                 updated_at = now()
           WHERE alem_persona_id = ${before.id} RETURNING *`;
        await tx`RELEASE SAVEPOINT regenerate_attempt`;
        await tx`INSERT INTO persona_events (persona_id, kind, changes, actor)
                 VALUES (${before.id}, 'regenerated', ${JSON.stringify(changes)}::jsonb, 'user')`;
        return personaFromRow(row!);
      } catch (error) {
        await tx`ROLLBACK TO SAVEPOINT regenerate_attempt`;
        if (!isUniqueViolation(error, FIN_UNIQUE)) throw error;
      }
    }
    throw new AppError("unavailable", "Could not find a free FIN code; try again.", { status: 503, retryable: true });
  });
}

export interface PersonaEvent {
  id: string;
  kind: string;
  changes: Record<string, { old: unknown; new: unknown }>;
  actor: string;
  createdAt: string;
}

export async function listPersonaEvents(sql: Sql, input: { personaId: string; limit?: number }): Promise<PersonaEvent[]> {
  const rows = await sql`SELECT id, kind, changes, actor, created_at FROM persona_events
                          WHERE persona_id = ${input.personaId} ORDER BY created_at DESC, id LIMIT ${input.limit ?? 50}`;
  return rows.map((r) => ({
    id: String(r.id),
    kind: String(r.kind),
    changes: r.changes as PersonaEvent["changes"],
    actor: String(r.actor),
    createdAt: iso(r.created_at),
  }));
}
