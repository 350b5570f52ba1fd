import type { Sql } from "postgres";
import { transaction } from "../db/client.js";
import { isoTime as iso, type Row } from "../db/rows.js";
import { AppError, PersonaUnavailableError } from "../errors.js";
import { generatePersonaCandidate, normaliseEmail, type PersonaCandidate } from "./generator.js";
import { setAuditActor } from "./audit.js";
import { provenanceFields, type Persona, type PersonaPatch, type Provenance } from "./types.js";


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
    provenance: provenanceFromRow(row.provenance, row.created_at),
  };
}

/** The trigger-maintained provenance column, every field present (a row without one: the creation). */
function provenanceFromRow(value: unknown, createdAt: unknown): Provenance {
  const stored = (typeof value === "string" ? JSON.parse(value) : value ?? {}) as Record<string, { source?: string; at?: string }>;
  const out = {} as Provenance;
  for (const field of provenanceFields) {
    const entry = stored[field];
    out[field] = {
      source: (entry?.source ?? "synthetic") as Provenance[typeof field]["source"],
      at: iso(entry?.at ?? createdAt),
    };
  }
  return out;
}

const FIN_UNIQUE = "alem_personas_fin_code_unique";
const USER_UNIQUE = "alem_personas_user_id_unique";
const MAX_ATTEMPTS = 8;
const MAX_FIN_ATTEMPTS = 8;

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint_name?: string } | null;
  return e?.code === "23505" && e.constraint_name === constraint;
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
    // The name from the sign-in provider is `identity`; the trigger marks every other field `synthetic`.
    const provenance = input.name?.trim() ? { fullName: { source: "identity", at: new Date().toISOString() } } : {};
    try {
      // One statement, no transaction: the SELECT that names the actor for the audit trigger runs before
      // the row is inserted, and a transaction-local setting lasts as long as the statement.
      const rows = await sql`
        INSERT INTO alem_personas
          (user_id, email, full_name, fin_code, phone, region, crop_type, total_area_ha, experience_level,
           ektis_verified, data_source, last_login_at, provenance)
        SELECT ${input.userId}, ${email}, ${c.fullName}, ${c.finCode}, ${c.phone}, ${c.region}, ${c.cropType},
               ${c.totalAreaHa}, ${c.experienceLevel}, false, 'synthetic', now(), ${JSON.stringify(provenance)}::jsonb
          FROM (SELECT set_config('yonca.actor', 'system', true)) AS audit_actor
        ON CONFLICT (email) DO UPDATE SET last_login_at = now()
        RETURNING *`;
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
  input: { userId: string; patch: PersonaPatch; actor: "user" | "operator" },
): Promise<Persona> {
  return transaction(sql, async (tx) => {
    await setAuditActor(tx, { actor: input.actor });
    const [current] = await tx`SELECT * FROM alem_personas WHERE user_id = ${input.userId} FOR UPDATE`;
    if (!current) throw new AppError("not_found", "There is no farmer profile yet.", { status: 404 });
    const before = personaFromRow(current);
    const set: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(input.patch) as [keyof typeof columnOf, unknown][]) {
      if (value === undefined || !(field in columnOf) || before[field] === value) continue;
      set[columnOf[field]] = value;
    }
    if (Object.keys(set).length === 0) return before;
    const [row] = await tx`
      UPDATE alem_personas SET ${tx(set)}, updated_at = now() WHERE alem_persona_id = ${before.id} RETURNING *`;
    return personaFromRow(row!);
  });
}

/**
 * New synthetic values for the same persona (same id, email and name source): the next generation of
 * the email's seed, recorded as `regenerated`.
 */
export async function regeneratePersonaForUser(sql: Sql, input: { userId: string; name?: string | null }): Promise<Persona> {
  return transaction(sql, async (tx) => {
    await setAuditActor(tx, { actor: "user", source: "synthetic", kind: "regenerated" });
    const [current] = await tx`SELECT * FROM alem_personas WHERE user_id = ${input.userId} FOR UPDATE`;
    if (!current) throw new AppError("not_found", "There is no farmer profile yet.", { status: 404 });
    const before = personaFromRow(current);
    const [{ n }] = (await tx`SELECT count(*)::int AS n FROM persona_events
                              WHERE persona_id = ${before.id} AND kind = 'regenerated'`) as unknown as [{ n: number }];
    for (let finAttempt = 0; finAttempt < MAX_FIN_ATTEMPTS; finAttempt++) {
      const c = generatePersonaCandidate(before.email, { name: input.name, generation: n + 1, finAttempt });
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
  source: string | null;
  proposalId: string | null;
  /** The chat message that stated an accepted change, and its conversation (null when deleted). */
  messageId: string | null;
  conversationId: string | null;
  createdAt: string;
}

export async function listPersonaEvents(sql: Sql, input: { personaId: string; limit?: number }): Promise<PersonaEvent[]> {
  const rows = await sql`SELECT e.id, e.kind, e.changes, e.actor, e.source, e.proposal_id, e.message_id, m.conversation_id, e.created_at
                           FROM persona_events e LEFT JOIN messages m ON m.id = e.message_id
                          WHERE e.persona_id = ${input.personaId} ORDER BY e.created_at DESC, e.id LIMIT ${input.limit ?? 50}`;
  return rows.map((r) => ({
    id: String(r.id),
    kind: String(r.kind),
    changes: r.changes as PersonaEvent["changes"],
    actor: String(r.actor),
    source: r.source == null ? null : String(r.source),
    proposalId: r.proposal_id == null ? null : String(r.proposal_id),
    messageId: r.message_id == null ? null : String(r.message_id),
    conversationId: r.conversation_id == null ? null : String(r.conversation_id),
    createdAt: iso(r.created_at),
  }));
}
