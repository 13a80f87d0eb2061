CREATE TABLE "theme_actions" (
	"city_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"title" text NOT NULL,
	"owner_unit_id" uuid NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"done_at" timestamp with time zone,
	"note" text,
	"due_notified_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "theme_actions_city_id_programme_id_id_pk" PRIMARY KEY("city_id","programme_id","id")
);
--> statement-breakpoint
CREATE TABLE "theme_events" (
	"city_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_account_id" uuid,
	"actor_name" text,
	"data" jsonb NOT NULL,
	CONSTRAINT "theme_events_city_id_programme_id_seq_pk" PRIMARY KEY("city_id","programme_id","seq")
);
--> statement-breakpoint
CREATE TABLE "theme_programmes" (
	"city_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"month" text NOT NULL,
	"category_code" text NOT NULL,
	"category_name" text NOT NULL,
	"title" text NOT NULL,
	"target" text NOT NULL,
	"target_reduction_percent" smallint,
	"status" text NOT NULL,
	"lead_unit_id" uuid NOT NULL,
	"co_unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"street_paths" text[] DEFAULT '{}'::text[] NOT NULL,
	"summary" text,
	"close_reason" text,
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "theme_programmes_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
ALTER TABLE "theme_actions" ADD CONSTRAINT "theme_actions_programme_fk" FOREIGN KEY ("city_id","programme_id") REFERENCES "public"."theme_programmes"("city_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "theme_events" ADD CONSTRAINT "theme_events_programme_fk" FOREIGN KEY ("city_id","programme_id") REFERENCES "public"."theme_programmes"("city_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "theme_programmes" ADD CONSTRAINT "theme_programmes_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "theme_actions_due_idx" ON "theme_actions" USING btree ("due_at") WHERE status = 'open' AND due_notified_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "theme_programmes_active_category" ON "theme_programmes" USING btree ("city_id","category_code") WHERE status = 'active';--> statement-breakpoint
-- Hand-written: a programme's timeline is its history: no event may be changed or removed.
CREATE OR REPLACE FUNCTION gongzhi_theme_events_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'theme_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER theme_events_no_update_or_delete
  BEFORE UPDATE OR DELETE ON "theme_events"
  FOR EACH ROW EXECUTE FUNCTION gongzhi_theme_events_immutable();
--> statement-breakpoint
CREATE TRIGGER theme_events_no_truncate
  BEFORE TRUNCATE ON "theme_events"
  FOR EACH STATEMENT EXECUTE FUNCTION gongzhi_theme_events_immutable();
