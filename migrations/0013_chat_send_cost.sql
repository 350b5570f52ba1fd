DROP INDEX "messages_replaced_by_idx";--> statement-breakpoint
CREATE INDEX "messages_replaced_by_idx" ON "messages" USING btree ("replaced_by") WHERE "messages"."replaced_by" IS NOT NULL;--> statement-breakpoint
-- chat:send's per-user lock and count (0012_chat_send_lock.sql), with the count read from the user's own
-- conversations (messages_conversation_idx) instead of joining every recent message of every user to its
-- conversation: in a burst of questions from many farmers the old count read all of that minute's
-- messages, for each question (1,240 buffers per call at 600 recent messages; 13 now). Same lock, same
-- count, same fresh snapshot after the lock.
CREATE OR REPLACE FUNCTION yonca_lock_and_count_recent_questions(p_user_id uuid) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('send:' || p_user_id::text, 0));
  RETURN (
    SELECT count(*)::int FROM messages m
     WHERE m.conversation_id = ANY (ARRAY(SELECT c.id FROM conversations c WHERE c.user_id = p_user_id))
       AND m.role = 'user' AND m.created_at > now() - interval '1 minute'
  );
END
$$;
