-- Every insert and update of alem_personas, by any path, is recorded in persona_events, and each of the
-- seven persona fields carries its provenance {source, at}. The app names itself per transaction with
-- set_config('yonca.actor', …, true) (server/personas/audit.ts); without it the change is `database`
-- (an operator's psql UPDATE). FIN and phone are recorded masked.
UPDATE alem_personas p
   SET provenance = (
     SELECT jsonb_object_agg(f, jsonb_build_object(
              'source', CASE WHEN p.data_source = 'mygov' THEN 'mygov' ELSE 'synthetic' END,
              'at', to_jsonb(p.created_at)))
       FROM unnest(ARRAY['fullName', 'finCode', 'phone', 'region', 'cropType', 'totalAreaHa', 'experienceLevel']) AS f)
 WHERE provenance = '{}'::jsonb;
--> statement-breakpoint
CREATE FUNCTION yonca_persona_values(p alem_personas) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'fullName', p.full_name, 'finCode', p.fin_code, 'phone', p.phone, 'region', p.region, 'cropType', p.crop_type,
    'totalAreaHa', p.total_area_ha, 'experienceLevel', p.experience_level,
    'ektisVerified', p.ektis_verified, 'dataSource', p.data_source)
$$;
--> statement-breakpoint
CREATE FUNCTION yonca_persona_source() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    nullif(current_setting('yonca.source', true), ''),
    CASE coalesce(nullif(current_setting('yonca.actor', true), ''), 'database')
      WHEN 'user' THEN 'user' WHEN 'chat' THEN 'chat' WHEN 'system' THEN 'synthetic' WHEN 'seed' THEN 'synthetic'
      WHEN 'identity' THEN 'identity' WHEN 'mygov' THEN 'mygov' ELSE 'database' END)
$$;
--> statement-breakpoint
CREATE FUNCTION yonca_alem_personas_provenance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  stamp jsonb := jsonb_build_object('source', yonca_persona_source(), 'at', to_jsonb(clock_timestamp()));
  new_v jsonb := yonca_persona_values(NEW);
  old_v jsonb;
  prov jsonb;
  f text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    prov := coalesce(NEW.provenance, '{}'::jsonb);
  ELSE
    prov := coalesce(OLD.provenance, '{}'::jsonb);
    old_v := yonca_persona_values(OLD);
  END IF;
  FOREACH f IN ARRAY ARRAY['fullName', 'finCode', 'phone', 'region', 'cropType', 'totalAreaHa', 'experienceLevel'] LOOP
    IF (TG_OP = 'INSERT' AND NOT prov ? f) OR (TG_OP = 'UPDATE' AND old_v -> f IS DISTINCT FROM new_v -> f) THEN
      prov := prov || jsonb_build_object(f, stamp);
    END IF;
  END LOOP;
  NEW.provenance := prov;
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- SECURITY DEFINER: an operator role allowed to UPDATE alem_personas need not be allowed to write history.
CREATE FUNCTION yonca_alem_personas_audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp AS $$
DECLARE
  new_v jsonb := yonca_persona_values(NEW);
  old_v jsonb := CASE WHEN TG_OP = 'UPDATE' THEN yonca_persona_values(OLD) ELSE '{}'::jsonb END;
  changes jsonb := '{}'::jsonb;
  o jsonb;
  n jsonb;
  f text;
BEGIN
  FOR f IN SELECT jsonb_object_keys(new_v) LOOP
    IF TG_OP = 'INSERT' OR old_v -> f IS DISTINCT FROM new_v -> f THEN
      o := CASE WHEN TG_OP = 'INSERT' THEN 'null'::jsonb ELSE old_v -> f END;
      n := new_v -> f;
      IF f = 'finCode' THEN
        o := CASE WHEN o = 'null'::jsonb THEN o ELSE to_jsonb(yonca_mask_fin(o #>> '{}')) END;
        n := to_jsonb(yonca_mask_fin(n #>> '{}'));
      ELSIF f = 'phone' THEN
        o := CASE WHEN o = 'null'::jsonb THEN o ELSE to_jsonb(yonca_mask_phone(o #>> '{}')) END;
        n := to_jsonb(yonca_mask_phone(n #>> '{}'));
      END IF;
      changes := changes || jsonb_build_object(f, jsonb_build_object('old', o, 'new', n));
    END IF;
  END LOOP;
  IF changes = '{}'::jsonb THEN
    RETURN NULL; -- a login (last_login_at) or a no-op update changes no value
  END IF;
  INSERT INTO persona_events (persona_id, kind, changes, actor, source, proposal_id, message_id, created_at)
  VALUES (
    NEW.alem_persona_id,
    coalesce(nullif(current_setting('yonca.event_kind', true), ''), CASE WHEN TG_OP = 'INSERT' THEN 'created' ELSE 'updated' END),
    changes,
    coalesce(nullif(current_setting('yonca.actor', true), ''), 'database'),
    yonca_persona_source(),
    nullif(current_setting('yonca.proposal_id', true), '')::uuid,
    nullif(current_setting('yonca.message_id', true), '')::uuid,
    clock_timestamp());
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER alem_personas_provenance BEFORE INSERT OR UPDATE ON alem_personas
  FOR EACH ROW EXECUTE FUNCTION yonca_alem_personas_provenance();
--> statement-breakpoint
CREATE TRIGGER alem_personas_audit AFTER INSERT OR UPDATE ON alem_personas
  FOR EACH ROW EXECUTE FUNCTION yonca_alem_personas_audit();
