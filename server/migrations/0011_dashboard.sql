CREATE TABLE "dash_daily" (
	"city_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"day" date NOT NULL,
	"measure" text NOT NULL,
	"part" text NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "dash_daily_city_id_scope_day_measure_part_pk" PRIMARY KEY("city_id","scope","day","measure","part")
);
--> statement-breakpoint
CREATE TABLE "dash_open" (
	"city_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"measure" text NOT NULL,
	"part" text NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "dash_open_city_id_scope_measure_part_pk" PRIMARY KEY("city_id","scope","measure","part")
);
--> statement-breakpoint
CREATE TABLE "dash_pending" (
	"city_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"day" date,
	"measure" text NOT NULL,
	"part" text NOT NULL,
	"n" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "dash_pending_scope_idx" ON "dash_pending" USING btree ("city_id","scope");--> statement-breakpoint
-- What a set of case rows adds to the rollups (sign 1) or takes away (sign -1), as one INSERT into
-- dash_pending over `source` (a query giving `sign` and the columns of cases). Each case counts:
-- received on its day, by channel and by category; its last reply (办结) with its callback's answers
-- (rated, contacted, solved, satisfied) and whether it was on time; its close; its going overdue; and,
-- while not closed, its status and phase now. Days are in the city's time zone. Scopes: every territory
-- containing its place (the prefixes of region_path) and, for what the assessment charges a unit with,
-- its lead unit. The same definitions as the assessment (assessment.figures.ts).
CREATE OR REPLACE FUNCTION gongzhi_dash_sql(source text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($q$
INSERT INTO dash_pending (city_id, scope, day, measure, part, n)
SELECT c.city_id, s.scope, f.day, f.measure, f.part, sum(c.sign)::int
FROM (%s) c
JOIN cities ci ON ci.id = c.city_id
CROSS JOIN LATERAL (
  SELECT array_to_string(a.p[1:i], '/') || '/', false
  FROM (SELECT string_to_array(rtrim(c.region_path, '/'), '/') AS p) a, generate_subscripts(a.p, 1) AS i
  UNION ALL
  SELECT 'u:' || c.lead_unit_id, true WHERE c.lead_unit_id IS NOT NULL
) s(scope, is_unit)
CROSS JOIN LATERAL (VALUES
  ('received', 'ch:' || c.channel, (c.received_at AT TIME ZONE ci.timezone)::date, false),
  ('received', 'cat:' || coalesce(c.category_code, ''), (c.received_at AT TIME ZONE ci.timezone)::date, false),
  (CASE WHEN c.replied_at IS NOT NULL THEN 'replied' END, '', (c.replied_at AT TIME ZONE ci.timezone)::date, true),
  (CASE WHEN c.replied_at IS NOT NULL AND c.callback IS NOT NULL THEN 'rated' END, '', (c.replied_at AT TIME ZONE ci.timezone)::date, true),
  (CASE WHEN c.replied_at IS NOT NULL AND c.callback->>'contacted' = 'true' THEN 'contacted' END, '', (c.replied_at AT TIME ZONE ci.timezone)::date, true),
  (CASE WHEN c.replied_at IS NOT NULL AND c.callback->>'solved' = 'true' THEN 'solved' END, '', (c.replied_at AT TIME ZONE ci.timezone)::date, true),
  (CASE WHEN c.replied_at IS NOT NULL AND c.callback->>'satisfied' = 'true' THEN 'satisfied' END, '', (c.replied_at AT TIME ZONE ci.timezone)::date, true),
  (CASE WHEN c.replied_at <= c.due_at THEN 'on_time' END, '', (c.replied_at AT TIME ZONE ci.timezone)::date, true),
  (CASE WHEN c.closed_at IS NOT NULL THEN 'closed' END, '', (c.closed_at AT TIME ZONE ci.timezone)::date, false),
  (CASE WHEN c.overdue_at IS NOT NULL THEN 'overdue' END, '', (c.overdue_at AT TIME ZONE ci.timezone)::date, true),
  (CASE WHEN c.status IN ('received', 'returned', 'dispatched', 'accepted', 'handling', 'suspended', 'replied') THEN c.status END,
   CASE WHEN c.status = 'replied' THEN 'normal' WHEN c.overdue_at IS NOT NULL THEN 'overdue'
        WHEN c.due_soon_warned_at IS NOT NULL THEN 'due_soon' ELSE 'normal' END,
   NULL::date, true)
) f(measure, part, day, by_unit)
WHERE f.measure IS NOT NULL AND (f.by_unit OR NOT s.is_unit)
GROUP BY 1, 2, 3, 4, 5
HAVING sum(c.sign) <> 0
$q$, source)
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
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('gongzhi_dash_fold')) THEN
    RETURN 0;
  END IF;
  WITH gone AS (DELETE FROM dash_pending RETURNING *),
  daily AS (
    INSERT INTO dash_daily AS d (city_id, scope, day, measure, part, n)
    SELECT city_id, scope, day, measure, part, sum(n) FROM gone WHERE day IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (city_id, scope, day, measure, part) DO UPDATE SET n = d.n + excluded.n
  ),
  open AS (
    INSERT INTO dash_open AS o (city_id, scope, measure, part, n)
    SELECT city_id, scope, measure, part, sum(n) FROM gone WHERE day IS NULL GROUP BY 1, 2, 3, 4
    ON CONFLICT (city_id, scope, measure, part) DO UPDATE SET n = o.n + excluded.n
  )
  SELECT count(*) INTO moved FROM gone;
  RETURN moved;
END;
$fn$;
--> statement-breakpoint
-- Counts every case again from scratch (a bulk load with triggers off, or a repair): the rollups equal a recount.
CREATE OR REPLACE FUNCTION gongzhi_dash_rebuild() RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  LOCK TABLE cases IN SHARE MODE;
  PERFORM pg_advisory_xact_lock(hashtext('gongzhi_dash_fold'));
  TRUNCATE dash_daily, dash_open, dash_pending;
  EXECUTE gongzhi_dash_sql('SELECT 1 AS sign, c.* FROM cases c');
  PERFORM gongzhi_dash_fold();
END;
$fn$;
--> statement-breakpoint
SELECT gongzhi_dash_rebuild();
