CREATE TABLE "dash_daily" (
	"city_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"day" date NOT NULL,
	"part" text NOT NULL,
	"received" bigint DEFAULT 0 NOT NULL,
	"replied" bigint DEFAULT 0 NOT NULL,
	"rated" bigint DEFAULT 0 NOT NULL,
	"contacted" bigint DEFAULT 0 NOT NULL,
	"solved" bigint DEFAULT 0 NOT NULL,
	"satisfied" bigint DEFAULT 0 NOT NULL,
	"on_time" bigint DEFAULT 0 NOT NULL,
	"closed" bigint DEFAULT 0 NOT NULL,
	"overdue" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dash_daily_pending" (
	"city_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"day" date NOT NULL,
	"part" text NOT NULL,
	"received" bigint DEFAULT 0 NOT NULL,
	"replied" bigint DEFAULT 0 NOT NULL,
	"rated" bigint DEFAULT 0 NOT NULL,
	"contacted" bigint DEFAULT 0 NOT NULL,
	"solved" bigint DEFAULT 0 NOT NULL,
	"satisfied" bigint DEFAULT 0 NOT NULL,
	"on_time" bigint DEFAULT 0 NOT NULL,
	"closed" bigint DEFAULT 0 NOT NULL,
	"overdue" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dash_open" (
	"city_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"status" text NOT NULL,
	"phase" text NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "dash_open_city_id_scope_status_phase_pk" PRIMARY KEY("city_id","scope","status","phase")
);
--> statement-breakpoint
CREATE TABLE "dash_open_pending" (
	"city_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"status" text NOT NULL,
	"phase" text NOT NULL,
	"n" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "dash_daily_pending_scope_idx" ON "dash_daily_pending" USING btree ("city_id","scope");--> statement-breakpoint
CREATE INDEX "dash_open_pending_scope_idx" ON "dash_open_pending" USING btree ("city_id","scope");--> statement-breakpoint
-- dash_daily's key, holding the flows too: a territory's days come from an index-only scan.
CREATE UNIQUE INDEX dash_daily_key ON dash_daily (city_id, scope, day, part)
  INCLUDE (received, replied, rated, contacted, solved, satisfied, on_time, closed, overdue);
--> statement-breakpoint
-- What a set of case rows adds to the rollups (sign 1) or takes away (sign -1), as one statement over
-- `source` (a query giving `sign` and the columns of cases), into the pending tables (or the rollups
-- themselves, for a rebuild into empty ones). Each case counts: received on its day, by
-- channel and by category; its last reply (办结) with its callback's answers and whether it was on time;
-- its close; its going overdue; and, while not closed, its status and phase now. Days are in the city's
-- time zone. Scopes: every territory containing its place (the prefixes of region_path) and, for what the
-- assessment charges a unit with (replies, overdue, open cases), its lead unit. The definitions are the
-- assessment's (assessment.figures.ts).
CREATE OR REPLACE FUNCTION gongzhi_dash_sql(source text, daily text DEFAULT 'dash_daily_pending', open text DEFAULT 'dash_open_pending')
RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($q$
WITH c AS (
  SELECT c.sign, c.city_id, c.region_path, c.lead_unit_id, c.channel, c.category_code, c.status, c.received_at, c.replied_at,
         c.closed_at, c.overdue_at, c.due_soon_warned_at, c.due_at, c.callback, ci.timezone AS tz
  FROM (%s) c JOIN cities ci ON ci.id = c.city_id
),
s AS (
  SELECT c.*, s.scope, s.is_unit
  FROM c CROSS JOIN LATERAL (
    SELECT array_to_string(a.p[1:i], '/') || '/', false
    FROM (SELECT string_to_array(rtrim(c.region_path, '/'), '/') AS p) a, generate_subscripts(a.p, 1) AS i
    UNION ALL
    SELECT 'u:' || c.lead_unit_id, true WHERE c.lead_unit_id IS NOT NULL
  ) s(scope, is_unit)
),
daily AS (
  INSERT INTO %I (city_id, scope, day, part, received, replied, rated, contacted, solved, satisfied, on_time, closed, overdue)
  SELECT s.city_id, s.scope, f.day, f.part,
         sum(s.sign * f.received), sum(s.sign * f.replied), sum(s.sign * f.rated), sum(s.sign * f.contacted), sum(s.sign * f.solved),
         sum(s.sign * f.satisfied), sum(s.sign * f.on_time), sum(s.sign * f.closed), sum(s.sign * f.overdue)
  FROM s CROSS JOIN LATERAL (VALUES
    ((s.received_at AT TIME ZONE s.tz)::date, 'ch:' || s.channel, false, 1, 0, 0, 0, 0, 0, 0, 0, 0),
    ((s.received_at AT TIME ZONE s.tz)::date, 'cat:' || coalesce(s.category_code, ''), false, 1, 0, 0, 0, 0, 0, 0, 0, 0),
    ((s.replied_at AT TIME ZONE s.tz)::date, '', true, 0, 1,
     CASE WHEN s.callback IS NOT NULL THEN 1 ELSE 0 END,
     CASE WHEN s.callback->>'contacted' = 'true' THEN 1 ELSE 0 END,
     CASE WHEN s.callback->>'solved' = 'true' THEN 1 ELSE 0 END,
     CASE WHEN s.callback->>'satisfied' = 'true' THEN 1 ELSE 0 END,
     CASE WHEN s.replied_at <= s.due_at THEN 1 ELSE 0 END, 0, 0),
    ((s.closed_at AT TIME ZONE s.tz)::date, '', false, 0, 0, 0, 0, 0, 0, 0, 1, 0),
    ((s.overdue_at AT TIME ZONE s.tz)::date, '', true, 0, 0, 0, 0, 0, 0, 0, 0, 1)
  ) f(day, part, by_unit, received, replied, rated, contacted, solved, satisfied, on_time, closed, overdue)
  WHERE f.day IS NOT NULL AND (f.by_unit OR NOT s.is_unit)
  GROUP BY 1, 2, 3, 4
  HAVING sum(s.sign * f.received) <> 0 OR sum(s.sign * f.replied) <> 0 OR sum(s.sign * f.rated) <> 0
      OR sum(s.sign * f.contacted) <> 0 OR sum(s.sign * f.solved) <> 0 OR sum(s.sign * f.satisfied) <> 0
      OR sum(s.sign * f.on_time) <> 0 OR sum(s.sign * f.closed) <> 0 OR sum(s.sign * f.overdue) <> 0
)
INSERT INTO %I (city_id, scope, status, phase, n)
SELECT s.city_id, s.scope, s.status,
       CASE WHEN s.status = 'replied' THEN 'normal' WHEN s.overdue_at IS NOT NULL THEN 'overdue'
            WHEN s.due_soon_warned_at IS NOT NULL THEN 'due_soon' ELSE 'normal' END,
       sum(s.sign)
FROM s
WHERE s.status IN ('received', 'returned', 'dispatched', 'accepted', 'handling', 'suspended', 'replied')
GROUP BY 1, 2, 3, 4
HAVING sum(s.sign) <> 0
$q$, source, daily, open)
$fn$;
--> statement-breakpoint
-- The columns the rollups read: an update that changes none of them adds nothing.
CREATE OR REPLACE FUNCTION gongzhi_dash_track() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  changed constant text := '(o.status, o.region_path, o.category_code, o.channel, o.received_at, o.replied_at, o.closed_at,
    o.overdue_at, o.due_soon_warned_at, o.callback, o.due_at, o.lead_unit_id) IS DISTINCT FROM (n.status, n.region_path,
    n.category_code, n.channel, n.received_at, n.replied_at, n.closed_at, n.overdue_at, n.due_soon_warned_at, n.callback,
    n.due_at, n.lead_unit_id)';
