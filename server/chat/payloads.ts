import { z } from "zod";
import { multiLineText, singleLineText } from "../validation.js";

/** Every client payload is parsed here before anything else (types are not validation). */
const uuid = z.string().uuid();

const chatSendSchemas = new Map<number, ReturnType<typeof buildChatSendSchema>>();

/** Built once per limit (not per socket: a zod schema costs CPU to build and heap to keep). */
export function chatSendSchema(maxChars: number) {
  let schema = chatSendSchemas.get(maxChars);
  if (!schema) chatSendSchemas.set(maxChars, (schema = buildChatSendSchema(maxChars)));
  return schema;
}

function buildChatSendSchema(maxChars: number) {
  return z.object({
    conversationId: uuid,
    // Checked for length separately so that an over-long message gets `too_long`, not `bad_request`.
    text: multiLineText().pipe(z.string().max(maxChars * 4 + 1000)),
    clientMessageId: singleLineText().pipe(z.string().min(1).max(100)),
    language: z.enum(["az", "en"]).optional(),
  });
}

export const chatStopSchema = z.object({ runId: uuid });
export const conversationOpenSchema = z.object({ conversationId: uuid });
export const emptySchema = z.union([z.object({}).strict(), z.undefined(), z.null()]).transform(() => ({}));
export const handshakeAuthSchema = z.object({ conversationId: uuid.optional() }).catch({});
