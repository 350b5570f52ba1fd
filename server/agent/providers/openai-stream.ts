/**
 * The lean stream of an OpenAI-compatible chat completion. The request is built by @langchain/openai's
 * own ChatOpenAI and its openai client (message and tool conversion, base URL, key, headers, the
 * SDK's error classes with their status), but it is sent with node:http and the response body is read
 * here: server-sent events parsed by eventsource-parser from the body's `data` events, each `data:`
 * handed to `onPiece` as the plain object the server sent. No fetch body (a web stream, a promise per
 * read), no LangChain message chunk, no SDK stream iterator and no async generator per token: at national
 * load every per-token promise and object is CPU (see tests/bench/scenarios/stream.ts).
 *
 * Returns undefined when the model is not a plain ChatOpenAI on the Chat Completions API with the SDK's
 * own transport (the caller then takes LangChain's path).
 */
import http from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
import zlib from "node:zlib";
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

/**
 * The parts of the openai client this path relies on: building a request exactly as the SDK would
 * send it, and the SDK's error for a status. Public in JS, checked before use.
 */
interface OpenAiClient {
  prepareOptions(options: Record<string, unknown>): Promise<void>;
  buildRequest(options: Record<string, unknown>): Promise<{ req: { headers?: Iterable<[string, string]>; body?: unknown }; url: string }>;
  prepareRequest(req: unknown, context: { url: string; options: Record<string, unknown> }): Promise<void>;
  makeStatusError(status: number | undefined, error: unknown, message: string | undefined, headers: Headers | undefined): Error;
  fetchOptions?: unknown;
  _options?: { fetch?: unknown; fetchOptions?: unknown };
  _provider?: unknown;
  _workloadIdentityAuth?: unknown;
}

/** The parts of ChatOpenAI's Chat Completions delegate this path relies on (public in JS, checked before use). */
interface CompletionsApi {
  model: string;
  invocationParams(options: unknown, extra: { streaming: boolean }): Record<string, unknown>;
  _getClientOptions(options: unknown): Record<string, unknown>;
  client?: unknown;
}

/** An error event inside a 200 stream (the openai SDK throws these too), or a stream cut short. */
export class StreamedModelError extends Error {
  override name = "StreamedModelError";
}

/** SSE payloads beyond this many characters without an event end are not a chat stream. */
const MAX_EVENT_CHARS = 8 * 1024 * 1024;
/** An error response's body is read up to this many bytes (its message), the rest is dropped. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Keep-alive connections to the model server, as fetch keeps them: a reply does not pay a TCP handshake. */
const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };

/** A client that sends with the SDK's defaults: no custom fetch, fetch options, provider or token exchange. */
function plainClient(client: unknown): OpenAiClient | undefined {
  const c = client as Partial<OpenAiClient> | undefined;
  if (!c || typeof c.buildRequest !== "function" || typeof c.prepareOptions !== "function") return undefined;
  if (typeof c.prepareRequest !== "function" || typeof c.makeStatusError !== "function") return undefined;
  if (c.fetchOptions || c._options?.fetch || c._options?.fetchOptions || c._provider || c._workloadIdentityAuth) return undefined;
  return c as OpenAiClient;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? Object.assign(new Error("The request was aborted"), { name: "AbortError" });
}

function headersOf(res: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  return headers;
}

/** The body as text chunks, decompressed when the server chose to compress it. */
function textBody(res: http.IncomingMessage): Readable {
  const encoding = String(res.headers["content-encoding"] ?? "").trim().toLowerCase();
  const decoder =
    encoding === "gzip" || encoding === "x-gzip" ? zlib.createGunzip()
    : encoding === "deflate" ? zlib.createInflate()
    : encoding === "br" ? zlib.createBrotliDecompress()
    : undefined;
  const body: Readable = decoder ? res.pipe(decoder) : res;
  if (decoder) res.on("error", (error) => decoder.destroy(error));
  body.setEncoding("utf8");
  return body;
}

