-- A case's timeline is its history: no event may be changed or removed.
CREATE OR REPLACE FUNCTION gongzhi_case_events_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER case_events_no_update_or_delete
  BEFORE UPDATE OR DELETE ON "case_events"
  FOR EACH ROW EXECUTE FUNCTION gongzhi_case_events_immutable();
--> statement-breakpoint
CREATE TRIGGER case_events_no_truncate
  BEFORE TRUNCATE ON "case_events"
  FOR EACH STATEMENT EXECUTE FUNCTION gongzhi_case_events_immutable();
