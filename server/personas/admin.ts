import { Router } from "express";
import type { Sql } from "postgres";
import { z } from "zod";
import { singleLineText } from "../validation.js";
import { currentUser, requireUser } from "../http/user.js";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { errors } from "../errors.js";
import { route } from "../http/errors.js";
import { listPersonaEvents, personaFromRow } from "./queries.js";
import type { Persona } from "./types.js";

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  q: singleLineText().pipe(z.string().trim().max(100)).optional(),
});

/** Operators' list: newest first with the id as tie-break, so pages are stable while rows are added. */
export async function listPersonasForAdmin(sql: Sql, input: { limit: number; offset: number; q?: string }): Promise<{ items: Persona[]; total: number }> {
  const like = input.q ? `%${input.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = like
    ? sql`WHERE lower(email) LIKE ${like} OR lower(region) LIKE ${like} OR lower(crop_type) LIKE ${like} OR lower(full_name) LIKE ${like}`
    : sql``;
  const [rows, [count]] = await Promise.all([
    sql`SELECT * FROM alem_personas ${where} ORDER BY created_at DESC, alem_persona_id LIMIT ${input.limit} OFFSET ${input.offset}`,
    sql`SELECT count(*)::int AS total FROM alem_personas ${where}`,
  ]);
  return { items: rows.map(personaFromRow), total: Number(count?.total ?? 0) };
}

export function createAdminRoutes(deps: { config: Config; database: Database }): Router {
  const router = Router();
  const admins = new Set(deps.config.adminEmails);
  router.use("/api/admin", requireUser, (req, _res, next) => {
    next(admins.has(currentUser(req).email) ? undefined : errors.forbidden("Operators only."));
  });

  router.get("/api/admin/personas", route(async (req, res) => {
    const parsed = listQuery.safeParse(req.query);
    if (!parsed.success) throw errors.badRequest("limit 1–200, offset ≥ 0, q up to 100 characters.");
    res.json(await listPersonasForAdmin(deps.database.sql, parsed.data));
  }));

  router.get("/api/admin/personas/:id/history", route(async (req, res) => {
    const id = z.string().uuid().safeParse(req.params.id);
    if (!id.success) throw errors.notFound("No such persona.");
    const [exists] = await deps.database.sql`SELECT 1 FROM alem_personas WHERE alem_persona_id = ${id.data}`;
    if (!exists) throw errors.notFound("No such persona.");
    res.json({ events: await listPersonaEvents(deps.database.sql, { personaId: id.data, limit: 200 }) });
  }));
  return router;
}
