/**
 * Tools other plugins contribute at "advisor:tools" (./extension.ts), as LangChain tools bound in the graph
 * (./graph.ts) next to the advisor's own. Each result is JSON `{tool, contributed: true, result}` so the
 * offline model (./providers/offline.ts) can hand it back to the contributing tool's offlineRender.
 */
import { tool } from "@langchain/core/tools";
import type { RunnableConfig } from "@langchain/core/runnables";
import { ensureRunContext } from "./configuration.js";
import type { AdvisorToolContribution } from "./extension.js";

export interface ContributedResult {
  tool: string;
  contributed: true;
  result: unknown;
}

/** Where the offline model finds a bound tool's contribution (its offlineMatch / offlineRender). */
export const CONTRIBUTION_KEY = "yoncaAdvisorContribution";

export function contributedTool(contribution: AdvisorToolContribution) {
  return tool(
    async (args: unknown, config?: RunnableConfig) => {
      const ctx = ensureRunContext(config);
      ctx.onTool(contribution.name, "start");
      try {
        const result = await contribution.run(args, { userId: ctx.userId ?? "", language: ctx.language, now: ctx.now() });
        return JSON.stringify({ tool: contribution.name, contributed: true, result } satisfies ContributedResult);
      } finally {
        ctx.onTool(contribution.name, "end");
      }
    },
    // The contribution's zod schema is the tool's argument schema, as for the advisor's own tools.
    { name: contribution.name, description: contribution.description, schema: contribution.schema as never, metadata: { [CONTRIBUTION_KEY]: contribution } },
  );
}

export function contributionOf(boundTool: unknown): AdvisorToolContribution | undefined {
  return (boundTool as { metadata?: Record<string, unknown> } | null)?.metadata?.[CONTRIBUTION_KEY] as AdvisorToolContribution | undefined;
}

export function isContributedResult(value: unknown): value is ContributedResult {
  return !!value && typeof value === "object" && (value as ContributedResult).contributed === true && typeof (value as ContributedResult).tool === "string";
}
