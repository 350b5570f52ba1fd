import DataLoader from "dataloader";
import { LRUCache } from "lru-cache";
import { and, count, desc, eq, inArray, sql as expr } from "drizzle-orm";
import type { Sql } from "postgres";
import { dbOf, prepared, transaction, type Db } from "../db/client.js";
import { databaseError, isUniqueViolation } from "../db/errors.js";
import { decodeRawRow, isoTime as iso, type RawRow } from "../db/rows.js";
import { messages } from "../db/schema.js";
import { alemPersonas, personaEvents, personaProposals, type PersonaRow } from "./schema.js";
import { errors } from "../errors.js";
import { PersonaUnavailableError } from "./errors.js";
import { generatePersonaCandidate, normaliseEmail, type PersonaCandidate } from "./generator.js";
import { setAuditActor } from "./audit.js";
import { proposalFromRow, type Proposal } from "./proposal-row.js";
import { provenanceFields, type Persona, type PersonaPatch, type Provenance } from "./types.js";


/** A stored persona as the API speaks it: times as ISO text, every field's provenance present. */
export function personaFromRow(row: PersonaRow): Persona {
  const { provenance, createdAt, updatedAt, lastLoginAt, ...fields } = row;
  return {
    ...fields,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    lastLoginAt: lastLoginAt.toISOString(),
    provenance: completeProvenance(provenance, createdAt),
  };
}

/** The trigger-maintained provenance column, every field present (a field without an entry: the creation). */
function completeProvenance(stored: PersonaRow["provenance"], createdAt: Date): Provenance {
  const out = {} as Provenance;
  for (const field of provenanceFields) {
    const entry = stored[field];
    out[field] = {
      source: (entry?.source ?? "synthetic") as Provenance[typeof field]["source"],
      // The trigger writes PostgreSQL's text form of now(); the API speaks ISO.
      at: entry?.at ? iso(entry.at) : createdAt.toISOString(),
    };
  }
  return out;
}

const FIN_UNIQUE = "alem_personas_fin_code_unique";
const USER_UNIQUE = "alem_personas_user_id_unique";
const MAX_ATTEMPTS = 8;
const MAX_FIN_ATTEMPTS = 8;

/**
 * Just-in-time provisioning (README.md, "Just-in-time provisioning"): the stored persona for this user, created if absent, in one
 * statement. The stored row always wins, so any number of concurrent connects for one email see one
 * persona. A FIN taken by another persona (a unique violation ON CONFLICT (email) does not absorb) is
 * retried with a new FIN. Any database failure is a PersonaUnavailableError, never "not found".
 */
export async function provisionPersona(
  sql: Sql,
  input: { userId: string; email: string; name?: string | null },
): Promise<Persona> {
  return (await provisionWithProposals(sql, input)).persona;
}

/** Candidates kept by firstCandidate (the most recently used; ~0.4 KB each). */
const firstCandidates = new LRUCache<string, PersonaCandidate>({ max: 10_000 });

/**
 * The candidate a farmer's provisioning statement carries, kept: it is seeded by the email and the claimed
 * name (server/personas/generator.ts), so it is the same every time, and a returning farmer's connect sends
 * it only to have it unused (the persona exists). Faker's work is done once per farmer, not per connect.
 */
function firstCandidate(email: string, name: string | null | undefined): PersonaCandidate {
  const key = `${email}\n${name ?? ""}`;
  let candidate = firstCandidates.get(key);
  if (!candidate) {
    candidate = generatePersonaCandidate(email, { name });
    firstCandidates.set(key, candidate);
  }
  return candidate;
}

/**
 * provisionPersona, and in the same statement the persona's pending proposals (newest first): a chat start
 * is one round trip. A persona created by this very statement has none.
 */
