-- A session that ends in SQL (logout, pruning of expired rows, an operator's DELETE or UPDATE) is announced
-- with NOTIFY; every instance LISTENs and closes that session's sockets (server/auth/revocation.ts).
CREATE OR REPLACE FUNCTION notify_session_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('yonca_session_ended', OLD.sid);
  ELSIF NEW.expires_at <= now() OR NEW.user_id IS DISTINCT FROM OLD.user_id OR NEW.sid <> OLD.sid THEN
    PERFORM pg_notify('yonca_session_ended', OLD.sid);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER sessions_ended AFTER DELETE OR UPDATE ON sessions FOR EACH ROW EXECUTE FUNCTION notify_session_ended();
--> statement-breakpoint
-- TRUNCATE fires no row triggers: '*' ends every session's sockets.
CREATE OR REPLACE FUNCTION notify_sessions_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('yonca_session_ended', '*');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER sessions_truncated AFTER TRUNCATE ON sessions FOR EACH STATEMENT EXECUTE FUNCTION notify_sessions_truncated();
--> statement-breakpoint
-- rate-limiter-flexible's RateLimiterPostgres table (its own layout), shared by every instance: handshakes per
-- address, dev logins, conversation creation and persona writes (server/http/limits.ts).
CREATE TABLE IF NOT EXISTS rate_limits (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
