CREATE TABLE "whistle_attendance" (
	"city_id" uuid NOT NULL,
	"whistle_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"arrived_at" timestamp with time zone,
	"check_in_lng" double precision,
	"check_in_lat" double precision,
	"check_in_distance_meters" integer,
	"check_in_far" boolean,
	"late_minutes" integer,
	"left_at" timestamp with time zone,
	"rating_arrival" smallint,
	"rating_attitude" smallint,
	"rating_result" smallint,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	CONSTRAINT "whistle_attendance_city_id_whistle_id_unit_id_pk" PRIMARY KEY("city_id","whistle_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "whistle_events" (
	"city_id" uuid NOT NULL,
	"whistle_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_account_id" uuid,
	"actor_name" text,
	"actor_unit_id" uuid,
	"actor_unit_name" text,
	"data" jsonb NOT NULL,
	CONSTRAINT "whistle_events_city_id_whistle_id_seq_pk" PRIMARY KEY("city_id","whistle_id","seq")
);
--> statement-breakpoint
CREATE TABLE "whistle_settings" (
	"city_id" uuid PRIMARY KEY NOT NULL,
	"arrival_minutes" integer NOT NULL,
	"check_in_radius_meters" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "whistles" (
	"city_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"status" text NOT NULL,
	"reason" text NOT NULL,
	"problem" text NOT NULL,
	"case_id" uuid,
	"unit_id" uuid NOT NULL,
	"unit_region_path" text NOT NULL,
	"region_path" text NOT NULL,
	"region_name" text,
	"address" text,
	"lng" double precision,
	"lat" double precision,
	"arrival_minutes" integer NOT NULL,
	"check_in_radius_meters" integer NOT NULL,
	"blown_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"blown_by" uuid,
	"blown_by_name" text,
	"result" text,
	"closed_at" timestamp with time zone,
	"spawned_case_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"idempotency_key" text,
	"request_hash" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "whistles_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "whistle_id" uuid;--> statement-breakpoint
ALTER TABLE "whistle_attendance" ADD CONSTRAINT "whistle_attendance_whistle_fk" FOREIGN KEY ("city_id","whistle_id") REFERENCES "public"."whistles"("city_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistle_events" ADD CONSTRAINT "whistle_events_whistle_fk" FOREIGN KEY ("city_id","whistle_id") REFERENCES "public"."whistles"("city_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistle_settings" ADD CONSTRAINT "whistle_settings_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistles" ADD CONSTRAINT "whistles_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "whistle_attendance_unit_idx" ON "whistle_attendance" USING btree ("city_id","unit_id","whistle_id");--> statement-breakpoint
CREATE INDEX "whistles_blown_idx" ON "whistles" USING btree ("city_id","blown_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "whistles_unit_idx" ON "whistles" USING btree ("city_id","unit_id","blown_at");--> statement-breakpoint
CREATE INDEX "whistles_region_idx" ON "whistles" USING btree ("city_id","region_path" text_pattern_ops,"blown_at");--> statement-breakpoint
CREATE UNIQUE INDEX "whistles_idempotency_key" ON "whistles" USING btree ("city_id","blown_by","idempotency_key") WHERE idempotency_key IS NOT NULL;--> statement-breakpoint
-- Hand-written: a whistle's timeline is its history: no event may be changed or removed.
CREATE OR REPLACE FUNCTION gongzhi_whistle_events_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'whistle_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER whistle_events_no_update_or_delete
  BEFORE UPDATE OR DELETE ON "whistle_events"
  FOR EACH ROW EXECUTE FUNCTION gongzhi_whistle_events_immutable();
--> statement-breakpoint
CREATE TRIGGER whistle_events_no_truncate
  BEFORE TRUNCATE ON "whistle_events"
  FOR EACH STATEMENT EXECUTE FUNCTION gongzhi_whistle_events_immutable();
