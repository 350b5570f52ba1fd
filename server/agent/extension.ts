import type { z } from "zod";

/** The extension point where plugins contribute advisor tools: api.contribute(ADVISOR_TOOLS, tool). */
export const ADVISOR_TOOLS = "advisor:tools";

/**
 * A tool another plugin gives the advisor (e.g. the journal's recent entries). The advisor binds it in its
 * LangGraph graph next to its own tools (server/agent/graph.ts); the offline model calls it when
 * `offlineMatch` says the question needs it (server/agent/providers/offline.ts).
 */
export interface AdvisorToolContribution<A = any, R = any> {
  /** snake_case tool name, e.g. "journal_recent". */
  name: string;
  /** For function-calling models. */
  description: string;
  /** Arguments. */
  schema: z.ZodType<A>;
  run(args: A, ctx: AdvisorToolContext): Promise<R>;
  /** The offline model: when a question calls for this tool, the arguments; else undefined. */
  offlineMatch?(question: string, language: "az" | "en"): A | undefined;
  /** The offline model's answer text from the tool's result, in the answer's language. */
  offlineRender?(result: R, language: "az" | "en"): string;
}

export interface AdvisorToolContext {
  userId: string;
  language: "az" | "en";
  now: Date;
}
