// TEMPORARY STUB (lead): replaced by the agent implementation. Safe to overwrite.
import type { Persona, PersonaPatch, PersonaField } from "../personas/types.js";
export interface AdvisorConfig { provider: "offline" | "openai" | "ollama"; model?: string; openaiApiKey?: string; openaiBaseUrl?: string; ollamaBaseUrl?: string; offlinePaceMs: number; timeoutMs?: number; maxRetries?: number }
export interface AdvisorRunInput { persona: Persona; language: "az" | "en"; history: { role: "user" | "assistant"; content: string }[]; signal: AbortSignal; onToken(delta: string): void; onTool(name: string, status: "start" | "end"): void; updatePersona(patch: PersonaPatch): Promise<Persona> }
export interface AdvisorRunResult { text: string; usedPersonaFields: PersonaField[]; model: string; inputTokens: number | null; outputTokens: number | null }
export interface Advisor { provider: string; model: string; run(input: AdvisorRunInput): Promise<AdvisorRunResult> }
export function createAdvisor(config: AdvisorConfig): Advisor {
  return { provider: "offline", model: "stub", async run(input) {
    const words = `Salam! ${input.persona.region} üçün ${input.persona.cropType} haqqında cavab.`.split(" ");
    let text = "";
    for (const w of words) { if (input.signal.aborted) { const e = new Error("aborted"); e.name = "AbortError"; throw e; }
      const d = text ? ` ${w}` : w; text += d; input.onToken(d); await new Promise((r) => setTimeout(r, config.offlinePaceMs)); }
    return { text, usedPersonaFields: ["region", "cropType"], model: "stub", inputTokens: null, outputTokens: null };
  } };
}
