-- Conversation search: Azerbaijani letters fold to the Latin letters people type without
-- diacritics, before lower(), so the result does not depend on the database's locale (I/ı and İ/i too).
-- Combining marks (decomposed input: U+0307 dot above, U+0327 cedilla, U+0306 breve, U+0308 diaeresis) are dropped.
-- server/chat/search.ts folds the query the same way.
CREATE FUNCTION yonca_search_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(translate(value, 'İIıŞşÇçĞğÖöÜüƏə' || chr(775) || chr(807) || chr(774) || chr(776), 'iiissccggoouuee'))
$$;
--> statement-breakpoint
-- Farmers' ratings of answers for operators: the question, the answer, the model; no emails.
CREATE VIEW advisor_feedback AS
SELECT f.id AS feedback_id,
       f.message_id,
       a.conversation_id,
       q.content AS question,
       a.content AS answer,
       f.rating,
       f.comment,
       r.provider,
       r.model,
       f.updated_at AS rated_at,
       a.created_at AS answered_at
  FROM message_feedback f
  JOIN messages a ON a.id = f.message_id
  LEFT JOIN agent_runs r ON r.id = a.run_id
  LEFT JOIN messages q ON q.id = r.user_message_id;
--> statement-breakpoint
CREATE TRIGGER advisor_feedback_read_only INSTEAD OF INSERT OR UPDATE OR DELETE ON advisor_feedback
  FOR EACH ROW EXECUTE FUNCTION yonca_read_only_view();
