-- Read-only views for operators: FIN and phone masked, so day-to-day inspection needs no personal data.
CREATE FUNCTION yonca_mask_phone(phone text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN phone ~ '^\+994 \d{2} \d{3} \d{2} \d{2}$' THEN left(phone, 8) || '*** ** ' || right(phone, 2)
    ELSE regexp_replace(left(phone, greatest(length(phone) - 2, 0)), '\d', '*', 'g') || right(phone, 2)
  END
$$;
--> statement-breakpoint
CREATE FUNCTION yonca_mask_fin(fin text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT left(fin, 1) || repeat('*', greatest(length(fin) - 2, 0)) || right(fin, 1)
$$;
--> statement-breakpoint
CREATE FUNCTION yonca_read_only_view() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is a read-only view: change alem_personas instead', TG_TABLE_NAME;
END
$$;
--> statement-breakpoint
CREATE VIEW persona_overview AS
SELECT p.alem_persona_id,
       p.email,
       p.full_name,
       yonca_mask_fin(p.fin_code) AS fin_code_masked,
       yonca_mask_phone(p.phone) AS phone_masked,
       p.region,
       p.crop_type,
       p.total_area_ha,
       p.experience_level,
       p.ektis_verified,
       p.data_source,
       p.created_at,
       p.updated_at,
       p.last_login_at,
       (SELECT count(*) FROM persona_events e WHERE e.persona_id = p.alem_persona_id) AS history_events
  FROM alem_personas p;
--> statement-breakpoint
CREATE VIEW login_activity AS
SELECT u.id AS user_id,
       u.email,
       CASE WHEN u.google_sub IS NOT NULL THEN 'google' ELSE 'dev' END AS sign_in_method,
       u.created_at AS first_sign_in_at,
       u.last_login_at AS last_sign_in_at,
       p.last_login_at AS last_connect_at,
       p.region,
       p.crop_type,
       (SELECT count(*) FROM sessions s WHERE s.user_id = u.id AND s.expires_at > now()) AS active_sessions,
       (SELECT count(*) FROM conversations c WHERE c.user_id = u.id) AS conversations
  FROM users u
  LEFT JOIN alem_personas p ON p.user_id = u.id;
--> statement-breakpoint
CREATE TRIGGER persona_overview_read_only INSTEAD OF INSERT OR UPDATE OR DELETE ON persona_overview
  FOR EACH ROW EXECUTE FUNCTION yonca_read_only_view();
--> statement-breakpoint
CREATE TRIGGER login_activity_read_only INSTEAD OF INSERT OR UPDATE OR DELETE ON login_activity
  FOR EACH ROW EXECUTE FUNCTION yonca_read_only_view();
