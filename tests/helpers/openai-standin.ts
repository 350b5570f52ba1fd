/**
 * A local OpenAI-compatible chat-completions server (server-sent events, the real wire format) that
 * streams a fixed, deterministic answer: `tokens` tokens, the first after `ttftMs`, then one every
 * `paceMs` (0 = as fast as the socket takes them; below a timer tick several are written per tick).
 * Used by the integration tests and by `npm run bench` as the model stream simulator.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface StandInOptions {
  /** Tokens per answer (default 300). */
  tokens?: number;
  /** Milliseconds between tokens (default 25 = 40 tokens/s); 0 = no pause. */
  paceMs?: number;
  /** Milliseconds before the first token (default 300). */
  ttftMs?: number;
  /** Ends the HTTP response cleanly after this many tokens, without a finish reason or [DONE]: a cut stream. */
  cutAfter?: number;
  /**
   * When given, the time (on this clock) each token of an answer was written is kept under the tag
   * the request's last `[q:<tag>]` names (the bench's per-token latency).
   */
  clock?: () => number;
}

export interface OpenAiStandIn {
  /** For OPENAI_BASE_URL. */
  baseUrl: string;
  /** The answer it streams, joined: what every reply must read. */
  answer: string;
  /** The answer's tokens, in order. */
  answerTokens: readonly string[];
  /** Requests answered so far. */
  requests(): number;
  /** With `clock`: write time of each token, by the question's `[q:<tag>]`. */
  writeTimes: Map<string, number[]>;
  close(): Promise<void>;
}

/** The n-th token of every answer: words of varying length, some non-ASCII, each with its space. */
export function standInTokens(count: number): string[] {
  const words = ["Pambıq", "suvarma", "April", "Sabirabad", "və", "hektar", "FAO-56", "ET0", "mm", "gübrə"];
  return Array.from({ length: count }, (_, i) => `${words[i % words.length]}${i}${i === count - 1 ? "." : " "}`);
}

function chunk(id: string, delta: Record<string, unknown>, finish: string | null = null): string {
  return `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 1_700_000_000, model: "stand-in", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

export async function startOpenAiStandIn(options: StandInOptions = {}): Promise<OpenAiStandIn> {
  const count = options.tokens ?? 300;
  const paceMs = options.paceMs ?? 25;
  const ttftMs = options.ttftMs ?? 300;
  const tokens = standInTokens(count);
  let served = 0;
  let nextId = 0;
  const writeTimes = new Map<string, number[]>();

  const server = http.createServer((req, res) => {
    let body = "";
    if (options.clock) req.on("data", (part: Buffer) => (body += part.toString("utf8")));
    else req.resume();
    req.on("end", () => {
      if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
        return;
      }
      served += 1;
      const id = `chatcmpl-standin-${++nextId}`;
      // The last tag: earlier questions of the conversation (history) carry theirs too.
      const tag = options.clock ? [...body.matchAll(/\[q:([\w-]+)\]/g)].at(-1)?.[1] : undefined;
      const times: number[] | undefined = tag ? [] : undefined;
      if (tag) writeTimes.set(tag, times!);
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
      res.write(chunk(id, { role: "assistant", content: "" }));
      let sent = 0;
      let startedAt = 0;
      const finish = () => {
        res.write(chunk(id, {}, "stop"));
        res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 1_700_000_000, model: "stand-in", choices: [], usage: { prompt_tokens: 100, completion_tokens: count, total_tokens: 100 + count } })}\n\n`);
        res.end("data: [DONE]\n\n");
      };
      const tick = () => {
        if (res.destroyed) return;
        // Tokens due by now at this pace: a timer tick longer than the pace writes several.
        const due = paceMs === 0 ? count : Math.min(count, 1 + Math.floor((performance.now() - startedAt) / paceMs));
        while (sent < due) {
          res.write(chunk(id, { content: tokens[sent++] }));
          times?.push(options.clock!());
          if (sent === options.cutAfter) {
            res.end();
            return;
          }
        }
        if (sent >= count) finish();
        else setTimeout(tick, paceMs);
      };
      setTimeout(() => {
        startedAt = performance.now();
        tick();
      }, ttftMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    answer: tokens.join(""),
    answerTokens: tokens,
    requests: () => served,
    writeTimes,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