export async function provisionWithProposals(
  sql: Sql,
  input: { userId: string; email: string; name?: string | null },
): Promise<{ persona: Persona; proposals: Proposal[] }> {
  const email = normaliseEmail(input.email);
  let finAttempt = 0;
  for (let attempt = 1; ; attempt++) {
    const c = finAttempt === 0 ? firstCandidate(email, input.name) : generatePersonaCandidate(email, { name: input.name, finAttempt });
    // The name from the sign-in provider is `identity`; the trigger marks every other field `synthetic`.
    const provenance = input.name?.trim() ? { fullName: { source: "identity", at: new Date().toISOString() } } : {};
    try {
      // One statement, no transaction: the SELECT that names the actor for the audit trigger runs before
      // the row is inserted, and a transaction-local setting lasts as long as the statement. Raw: drizzle
      // cannot insert from such a SELECT with ON CONFLICT; the row is decoded by the schema.
      // A persona whose last login is less than a minute old is only read: GET /api/me and reconnects write
      // the row at most once a minute, not on every call.
      const rows = await sql<(RawRow & { pending_proposals: RawRow[] })[]>`
        WITH fresh AS (
          SELECT * FROM alem_personas WHERE email = ${email} AND last_login_at > now() - interval '1 minute'
        ), stored AS (
          INSERT INTO alem_personas
            (user_id, email, full_name, fin_code, phone, region, crop_type, total_area_ha, experience_level,
             ektis_verified, data_source, last_login_at, provenance)
          SELECT ${input.userId}, ${email}, ${c.fullName}, ${c.finCode}, ${c.phone}, ${c.region}, ${c.cropType},
                 ${c.totalAreaHa}, ${c.experienceLevel}, false, 'synthetic', now(), ${JSON.stringify(provenance)}::jsonb
            FROM (SELECT set_config('yonca.actor', 'system', true)) AS audit_actor
           WHERE NOT EXISTS (SELECT 1 FROM fresh)
          ON CONFLICT (email) DO UPDATE SET last_login_at = now()
          RETURNING *
        )
        SELECT p.*, (
          SELECT coalesce(json_agg(row_to_json(pp) ORDER BY pp.created_at DESC, pp.id), '[]') FROM persona_proposals pp
           WHERE pp.persona_id = p.alem_persona_id AND pp.status = 'pending'
        ) AS pending_proposals
          FROM (SELECT * FROM fresh UNION ALL SELECT * FROM stored) p`;
      // A row inserted by a concurrent first connect after this statement's snapshot: the next try reads it.
      if (rows.length === 0 && attempt < MAX_ATTEMPTS) continue;
      const row = rows[0]!;
      return {
        persona: personaFromRow(decodeRawRow(alemPersonas, row)),
        proposals: row.pending_proposals.map((p) => proposalFromRow(decodeRawRow(personaProposals, p))),
      };
    } catch (caught) {
      const error = databaseError(caught);
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
  const [row] = await dbOf(sql).select().from(alemPersonas).where(eq(alemPersonas.email, normaliseEmail(input.email)));
  return row ? personaFromRow(row) : null;
}

export async function getPersonaByUserId(sql: Sql, input: { userId: string }): Promise<Persona | null> {
  const [row] = await prepared(dbOf(sql), personaByUserIdQuery).execute({ userId: input.userId });
  return row ? personaFromRow(row) : null;
}

const personaByUserIdQuery = (db: Db) =>
  db.select().from(alemPersonas).where(eq(alemPersonas.userId, expr.placeholder("userId"))).prepare("persona_by_user");

/**
 * Reads personas by user id, the reads asked for in the same turn of the event loop in one query (dataloader,
 * batching only: no cache, each read sees the stored persona). A burst of questions starts its replies
 * together, and each reply reads its farmer's persona once (server/agent/plugin.ts): one query for them all
 * instead of one each.
 */
export function personaReader(sql: Sql): (userId: string) => Promise<Persona | null> {
  const loader = new DataLoader<string, Persona | null>(
    async (userIds) => {
      if (userIds.length === 1) return [await getPersonaByUserId(sql, { userId: userIds[0]! })];
      const rows = await dbOf(sql).select().from(alemPersonas).where(inArray(alemPersonas.userId, [...userIds]));
      const byUser = new Map(rows.map((row) => [row.userId, personaFromRow(row)]));
      return userIds.map((id) => byUser.get(id) ?? null);
    },
    { cache: false, maxBatchSize: 500 },
  );
  return (userId) => loader.load(userId);
}

/** The fields a patch may change (PersonaPatch), as drizzle sets them. */
const patchFields = ["region", "cropType", "totalAreaHa", "experienceLevel"] as const;

/**
 * Changes the farmer's own facts and records old → new in persona_events, in one transaction.
 * Fields whose value does not change are not recorded. Returns the stored row.
 */
export async function updatePersonaForUser(
  sql: Sql,
  input: { userId: string; patch: PersonaPatch; actor: "user" | "operator" },
): Promise<Persona> {
  return transaction(sql, async (tx, db) => {
    await setAuditActor(tx, { actor: input.actor });
    const [current] = await db.select().from(alemPersonas).where(eq(alemPersonas.userId, input.userId)).for("update");
    if (!current) throw errors.notFound("There is no farmer profile yet.");
    const set: PersonaPatch = {};
    for (const field of patchFields) {
      const value = input.patch[field];
      if (value === undefined || current[field] === value) continue;
      (set as Record<string, unknown>)[field] = value;
    }
    if (Object.keys(set).length === 0) return personaFromRow(current);
    const [row] = await db
      .update(alemPersonas)
      .set({ ...set, updatedAt: expr`now()` })
      .where(eq(alemPersonas.id, current.id))
      .returning();
    return personaFromRow(row!);
  });
}

/**
 * New synthetic values for the same persona (same id, email and name source): the next generation of
 * the email's seed, recorded as `regenerated`.
 */
export async function regeneratePersonaForUser(sql: Sql, input: { userId: string; name?: string | null }): Promise<Persona> {
  return transaction(sql, async (tx, db) => {
    await setAuditActor(tx, { actor: "user", source: "synthetic", kind: "regenerated" });
    const [current] = await db.select().from(alemPersonas).where(eq(alemPersonas.userId, input.userId)).for("update");
    if (!current) throw errors.notFound("There is no farmer profile yet.");
    const [regenerations] = await db
      .select({ n: count() })
      .from(personaEvents)
      .where(and(eq(personaEvents.personaId, current.id), eq(personaEvents.kind, "regenerated")));
    const n = regenerations?.n ?? 0;
    for (let finAttempt = 0; finAttempt < MAX_FIN_ATTEMPTS; finAttempt++) {
      const c: PersonaCandidate = generatePersonaCandidate(current.email, { name: input.name, generation: n + 1, finAttempt });
      // A savepoint per attempt (raw: drizzle has none outside its own transactions): a FIN collision
      // rolls back only this attempt, not the transaction.
      await tx`SAVEPOINT regenerate_attempt`;
      try {
        const [row] = await db
          .update(alemPersonas)
          .set({
            fullName: c.fullName, finCode: c.finCode, phone: c.phone, region: c.region, cropType: c.cropType,
            totalAreaHa: c.totalAreaHa, experienceLevel: c.experienceLevel, ektisVerified: false, dataSource: "synthetic",
            updatedAt: expr`now()`,
          })
          .where(eq(alemPersonas.id, current.id))
          .returning();
        await tx`RELEASE SAVEPOINT regenerate_attempt`;
        return personaFromRow(row!);
      } catch (error) {
        await tx`ROLLBACK TO SAVEPOINT regenerate_attempt`;
        if (!isUniqueViolation(databaseError(error), FIN_UNIQUE)) throw error;
      }
    }
    throw errors.unavailable(undefined, "Could not find a free FIN code; try again.");
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
  const rows = await dbOf(sql)
    .select({
      id: personaEvents.id,
      kind: personaEvents.kind,
      changes: personaEvents.changes,
      actor: personaEvents.actor,
      source: personaEvents.source,
      proposalId: personaEvents.proposalId,
      messageId: personaEvents.messageId,
      conversationId: messages.conversationId,
      createdAt: personaEvents.createdAt,
    })
    .from(personaEvents)
    .leftJoin(messages, eq(messages.id, personaEvents.messageId))
    .where(eq(personaEvents.personaId, input.personaId))
    .orderBy(desc(personaEvents.createdAt), personaEvents.id)
    .limit(input.limit ?? 50);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
