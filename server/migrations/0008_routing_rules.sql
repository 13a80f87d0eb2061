CREATE TABLE "routing_rules" (
	"city_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"category_code" text,
	"region_path_prefix" text,
	"unit_id" uuid NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "routing_rules_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;