-- chat:send as one statement on the pool (server/chat/store.ts storeQuestion): the per-user lock and the
-- count of the user's questions in the last minute, in one call. The count runs after the lock is granted,
-- in a query of its own (a VOLATILE function's query takes a fresh snapshot), so it sees every question a
-- concurrent send of the same user committed while this one waited: the rate limit stays exact across tabs
-- and instances without a transaction held open over a round trip. The lock is released when the calling
-- statement commits.
CREATE FUNCTION yonca_lock_and_count_recent_questions(p_user_id uuid) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('send:' || p_user_id::text, 0));
  RETURN (
    SELECT count(*)::int FROM messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE c.user_id = p_user_id AND m.role = 'user' AND m.created_at > now() - interval '1 minute'
  );
END
$$;