BEGIN
  IF TG_OP = 'INSERT' THEN
    EXECUTE gongzhi_dash_sql('SELECT 1 AS sign, n.* FROM new_rows n');
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE gongzhi_dash_sql('SELECT -1 AS sign, o.* FROM old_rows o');
  ELSE
    EXECUTE gongzhi_dash_sql(
      'SELECT -1 AS sign, o.* FROM old_rows o JOIN new_rows n ON n.city_id = o.city_id AND n.id = o.id WHERE ' || changed ||
      ' UNION ALL SELECT 1 AS sign, n.* FROM new_rows n JOIN old_rows o ON n.city_id = o.city_id AND n.id = o.id WHERE ' || changed);
  END IF;
  RETURN NULL;
END;
$fn$;
--> statement-breakpoint
CREATE TRIGGER cases_dash_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION gongzhi_dash_track();
--> statement-breakpoint
CREATE TRIGGER cases_dash_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION gongzhi_dash_track();
--> statement-breakpoint
CREATE TRIGGER cases_dash_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION gongzhi_dash_track();
--> statement-breakpoint
-- Always, even for a session replaying rows as a replica (session_replication_role): the rollups never miss a change.
ALTER TABLE cases ENABLE ALWAYS TRIGGER cases_dash_insert;
--> statement-breakpoint
ALTER TABLE cases ENABLE ALWAYS TRIGGER cases_dash_update;
--> statement-breakpoint
ALTER TABLE cases ENABLE ALWAYS TRIGGER cases_dash_delete;
--> statement-breakpoint
-- Moves the pending changes into the rollups; one caller at a time (the others return 0 at once).
CREATE OR REPLACE FUNCTION gongzhi_dash_fold() RETURNS integer
LANGUAGE plpgsql AS $fn$
DECLARE
  moved integer;
  opened integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('gongzhi_dash_fold')) THEN
    RETURN 0;
  END IF;
  WITH gone AS (DELETE FROM dash_daily_pending RETURNING *)
  INSERT INTO dash_daily AS d (city_id, scope, day, part, received, replied, rated, contacted, solved, satisfied, on_time, closed, overdue)
  SELECT city_id, scope, day, part, sum(received), sum(replied), sum(rated), sum(contacted), sum(solved), sum(satisfied),
         sum(on_time), sum(closed), sum(overdue)
  FROM gone GROUP BY 1, 2, 3, 4
  ON CONFLICT (city_id, scope, day, part) DO UPDATE SET
    received = d.received + excluded.received, replied = d.replied + excluded.replied, rated = d.rated + excluded.rated,
    contacted = d.contacted + excluded.contacted, solved = d.solved + excluded.solved, satisfied = d.satisfied + excluded.satisfied,
    on_time = d.on_time + excluded.on_time, closed = d.closed + excluded.closed, overdue = d.overdue + excluded.overdue;
  GET DIAGNOSTICS moved = ROW_COUNT;
  WITH gone AS (DELETE FROM dash_open_pending RETURNING *)
  INSERT INTO dash_open AS o (city_id, scope, status, phase, n)
  SELECT city_id, scope, status, phase, sum(n) FROM gone GROUP BY 1, 2, 3, 4
  ON CONFLICT (city_id, scope, status, phase) DO UPDATE SET n = o.n + excluded.n;
  GET DIAGNOSTICS opened = ROW_COUNT;
  RETURN moved + opened;
END;
$fn$;
--> statement-breakpoint
-- Counts every case again from scratch (a bulk load with the triggers off, or a repair): the rollups equal a recount.
CREATE OR REPLACE FUNCTION gongzhi_dash_rebuild() RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  LOCK TABLE cases IN SHARE MODE;
  PERFORM pg_advisory_xact_lock(hashtext('gongzhi_dash_fold'));
  TRUNCATE dash_daily, dash_open, dash_daily_pending, dash_open_pending;
  -- Grouped by the rollups' keys over all cases: each key once, straight into the empty rollups.
  EXECUTE gongzhi_dash_sql('SELECT 1 AS sign, c.* FROM cases c', 'dash_daily', 'dash_open');
END;
$fn$;
--> statement-breakpoint
SELECT gongzhi_dash_rebuild();
