import { sql } from "drizzle-orm";
import { boolean, check, index, jsonb, numeric, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { conversations, messages, users } from "../db/schema.js";

/**
 * The persona plugin's own tables: the farmer's profile, its history and the advisor's proposals. Their
 * triggers (audit trail, provenance) are in the migrations (server/personas/audit.ts lists them).
 */
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** The original design's table and column names, so operators' SQL keeps working (docs/protocol.md, SQL). */
export const alemPersonas = pgTable(
  "alem_personas",
  {
    id: uuid("alem_persona_id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .unique()
      .references(() => users.id, { onDelete: "cascade" }),
    email: text("email").notNull().unique(),
    fullName: text("full_name").notNull(),
    finCode: text("fin_code").notNull().unique(),
    phone: text("phone").notNull(),
    region: text("region").notNull(),
    cropType: text("crop_type").notNull(),
    totalAreaHa: numeric("total_area_ha", { precision: 7, scale: 1, mode: "number" }).notNull(),
    experienceLevel: text("experience_level", { enum: ["novice", "intermediate", "expert"] }).notNull(),
    ektisVerified: boolean("ektis_verified").notNull().default(false),
    dataSource: text("data_source", { enum: ["synthetic", "oauth", "mygov"] }).notNull().default("synthetic"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }).notNull().defaultNow(),
    /** { field: { source, at } }: maintained by the alem_personas_provenance trigger (migrations/0007_persona_audit_trigger.sql). */
    provenance: jsonb("provenance").$type<Record<string, { source: string; at: string }>>().notNull().default({}),
  },
  (t) => [
    check("alem_personas_email_lower_case", sql`${t.email} = lower(${t.email})`),
    check("alem_personas_experience_level", sql`${t.experienceLevel} IN ('novice', 'intermediate', 'expert')`),
    check("alem_personas_data_source", sql`${t.dataSource} IN ('synthetic', 'oauth', 'mygov')`),
    check("alem_personas_total_area_positive", sql`${t.totalAreaHa} > 0`),
    // Only real government data may ever be shown as verified.
    check("alem_personas_verified_only_mygov", sql`NOT ${t.ektisVerified} OR ${t.dataSource} = 'mygov'`),
    index("alem_personas_region_crop_idx").on(t.region, t.cropType),
  ],
);

/** Persona history: answers "where did this value come from". */
export const personaEvents = pgTable(
  "persona_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personaId: uuid("persona_id")
      .notNull()
      .references(() => alemPersonas.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["created", "login", "updated", "regenerated"] }).notNull(),
    /** { field: { old, new } } for updates; the created values for `created`. */
    changes: jsonb("changes").$type<Record<string, { old: unknown; new: unknown }>>().notNull().default({}),
    /** who made the change: "system", "user", "advisor", "operator", "seed" */
    actor: text("actor").notNull(),
    /** provenance source the change gave its fields (synthetic, identity, user, chat, database, mygov) */
    source: text("source"),
    /** an accepted proposal, and the chat message that stated it */
    proposalId: uuid("proposal_id").references(() => personaProposals.id, { onDelete: "set null" }),
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    check("persona_events_kind", sql`${t.kind} IN ('created', 'login', 'updated', 'regenerated')`),
    index("persona_events_persona_idx").on(t.personaId, t.createdAt),
    index("persona_events_message_idx").on(t.messageId),
    index("persona_events_proposal_idx").on(t.proposalId),
  ],
);

/** The advisor's proposals to change a persona: only the farmer's decision applies them (docs/protocol.md). */
export const personaProposals = pgTable(
  "persona_proposals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personaId: uuid("persona_id")
      .notNull()
      .references(() => alemPersonas.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").references(() => conversations.id, { onDelete: "set null" }),
    /** the user message that stated the fact */
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "set null" }),
    changes: jsonb("changes").$type<Record<string, { old: unknown; new: unknown }>>().notNull(),
    status: text("status", { enum: ["pending", "accepted", "dismissed", "stale"] }).notNull().default("pending"),
    createdAt: createdAt(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [
    check("persona_proposals_status", sql`${t.status} IN ('pending', 'accepted', 'dismissed', 'stale')`),
    index("persona_proposals_pending_idx").on(t.personaId, t.createdAt).where(sql`${t.status} = 'pending'`),
    index("persona_proposals_message_idx").on(t.messageId),
    index("persona_proposals_conversation_idx").on(t.conversationId),
  ],
);

export type PersonaRow = typeof alemPersonas.$inferSelect;
