import type { Sql } from "postgres";
import type { ExportFile } from "../chat/plugins.js";
import { getPersonaByUserId } from "./queries.js";

const iso = (v: Date | string): string => new Date(v).toISOString();

interface EventRow {
  kind: string;
  changes: Record<string, { old: unknown; new: unknown }>;
  actor: string;
  source: string | null;
  proposal_id: string | null;
  message_id: string | null;
  created_at: Date | string;
}

interface ProposalRow {
  id: string;
  conversation_id: string | null;
  message_id: string | null;
  changes: Record<string, { old: unknown; new: unknown }>;
  status: string;
  created_at: Date | string;
  decided_at: Date | string | null;
}

const words = {
  az: {
    title: "Fermer profili", history: "Dəyişiklik tarixçəsi", proposals: "Məsləhətçinin təklifləri", none: "Yoxdur.",
    fields: { fullName: "Ad, soyad", finCode: "FİN", phone: "Telefon", region: "Region", cropType: "Əsas bitki", totalAreaHa: "Sahə (ha)", experienceLevel: "Təcrübə", ektisVerified: "EKTİS təsdiqi", dataSource: "Məlumat mənbəyi" } as Record<string, string>,
    about: { json: "fermer profili, dəyişiklik tarixçəsi və təkliflər", md: "fermer profili, oxumaq üçün" },
  },
  en: {
    title: "Farmer profile", history: "History of changes", proposals: "The advisor's proposals", none: "None.",
    fields: { fullName: "Full name", finCode: "FIN", phone: "Phone", region: "Region", cropType: "Main crop", totalAreaHa: "Area (ha)", experienceLevel: "Experience", ektisVerified: "EKTIS verified", dataSource: "Data source" } as Record<string, string>,
    about: { json: "farmer profile, its history of changes and proposals", md: "farmer profile, for reading" },
  },
};

const value = (v: unknown) => (v === null || v === undefined ? "—" : String(v).replace(/\s+/g, " "));
const when = (d: Date | string) => iso(d).slice(0, 16).replace("T", " ");

/** The persona plugin's part of the farmer's archive: the persona, its whole history and every proposal. */
export async function exportPersona(sql: Sql, input: { userId: string; language: "az" | "en" }): Promise<ExportFile[]> {
  const persona = await getPersonaByUserId(sql, { userId: input.userId });
  const events = persona
    ? await sql<EventRow[]>`SELECT kind, changes, actor, source, proposal_id, message_id, created_at FROM persona_events WHERE persona_id = ${persona.id} ORDER BY created_at, id`
    : [];
  const proposals = persona
    ? await sql<ProposalRow[]>`SELECT id, conversation_id, message_id, changes, status, created_at, decided_at FROM persona_proposals WHERE persona_id = ${persona.id} ORDER BY created_at, id`
    : [];
  const json = {
    persona,
    history: events.map((e) => ({ kind: e.kind, changes: e.changes, actor: e.actor, source: e.source, proposalId: e.proposal_id, messageId: e.message_id, createdAt: iso(e.created_at) })),
    proposals: proposals.map((p) => ({
      id: p.id, conversationId: p.conversation_id, messageId: p.message_id, changes: p.changes, status: p.status,
      createdAt: iso(p.created_at), decidedAt: p.decided_at ? iso(p.decided_at) : null,
    })),
  };
  const w = words[input.language];
  const field = (f: string) => w.fields[f] ?? f;
  const changes = (c: Record<string, { old: unknown; new: unknown }>) =>
    Object.entries(c).map(([f, { old, new: next }]) => `${field(f)}: ${value(old)} → ${value(next)}`).join("; ");
  const md = [
    `# ${w.title}`,
    "",
    ...(persona ? Object.keys(w.fields).map((f) => `- **${field(f)}:** ${value((persona as unknown as Record<string, unknown>)[f])}`) : [w.none]),
    "",
    `## ${w.history}`,
    "",
    ...(events.length ? events.map((e) => `- ${when(e.created_at)} · ${e.kind} · ${e.actor}: ${changes(e.changes)}`) : [w.none]),
    "",
    `## ${w.proposals}`,
    "",
    ...(proposals.length ? proposals.map((p) => `- ${when(p.created_at)} · ${p.status}: ${changes(p.changes)}`) : [w.none]),
    "",
  ].join("\n");
  return [
    { path: "persona.json", content: `${JSON.stringify(json, null, 2)}\n`, about: { az: words.az.about.json, en: words.en.about.json } },
    { path: "persona.md", content: md, about: { az: words.az.about.md, en: words.en.about.md } },
  ];
}
