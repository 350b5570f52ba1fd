import type { Socket } from "socket.io";
import type { Config } from "../../config.js";
import type { Database } from "../../db/client.js";
import type { Logger } from "../../logger.js";
import type { Limiters } from "../../http/limits.js";
import type { ChatMessage, ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "../events.js";
import type { ChatPlugin, ChatServer } from "../plugins.js";
import type { QuestionBatches } from "../questions.js";
import type { ReplyRuns } from "../runs.js";
import type { SearchGate } from "../search-gate.js";

export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface HandlerDeps {
  config: Config;
  database: Database;
  logger: Logger;
  io: ChatServer;
  socket: ChatSocket;
  runs: ReplyRuns;
  /** chat:send's questions on their way to PostgreSQL, a burst stored in batches (server/chat/questions.ts). */
  questions: QuestionBatches;
  advisor: ChatPlugin | undefined;
  instanceId: string;
  snapshotAnywhere(runId: string, conversationId: string): Promise<{ content: string; seq: number } | undefined>;
  limiters: Limiters;
  /** conversation:search's bounds on this instance: one search per user in flight, a few at once (server/chat/search-gate.ts). */
  searches: SearchGate;
  /** Tells the plugins that observe messages about a stored one (server/chat/plugin-host.ts). */
  observe?(ctx: { user: { id: string; email: string; name: string | null }; conversationId: string; message: ChatMessage }): void;
}
