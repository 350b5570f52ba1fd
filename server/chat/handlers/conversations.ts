import { errors } from "../../errors.js";
import { rooms, type ChatMessage } from "../events.js";
import { conversationOpenSchema, emptySchema } from "../payloads.js";
import { getOrCreateEmptyConversation } from "../manage.js";
import { getConversationForUser, listConversationsForUser, listMessages } from "../store.js";
import type { ChatSocket, HandlerDeps } from "./types.js";
import type { ReplyRuns } from "../runs.js";

/** A socket watches one conversation at a time: the one on its screen. */
export function watchConversation(socket: ChatSocket, conversationId: string): void {
  for (const room of socket.rooms) {
    if (rooms.isConversation(room) && room !== rooms.conversation(conversationId)) socket.leave(room);
  }
  socket.join(rooms.conversation(conversationId));
}

/**
 * Messages as the screen should show them: a reply still streaming on this instance carries the text
 * so far and its last seq, taken in the same tick as the socket joins the room, so the tokens that
 * follow continue it without a gap or a repeat.
 */
export function withLiveReplies(
  messages: ChatMessage[],
  runs: ReplyRuns,
  remote: Map<string, { content: string; seq: number }> = new Map(),
): ChatMessage[] {
  return messages.map((m) => {
    if (m.status !== "streaming" || !m.runId) return m;
    const live = runs.snapshot(m.runId) ?? remote.get(m.runId);
    return live ? { ...m, content: live.content, seq: live.seq } : m;
  });
}

/** Snapshots of replies that stream on other instances (asked before joining the room). */
export async function remoteSnapshots(
  messages: ChatMessage[],
  runs: ReplyRuns,
  snapshotAnywhere: (runId: string, conversationId: string) => Promise<{ content: string; seq: number } | undefined>,
): Promise<Map<string, { content: string; seq: number }>> {
  const remote = new Map<string, { content: string; seq: number }>();
  for (const m of messages) {
    if (m.status !== "streaming" || !m.runId || runs.snapshot(m.runId)) continue;
    const snapshot = await snapshotAnywhere(m.runId, m.conversationId);
    if (snapshot) remote.set(m.runId, snapshot);
  }
  return remote;
}

export function conversationNew({ database, socket, limiters }: HandlerDeps) {
  return async (payload: unknown) => {
    if (!emptySchema.safeParse(payload).success) throw errors.badRequest("conversation:new takes {}.");
    if (!(await limiters.conversations.allow(socket.data.userId))) {
      throw errors.rateLimited("Too many new conversations in a minute. Please wait a little.");
    }
    // The latest empty conversation is reused, and not announced: it is listed once it has a question.
    const conversation = await getOrCreateEmptyConversation(database.sql, { userId: socket.data.userId });
    watchConversation(socket, conversation.id);
    return { conversation };
  };
}

export function conversationOpen({ database, socket, runs, snapshotAnywhere }: HandlerDeps) {
  return async (payload: unknown) => {
    const parsed = conversationOpenSchema.safeParse(payload);
    if (!parsed.success) throw errors.badRequest("conversation:open needs {conversationId}.");
    const conversation = await getConversationForUser(database.sql, { userId: socket.data.userId, conversationId: parsed.data.conversationId });
    if (!conversation) throw errors.notFound("No such conversation.");
    const messages = await listMessages(database.sql, { conversationId: conversation.id });
    watchConversation(socket, conversation.id);
    const remote = await remoteSnapshots(messages, runs, snapshotAnywhere);
    return { conversation, messages: withLiveReplies(messages, runs, remote) };
  };
}

export function conversationList({ database, socket }: HandlerDeps) {
  return async (payload: unknown) => {
    if (!emptySchema.safeParse(payload).success) throw errors.badRequest("conversation:list takes {}.");
    return { conversations: await listConversationsForUser(database.sql, { userId: socket.data.userId }) };
  };
}
