import { Router } from "express";
import type { Sql } from "postgres";
import { z } from "zod";
import { singleLineText } from "../validation.js";
import { currentUser, requireUser } from "../http/user.js";
import { count, desc, eq, like as like_, or, sql as expr, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { dbOf, type Database } from "../db/client.js";
import { alemPersonas } from "./schema.js";
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
  const db = dbOf(sql);
  const like = input.q ? `%${input.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = like
    ? or(...[alemPersonas.email, alemPersonas.region, alemPersonas.cropType, alemPersonas.fullName].map((column) => like_(lower(column), like)))
    : undefined;
  const [rows, [counted]] = await Promise.all([
    db.select().from(alemPersonas).where(where).orderBy(desc(alemPersonas.createdAt), alemPersonas.id).limit(input.limit).offset(input.offset),
    db.select({ total: count() }).from(alemPersonas).where(where),
  ]);
  return { items: rows.map(personaFromRow), total: counted?.total ?? 0 };
}

/** lower(column): drizzle has no function for it. */
function lower(column: AnyPgColumn): SQL {
  return expr`lower(${column})`;
}

export function createAdminRoutes(deps: { adminEmails: string[]; database: Database }): Router {
  const router = Router();
  const admins = new Set(deps.adminEmails);
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
    const [exists] = await deps.database.db.select({ id: alemPersonas.id }).from(alemPersonas).where(eq(alemPersonas.id, id.data));
    if (!exists) throw errors.notFound("No such persona.");
    res.json({ events: await listPersonaEvents(deps.database.sql, { personaId: id.data, limit: 200 }) });
  }));
  return router;
}
