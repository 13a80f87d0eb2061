CREATE TABLE "caller_flags" (
	"city_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"phone_hash" text NOT NULL,
	"phone_masked" text NOT NULL,
	"reason" text NOT NULL,
	"mark_count" integer NOT NULL,
	"case_count" integer NOT NULL,
	"region_paths" text[] DEFAULT '{}'::text[] NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"cleared_by" uuid,
	"cleared_by_name" text,
	"cleared_at" timestamp with time zone,
	"clear_reason" text,
	CONSTRAINT "caller_flags_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
CREATE TABLE "caller_marks" (
	"city_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"phone_hash" text NOT NULL,
	"reason" text NOT NULL,
	"note" text,
	"region_path" text NOT NULL,
	"marked_by" uuid NOT NULL,
	"marked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "caller_marks_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
CREATE TABLE "caller_settings" (
	"city_id" uuid PRIMARY KEY NOT NULL,
	"marks_to_flag" integer NOT NULL,
	"marks_window_days" integer NOT NULL,
	"cases_to_flag" integer NOT NULL,
	"cases_window_hours" integer NOT NULL,
	"hash_key" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "caller_flag" jsonb;--> statement-breakpoint
ALTER TABLE "caller_flags" ADD CONSTRAINT "caller_flags_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "caller_marks" ADD CONSTRAINT "caller_marks_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "caller_settings" ADD CONSTRAINT "caller_settings_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "caller_flags_active" ON "caller_flags" USING btree ("city_id","phone_hash") WHERE cleared_at IS NULL;--> statement-breakpoint
CREATE INDEX "caller_flags_phone" ON "caller_flags" USING btree ("city_id","phone_hash","cleared_at");--> statement-breakpoint
CREATE INDEX "caller_flags_since" ON "caller_flags" USING btree ("city_id","since");--> statement-breakpoint
CREATE UNIQUE INDEX "caller_marks_case" ON "caller_marks" USING btree ("city_id","case_id");--> statement-breakpoint
CREATE INDEX "caller_marks_phone" ON "caller_marks" USING btree ("city_id","phone_hash","marked_at");