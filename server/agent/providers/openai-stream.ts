/**
 * The lean stream of an OpenAI-compatible chat completion: the request is built and sent by
 * @langchain/openai's own ChatOpenAI (message and tool conversion, client options, error wrapping), but
 * the streamed chunks are read as the plain objects the server sent, without a LangChain message chunk
 * per token. Returns undefined when the model is not a ChatOpenAI on the Chat Completions API (the
 * caller then takes LangChain's path).
 */
import type { BaseMessage } from "@langchain/core/messages";
import { ChatOpenAI, convertMessagesToCompletionsMessageParams } from "@langchain/openai";
import type { ToolCallChunk } from "@langchain/core/messages/tool";
import type { UsageMetadata } from "@langchain/core/messages";

/** One streamed piece of a model call, as plain data. */
export interface ModelPiece {
  id?: string;
  text: string;
  toolCallChunks?: ToolCallChunk[];
  usage?: UsageMetadata;
  finishReason?: string;
}

interface CompletionChunk {
  id?: string;
  choices?: { index?: number; delta?: { content?: string | null; tool_calls?: DeltaToolCall[] }; finish_reason?: string | null }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

interface DeltaToolCall {
  index?: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}

/** The parts of ChatOpenAI this path relies on (public methods of its Chat Completions delegate). */
interface CompletionsApi {
  model: string;
  invocationParams(options: unknown, extra: { streaming: boolean }): Record<string, unknown>;
  completionWithRetry(request: Record<string, unknown>, options: unknown): Promise<AsyncIterable<CompletionChunk>>;
}

export function openAiPieces(
  chat: unknown,
  messages: BaseMessage[],
  callOptions: Record<string, unknown>,
): AsyncGenerator<ModelPiece> | undefined {
  if (!(chat instanceof ChatOpenAI)) return undefined;
  const model = chat as unknown as {
    completions?: CompletionsApi;
    _useResponsesApi(options: unknown): boolean;
    _combineCallOptions(options: unknown): Record<string, unknown>;
  };
  const api = model.completions;
  if (!api || typeof api.invocationParams !== "function" || typeof api.completionWithRetry !== "function") return undefined;
  if (model._useResponsesApi(callOptions)) return undefined;
  const options = model._combineCallOptions(callOptions);
  return (async function* () {
    const request = {
      ...api.invocationParams(options, { streaming: true }),
      messages: convertMessagesToCompletionsMessageParams({ messages, model: api.model }),
      stream: true,
    };
    const stream = await api.completionWithRetry(request, options);
    const signal = options.signal as AbortSignal | undefined;
    for await (const data of stream) {
      signal?.throwIfAborted();
      const choice = data.choices?.[0];
      const usage = data.usage
        ? { input_tokens: data.usage.prompt_tokens, output_tokens: data.usage.completion_tokens, total_tokens: data.usage.total_tokens }
        : undefined;
      yield {
        id: data.id,
        text: choice?.delta?.content ?? "",
        toolCallChunks: choice?.delta?.tool_calls?.map((c, i) => ({
          type: "tool_call_chunk" as const,
          index: c.index ?? i,
          id: c.id,
          name: c.function?.name,
          args: c.function?.arguments ?? "",
        })),
        usage,
        finishReason: choice?.finish_reason ?? undefined,
      };
    }
  })();
}
