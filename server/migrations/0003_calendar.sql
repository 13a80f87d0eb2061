CREATE TABLE "calendar_years" (
	"city_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"days_off" jsonb NOT NULL,
	"adjusted_working_days" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_years_city_id_year_pk" PRIMARY KEY("city_id","year")
);
--> statement-breakpoint
ALTER TABLE "calendar_years" ADD CONSTRAINT "calendar_years_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;