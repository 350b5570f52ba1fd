import { z } from "zod";
import { csv, readEnv } from "../config.js";

/** The persona plugin's variables (.env.example, "Farmer profiles"). */
export const personaEnv = z.object({
  /** Comma list of emails allowed on /api/admin (the operators' persona list). */
  ADMIN_EMAILS: csv.default([]),
});

export interface PersonaConfig {
  /** Lower-cased. */
  adminEmails: string[];
}

/** Reads the persona plugin's configuration; an invalid value throws ConfigError naming the variable. */
export function loadPersonaConfig(source: NodeJS.ProcessEnv | Readonly<Record<string, string>> = process.env): PersonaConfig {
  const e = readEnv(personaEnv, source);
  return { adminEmails: e.ADMIN_EMAILS.map((s) => s.toLowerCase()) };
}
