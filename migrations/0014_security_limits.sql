-- Security limits: a per-user budget of model runs that deleting conversations cannot give back,
-- and an index that serves conversation:search per farmer.

-- 1. Runs started, per user: chat:send, chat:regenerate and chat:edit each add a row in the statement or
-- transaction that starts the run (server/chat/store.ts, server/chat/manage.ts). No foreign key to
-- conversations: deleting a conversation does not take its runs out of the count.
CREATE TABLE "model_run_starts" (
	"user_id" uuid NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "model_run_starts" ADD CONSTRAINT "model_run_starts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "model_run_starts_user_idx" ON "model_run_starts" USING btree ("user_id","started_at");
--> statement-breakpoint
-- The runs of the last minute carry over, so the budget holds across the upgrade.
INSERT INTO model_run_starts (user_id, started_at)
SELECT c.user_id, r.started_at FROM agent_runs r JOIN conversations c ON c.id = r.conversation_id
 WHERE r.started_at > now() - interval '1 minute';
--> statement-breakpoint
-- The per-user lock of 0012 (same key: chat:send, regenerate and edit take turns), then the user's runs of
-- the last minute, counted after the lock is granted (a VOLATILE function's query takes a fresh snapshot).
-- The user's older rows are pruned here, so the table holds at most a minute of each farmer's runs.
CREATE FUNCTION yonca_lock_and_count_recent_runs(p_user_id uuid) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('send:' || p_user_id::text, 0));
  DELETE FROM model_run_starts WHERE user_id = p_user_id AND started_at <= now() - interval '1 minute';
  RETURN (SELECT count(*)::int FROM model_run_starts WHERE user_id = p_user_id AND started_at > now() - interval '1 minute');
END
$$;
--> statement-breakpoint
-- 2. Search: trigrams (pg_trgm) of the folded text, and the farmer's id in the same GIN index (btree_gin),
-- so a search reads one farmer's matches only. Both extensions are trusted: the database owner may create them.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gin;
--> statement-breakpoint
CREATE TABLE "message_search" (
	"message_id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"folded" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "message_search" ADD CONSTRAINT "message_search_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- A finished message (any status but streaming) is written here once, when it is stored or when its reply
-- ends; a replaced message (regenerate, edit) leaves. A streaming reply's progress saves do not fire this
-- trigger (WHEN), and the messages row keeps its HOT updates (no index covers content).
CREATE FUNCTION yonca_message_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.replaced_by IS NOT NULL OR NEW.content = '' THEN
    DELETE FROM message_search WHERE message_id = NEW.id;
  ELSE
    INSERT INTO message_search (message_id, user_id, conversation_id, created_at, folded)
    SELECT NEW.id, c.user_id, NEW.conversation_id, NEW.created_at, yonca_search_fold(NEW.content)
      FROM conversations c WHERE c.id = NEW.conversation_id
    ON CONFLICT (message_id) DO UPDATE SET folded = EXCLUDED.folded
      WHERE message_search.folded IS DISTINCT FROM EXCLUDED.folded;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER messages_search_sync AFTER INSERT OR UPDATE OF content, status, replaced_by ON messages
  FOR EACH ROW WHEN (NEW.status <> 'streaming') EXECUTE FUNCTION yonca_message_search_sync();
--> statement-breakpoint
INSERT INTO message_search (message_id, user_id, conversation_id, created_at, folded)
SELECT m.id, c.user_id, m.conversation_id, m.created_at, yonca_search_fold(m.content)
  FROM messages m JOIN conversations c ON c.id = m.conversation_id
 WHERE m.status <> 'streaming' AND m.replaced_by IS NULL AND m.content <> '';
--> statement-breakpoint
CREATE INDEX "message_search_user_trgm_idx" ON "message_search" USING gin ("user_id","folded" gin_trgm_ops);
