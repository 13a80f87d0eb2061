CREATE TABLE "assessment_facts" (
	"city_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"replied_at" timestamp with time zone,
	"overdue_at" timestamp with time zone,
	"lead_unit_id" uuid,
	"region_path" text NOT NULL,
	"callback" smallint NOT NULL,
	"on_time" boolean NOT NULL,
	"reopened" boolean NOT NULL,
	"handling_seconds" real,
	"case_updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "assessment_facts_city_id_case_id_pk" PRIMARY KEY("city_id","case_id")
);
--> statement-breakpoint
CREATE TABLE "assessment_settings" (
	"city_id" uuid PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_talks" (
	"city_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"period" text NOT NULL,
	"level" text NOT NULL,
	"subject_key" text NOT NULL,
	"subject_name" text NOT NULL,
	"unit_id" uuid,
	"superior_unit_id" uuid,
	"reason" text NOT NULL,
	"rank" integer NOT NULL,
	"score" double precision,
	"region_path" text NOT NULL,
	"status" text NOT NULL,
	"scheduled_at" timestamp with time zone,
	"held_at" timestamp with time zone,
	"record" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "assessment_talks_city_id_id_pk" PRIMARY KEY("city_id","id"),
	CONSTRAINT "assessment_talks_subject_key" UNIQUE("city_id","period","level","subject_key")
);
--> statement-breakpoint
CREATE TABLE "assessment_watermarks" (
	"city_id" uuid PRIMARY KEY NOT NULL,
	"cases_updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "talk_items" (
	"city_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"talk_id" uuid NOT NULL,
	"text" text NOT NULL,
	"owner" text NOT NULL,
	"due_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"evidence" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "talk_items_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
ALTER TABLE "assessment_settings" ADD CONSTRAINT "assessment_settings_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_talks" ADD CONSTRAINT "assessment_talks_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_watermarks" ADD CONSTRAINT "assessment_watermarks_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talk_items" ADD CONSTRAINT "talk_items_talk_fk" FOREIGN KEY ("city_id","talk_id") REFERENCES "public"."assessment_talks"("city_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessment_facts_replied_idx" ON "assessment_facts" USING btree ("city_id","replied_at") WHERE replied_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "assessment_facts_overdue_idx" ON "assessment_facts" USING btree ("city_id","overdue_at") WHERE overdue_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "assessment_talks_period_idx" ON "assessment_talks" USING btree ("city_id","period");--> statement-breakpoint
CREATE INDEX "talk_items_talk_idx" ON "talk_items" USING btree ("city_id","talk_id");--> statement-breakpoint
CREATE INDEX "case_events_returns_idx" ON "case_events" USING btree ("city_id","at") WHERE type = 'case.returned';--> statement-breakpoint
CREATE INDEX "case_events_at_brin" ON "case_events" USING brin ("at");--> statement-breakpoint
CREATE INDEX "cases_updated_idx" ON "cases" USING btree ("city_id","updated_at");