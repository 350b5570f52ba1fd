-- A farmer's connect reads everything it needs in one statement (server/chat/connect-read.ts), and a farmer
-- without any conversation gets their first one inside it. Many tabs of a new farmer connect at once: this
-- function takes a per-user advisory lock, then looks again in a
-- query of its own (a VOLATILE function's query takes a fresh snapshot, so it sees a conversation another
-- tab committed while this one waited) and creates one only if there still is none. The lock is released
-- when the calling statement commits.
CREATE FUNCTION yonca_first_conversation(p_user_id uuid) RETURNS TABLE (id uuid, title text, updated_at timestamptz)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('conversation:' || p_user_id::text, 0));
  RETURN QUERY
    SELECT c.id, c.title, c.updated_at FROM conversations c WHERE c.user_id = p_user_id
     ORDER BY c.updated_at DESC, c.id LIMIT 1;
  IF NOT FOUND THEN
    RETURN QUERY INSERT INTO conversations AS c (user_id) VALUES (p_user_id) RETURNING c.id, c.title, c.updated_at;
  END IF;
END
$$;
