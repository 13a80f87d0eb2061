CREATE TABLE "hotspots" (
	"city_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"region_path" text NOT NULL,
	"category_code" text,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"score" double precision NOT NULL,
	"observed" integer NOT NULL,
	"expected" double precision,
	"figures" jsonb NOT NULL,
	"case_ids" uuid[] NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"converted_case_id" uuid,
	"converted_whistle_id" uuid,
	"acted_by" uuid,
	"acted_at" timestamp with time zone,
	"note" text,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "hotspots_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
ALTER TABLE "hotspots" ADD CONSTRAINT "hotspots_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hotspots_key_idx" ON "hotspots" USING btree ("city_id","kind","key","window_end");--> statement-breakpoint
CREATE INDEX "hotspots_region_idx" ON "hotspots" USING btree ("city_id","region_path" text_pattern_ops,"score");