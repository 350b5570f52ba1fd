import type { Router } from "express";
import { z } from "zod";
import { currentUser, requireUser } from "../http/user.js";
import type { ChatPlugin, PluginApi } from "../chat/plugins.js";
import { errors } from "../errors.js";
import { PersonaUnavailableError } from "./errors.js";
import { createRateLimiter, type Limiter } from "../http/limits.js";
import { route } from "../http/errors.js";
import { cropNames, normaliseRegion, regionNames, roundArea } from "./catalogue.js";
import { decideProposal, ProposalConflictError, type Proposal } from "./proposals.js";
import { getPersonaByUserId, listPersonaEvents, provisionPersona, provisionWithProposals, regeneratePersonaForUser, updatePersonaForUser } from "./queries.js";
import { experienceLevels, type Persona, type PersonaPatch } from "./types.js";
import { PERSONA_UNAVAILABLE } from "./events.js";
import { exportPersona } from "./export.js";
import { createAdminRoutes } from "./admin.js";
import type { PersonaConfig } from "./config.js";

/** Persona writes (edit, regenerate) per user and minute, across instances (README "Limits"). */
export const PERSONA_WRITES_PER_MIN = 30;

/** What a farmer may change about their own farm (PATCH /api/me/persona, and the advisor's profile tool). */
export const personaPatchSchema = z
  .object({
    region: z.string().max(60, "Region is too long.").transform((v, ctx) => {
      const region = normaliseRegion(v);
      if (region === null) {
        ctx.addIssue({ code: "custom", message: `Region must be one of the districts: ${regionNames.join(", ")}.` });
        return z.NEVER;
      }
      return region;
    }),
    cropType: z.enum(cropNames as [string, ...string[]], { message: `Crop must be one of: ${cropNames.join(", ")}.` }),
    // Checked after rounding to one decimal, as stored: 0.04 ha would become 0.
    totalAreaHa: z.number({ message: "Area must be a number of hectares." }).transform(roundArea)
      .pipe(z.number().gte(0.1, "Area must be at least 0.1 ha.").max(100_000, "Area is too large.")),
    experienceLevel: z.enum(experienceLevels, { message: "Experience must be novice, intermediate or expert." }),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: "Send at least one of region, cropType, totalAreaHa, experienceLevel." });

export function parsePersonaPatch(body: unknown): PersonaPatch {
  const parsed = personaPatchSchema.safeParse(body);
  if (!parsed.success) {
    const flat = z.flattenError(parsed.error);
    throw errors.badRequest(flat.formErrors[0] ?? "Some fields are not valid.", { fieldErrors: flat.fieldErrors });
  }
  return parsed.data as PersonaPatch;
}

const decisionSchema = z.object({ decision: z.enum(["accept", "dismiss"]) }).strict();

/**
 * The persona plugin (required: no chat without the farmer's profile): provisions the farmer just in
 * time on every connection, contributes the sidebar panel, and serves the farmer's own persona API.
 * Every change reaches every tab of the user (persona:updated, persona:proposal; server/personas/events.ts).
 */
export function createPersonaPlugin(deps: { config: PersonaConfig }): ChatPlugin {
  let api: PluginApi | undefined;
  let writes: Limiter | undefined;
  const database = () => api!.database;
  const limitWrites = async (userId: string) => {
    if (writes && !(await writes.allow(userId))) {
      throw errors.rateLimited("Too many profile changes in a minute. Please wait a little.");
    }
  };
  const announce = (persona: Persona) => api?.emitToUser(persona.userId, "persona:updated", { persona });
  const announceProposal = (userId: string, proposal: Proposal) => api?.emitToUser(userId, "persona:proposal", { proposal });

  const provision = async (user: { id: string; email: string; name: string | null }) =>
    provisionPersona(database().sql, { userId: user.id, email: user.email, name: user.name });

  return {
    // The wire names its events persona:* (docs/protocol.md); the plugin's namespace is "persona".
    name: "persona",
    required: true,
    unavailableCode: PERSONA_UNAVAILABLE,
    unavailableMessage: "Your farmer profile could not be loaded right now. Retrying…",
    annotationDefaults: { usedPersonaFields: [] },
    setup(pluginApi) {
      api = pluginApi;
      writes = createRateLimiter(pluginApi.database.sql, pluginApi.logger, { keyPrefix: "persona_write", points: PERSONA_WRITES_PER_MIN });
      pluginApi.routes(routes);
      // The operators' persona list (/api/admin/personas), for ADMIN_EMAILS only.
      pluginApi.routes((router) => router.use(createAdminRoutes({ adminEmails: deps.config.adminEmails, database: pluginApi.database })));
    },
    exportUser: ({ user, language }) => exportPersona(database().sql, { userId: user.id, language }),
    // Nothing to add: alem_personas references users ON DELETE CASCADE, and takes persona_events and
    // persona_proposals with it. Its email copy goes with the row.
    async deleteUser() {},
    async onChatStart({ user, sql }) {
      // One statement: the persona (created if absent) and its pending proposals. A failure is the persona
      // being unavailable (session:error persona_unavailable, retryable).
      const { persona, proposals } = await provisionWithProposals(sql, { userId: user.id, email: user.email, name: user.name });
      return { ready: { persona, proposals }, panels: [{ kind: "persona", data: { persona } }] };
    },
  };

  function routes(router: Router) {
    router.get("/api/me", requireUser, route(async (req, res) => {
      const user = currentUser(req);
      const persona = await provision(user);
      res.json({ user: { id: user.id, email: user.email, name: user.name }, persona });
    }));

    router.patch("/api/me/persona", requireUser, route(async (req, res) => {
      const patch = parsePersonaPatch(req.body);
      await limitWrites(currentUser(req).id);
      const persona = await updatePersonaForUser(database().sql, { userId: currentUser(req).id, patch, actor: "user" });
      announce(persona);
      res.json({ persona });
    }));

    router.post("/api/me/persona/regenerate", requireUser, route(async (req, res) => {
      const user = currentUser(req);
      await limitWrites(user.id);
      await provision(user); // a farmer who never connected still has one to regenerate
      const persona = await regeneratePersonaForUser(database().sql, { userId: user.id, name: user.name });
      announce(persona);
      res.json({ persona });
    }));

    router.post("/api/me/persona/proposals/:id/decision", requireUser, route(async (req, res) => {
      const user = currentUser(req);
      const id = z.string().uuid().safeParse(req.params.id);
      if (!id.success) throw errors.notFound("No such proposal.");
      const body = decisionSchema.safeParse(req.body);
      if (!body.success) throw errors.badRequest('Send {"decision": "accept"} or {"decision": "dismiss"}.');
      try {
        const { proposal, persona, changed } = await decideProposal(database().sql, { userId: user.id, proposalId: id.data, decision: body.data.decision });
        if (changed) announce(persona);
        announceProposal(user.id, proposal);
        res.json({ proposal, persona });
      } catch (error) {
        // A stale proposal is closed (its card goes away in every tab) even though nothing was applied.
        if (error instanceof ProposalConflictError && error.code === "stale") announceProposal(user.id, error.proposal);
        throw error;
      }
    }));

    router.get("/api/me/persona/history", requireUser, route(async (req, res) => {
      const persona = await getPersonaByUserId(database().sql, { userId: currentUser(req).id });
      if (!persona) throw errors.notFound("There is no farmer profile yet.");
      res.json({ events: await listPersonaEvents(database().sql, { personaId: persona.id }) });
    }));
  }
}

