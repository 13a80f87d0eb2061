CREATE TABLE "dash_monthly" (
	"city_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"month" date NOT NULL,
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
-- Its key, holding the flows too (as dash_daily's): a territory's months come from an index-only scan.
CREATE UNIQUE INDEX dash_monthly_key ON dash_monthly (city_id, scope, month, part)
  INCLUDE (received, replied, rated, contacted, solved, satisfied, on_time, closed, overdue);
--> statement-breakpoint
-- The pending changes go into dash_daily and, summed by month, into dash_monthly, in one statement.
CREATE OR REPLACE FUNCTION gongzhi_dash_fold() RETURNS integer
LANGUAGE plpgsql AS $fn$
DECLARE
  moved integer;
  opened integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('gongzhi_dash_fold')) THEN
    RETURN 0;
  END IF;
  WITH gone AS (DELETE FROM dash_daily_pending RETURNING *),
  monthly AS (
    INSERT INTO dash_monthly AS d (city_id, scope, month, part, received, replied, rated, contacted, solved, satisfied, on_time, closed, overdue)
    SELECT city_id, scope, date_trunc('month', day)::date, part, sum(received), sum(replied), sum(rated), sum(contacted), sum(solved),
           sum(satisfied), sum(on_time), sum(closed), sum(overdue)
    FROM gone GROUP BY 1, 2, 3, 4
    ON CONFLICT (city_id, scope, month, part) DO UPDATE SET
      received = d.received + excluded.received, replied = d.replied + excluded.replied, rated = d.rated + excluded.rated,
      contacted = d.contacted + excluded.contacted, solved = d.solved + excluded.solved, satisfied = d.satisfied + excluded.satisfied,
      on_time = d.on_time + excluded.on_time, closed = d.closed + excluded.closed, overdue = d.overdue + excluded.overdue
  )
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
-- dash_monthly from the days once they are counted.
CREATE OR REPLACE FUNCTION gongzhi_dash_months() RETURNS void
LANGUAGE sql AS $fn$
  INSERT INTO dash_monthly (city_id, scope, month, part, received, replied, rated, contacted, solved, satisfied, on_time, closed, overdue)
  SELECT city_id, scope, date_trunc('month', day)::date, part, sum(received), sum(replied), sum(rated), sum(contacted), sum(solved),
         sum(satisfied), sum(on_time), sum(closed), sum(overdue)
  FROM dash_daily GROUP BY 1, 2, 3, 4;
$fn$;
--> statement-breakpoint
DROP FUNCTION gongzhi_dash_rebuild();
--> statement-breakpoint
-- Counts every case again from scratch. A small table in one grouping straight into the empty rollups; a
-- large one in slices of `slice_pages` heap pages, each counted into the pending rows and folded, so that
-- the grouping's work space is a slice's (one pass over 10 million cases spilled more than 30 GB).
CREATE FUNCTION gongzhi_dash_rebuild(slice_pages bigint DEFAULT 20000) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  pages bigint;
  first bigint := 0;
BEGIN
  LOCK TABLE cases IN SHARE MODE;
  PERFORM pg_advisory_xact_lock(hashtext('gongzhi_dash_fold'));
  TRUNCATE dash_daily, dash_monthly, dash_open, dash_daily_pending, dash_open_pending;
  pages := pg_relation_size('cases') / current_setting('block_size')::bigint;
  IF pages <= slice_pages THEN
    EXECUTE gongzhi_dash_sql('SELECT 1 AS sign, c.* FROM cases c', 'dash_daily', 'dash_open');
    PERFORM gongzhi_dash_months();
    RETURN;
  END IF;
  WHILE first < pages LOOP
    EXECUTE gongzhi_dash_sql(format(
      'SELECT 1 AS sign, c.* FROM cases c WHERE c.ctid >= ''(%s,0)''::tid AND c.ctid < ''(%s,0)''::tid', first, first + slice_pages));
    PERFORM gongzhi_dash_fold();
    first := first + slice_pages;
  END LOOP;
END;
$fn$;
--> statement-breakpoint
SELECT pg_advisory_xact_lock(hashtext('gongzhi_dash_fold'));
--> statement-breakpoint
SELECT gongzhi_dash_months();
