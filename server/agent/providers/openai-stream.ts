/**
 * The lean stream of an OpenAI-compatible chat completion. The request is built and sent by
 * @langchain/openai's own ChatOpenAI and its openai client (message and tool conversion, base URL, key,
 * headers, HTTP errors with their status), but the response body is read here: server-sent events parsed by
 * eventsource-parser and each `data:` handed to `onPiece` as the plain object the server sent. No LangChain
 * message chunk, no SDK stream iterator and no async generator per token: at national load every
 * per-token promise and object is CPU (see tests/bench/scenarios/stream.ts).
 *
 * Returns undefined when the model is not a plain ChatOpenAI on the Chat Completions API (the caller
 * then takes LangChain's path).
 */
import type { BaseMessage } from "@langchain/core/messages";
import type { ToolCallChunk } from "@langchain/core/messages/tool";
import type { UsageMetadata } from "@langchain/core/messages";
import { ChatOpenAI, convertMessagesToCompletionsMessageParams } from "@langchain/openai";
import { createParser } from "eventsource-parser";

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
  error?: { message?: string; code?: string | number };
}

interface DeltaToolCall {
  index?: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}

/** The parts of ChatOpenAI's Chat Completions delegate this path relies on (public in JS, checked before use). */
interface CompletionsApi {
  model: string;
  invocationParams(options: unknown, extra: { streaming: boolean }): Record<string, unknown>;
  _getClientOptions(options: unknown): Record<string, unknown>;
  client?: { chat: { completions: { create(request: Record<string, unknown>, options: unknown): { asResponse(): Promise<Response> } } } };
}

/** An error event inside a 200 stream (the openai SDK throws these too). */
export class StreamedModelError extends Error {
  override name = "StreamedModelError";
}

/** SSE payloads beyond this many characters without an event end are not a chat stream. */
const MAX_EVENT_CHARS = 8 * 1024 * 1024;

/**
 * Streams one completion, calling `onPiece` for every chunk in order; resolves when the body ends.
 * undefined: this model is not one the lean path knows.
 */
export function openAiStream(
  chat: unknown,
  messages: BaseMessage[],
  callOptions: Record<string, unknown>,
  onPiece: (piece: ModelPiece) => void,
): Promise<void> | undefined {
  // Subclasses (Azure …) build other URLs and headers: only ChatOpenAI itself.
  if (!(chat instanceof ChatOpenAI) || chat.constructor !== ChatOpenAI) return undefined;
  const model = chat as unknown as {
    completions?: CompletionsApi;
    _useResponsesApi(options: unknown): boolean;
    _combineCallOptions(options: unknown): Record<string, unknown>;
  };
  const api = model.completions;
  if (!api || typeof api.invocationParams !== "function" || typeof api._getClientOptions !== "function") return undefined;
  if (model._useResponsesApi(callOptions)) return undefined;
  const options = model._combineCallOptions(callOptions);
  return (async () => {
    const request = {
      ...api.invocationParams(options, { streaming: true }),
      messages: convertMessagesToCompletionsMessageParams({ messages, model: api.model }),
      stream: true,
    };
    const { maxRetries: _retriesAreTheGraphs, ...sdkOptions } = options as { maxRetries?: number };
    const clientOptions = api._getClientOptions(sdkOptions);
    if (!api.client) throw new Error("The OpenAI client was not created");
    // Errors (status, connection, abort) are the openai SDK's, as on LangChain's path.
    const response = await api.client.chat.completions.create(request, clientOptions).asResponse();
    const signal = options.signal as AbortSignal | undefined;
    let failure: Error | undefined;
    const parser = createParser({
      maxBufferSize: MAX_EVENT_CHARS,
      onEvent(event) {
        if (failure || event.data === "[DONE]") return;
        let data: CompletionChunk;
        try {
          data = JSON.parse(event.data) as CompletionChunk;
        } catch {
          failure = new StreamedModelError("The model sent an event that is not JSON");
          return;
        }
        if (data.error || event.event === "error") {
          failure = new StreamedModelError(`The model's stream reported an error (${data.error?.message ?? "no message"})`);
          return;
        }
        const choice = data.choices?.[0];
        const calls = choice?.delta?.tool_calls;
        onPiece({
          id: data.id,
          text: choice?.delta?.content ?? "",
          toolCallChunks: calls?.map((c, i) => ({
            type: "tool_call_chunk" as const,
            index: c.index ?? i,
            id: c.id,
            name: c.function?.name,
            args: c.function?.arguments ?? "",
          })),
          usage: data.usage
            ? { input_tokens: data.usage.prompt_tokens, output_tokens: data.usage.completion_tokens, total_tokens: data.usage.total_tokens }
            : undefined,
          finishReason: choice?.finish_reason ?? undefined,
        });
      },
      onError(error) {
        failure ??= new StreamedModelError(`The model's stream could not be read (${error.type})`);
      },
    });
    if (!response.body) throw new StreamedModelError("The model's response has no body");
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        signal?.throwIfAborted();
        parser.feed(decoder.decode(value, { stream: true }));
        if (failure) throw failure;
      }
      parser.feed(decoder.decode());
      if (failure) throw failure;
    } finally {
      // Ending early (an abort, an error event): let go of the connection.
      reader.cancel().catch(() => {});
    }
  })();
}