/** Reads a whole (small) error body. */
function errorText(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      if (size < MAX_ERROR_BODY_BYTES) chunks.push(chunk);
      size += chunk.length;
    });
    res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8").slice(0, MAX_ERROR_BODY_BYTES)));
    res.on("error", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

/**
 * Sends the SDK's request over node:http(s); resolves with a 2xx response, rejects with the SDK's
 * error for another status (status, headers, the server's error object) or for a failed connection.
 */
async function send(client: OpenAiClient, options: Record<string, unknown>, signal: AbortSignal | undefined): Promise<http.IncomingMessage> {
  const finalOptions: Record<string, unknown> = { method: "post", path: "/chat/completions", ...options };
  await client.prepareOptions(finalOptions);
  const { req, url } = await client.buildRequest(finalOptions);
  await client.prepareRequest(req, { url, options: finalOptions });
  if (typeof req.body !== "string") throw new Error("The OpenAI client built a request body that is not JSON text");
  const target = new URL(url);
  const agent = agents[target.protocol as keyof typeof agents];
  if (!agent) throw new Error(`The model's URL has an unsupported protocol (${target.protocol})`);
  const headers: Record<string, string> = {};
  for (const [name, value] of req.headers ?? []) headers[name] = value;
  headers["content-length"] = String(Buffer.byteLength(req.body));
  signal?.throwIfAborted();
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const request = (target.protocol === "https:" ? https : http).request(target, { method: "POST", headers, agent }, resolve);
    const onAbort = () => request.destroy();
    signal?.addEventListener("abort", onAbort, { once: true });
    request.on("close", () => {
      signal?.removeEventListener("abort", onAbort);
      if (signal?.aborted) reject(abortReason(signal));
    });
    request.on("error", (error) => {
      reject(signal?.aborted ? abortReason(signal) : client.makeStatusError(undefined, error, "Connection error.", undefined));
    });
    request.end(req.body);
  });
  if (response.statusCode !== undefined && response.statusCode >= 200 && response.statusCode < 300) return response;
  const text = await errorText(response);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  throw client.makeStatusError(response.statusCode, json, json === undefined ? text : undefined, headersOf(response));
}

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
  const { maxRetries: _retriesAreTheGraphs, ...sdkOptions } = options as { maxRetries?: number };
  // Creates the client on first use (ChatOpenAI does it here too).
  const clientOptions = api._getClientOptions(sdkOptions);
  const client = plainClient(api.client);
  if (!client) return undefined;
  const signal = options.signal as AbortSignal | undefined;
  return (async () => {
    const request = {
      ...api.invocationParams(options, { streaming: true }),
      messages: convertMessagesToCompletionsMessageParams({ messages, model: api.model }),
      stream: true,
    };
    const response = await send(client, { ...clientOptions, body: request, stream: true }, signal);
    await readEvents(response, signal, onPiece);
  })();
}

/** Reads the event stream to its end; rejects on an error event, a cut connection or an abort. */
function readEvents(response: http.IncomingMessage, signal: AbortSignal | undefined, onPiece: (piece: ModelPiece) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const body = textBody(response);
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      if (error === undefined) return resolve();
      // Ending early (an abort, an error event): let go of the connection.
      response.destroy();
      reject(error);
    };
    const onAbort = () => finish(abortReason(signal!));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const parser = createParser({
      maxBufferSize: MAX_EVENT_CHARS,
      onEvent(event) {
        if (settled || event.data === "[DONE]") return;
        let data: CompletionChunk;
        try {
          data = JSON.parse(event.data) as CompletionChunk;
        } catch {
          return finish(new StreamedModelError("The model sent an event that is not JSON"));
        }
        if (data.error || event.event === "error") {
          return finish(new StreamedModelError(`The model's stream reported an error (${data.error?.message ?? "no message"})`));
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
        finish(new StreamedModelError(`The model's stream could not be read (${error.type})`));
      },
    });
    body.on("data", (chunk: string) => {
      if (!settled) parser.feed(chunk);
    });
    // An event without its closing blank line at the end is dropped, as the SDK drops it.
    body.on("end", () => finish());
    body.on("error", (error) => finish(signal?.aborted ? abortReason(signal) : new StreamedModelError(`The model's stream was cut (${error.message})`)));
    // A connection closed before the body's end (no 'end'): the stream was cut.
    body.on("close", () => settled || finish(new StreamedModelError("The model's stream was cut before its end")));
  });
}
