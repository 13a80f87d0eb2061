CREATE TABLE "classifier_models" (
	"city_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"trained_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"trained_by" text,
	"item_count" integer NOT NULL,
	"label_count" integer NOT NULL,
	"training_ms" integer NOT NULL,
	"accuracy" double precision,
	"macro_f1" double precision,
	"quality" jsonb,
	"model" jsonb NOT NULL,
	"active" boolean DEFAULT false NOT NULL,
	CONSTRAINT "classifier_models_city_id_version_pk" PRIMARY KEY("city_id","version")
);
--> statement-breakpoint
CREATE TABLE "classifier_settings" (
	"city_id" uuid PRIMARY KEY NOT NULL,
	"threshold" double precision NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "classifier_suggestions" (
	"city_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"model_version" integer NOT NULL,
	"suggested_code" text NOT NULL,
	"confidence" double precision NOT NULL,
	"threshold" double precision NOT NULL,
	"below_threshold" boolean NOT NULL,
	"suggested_by" uuid,
	"suggested_at" timestamp with time zone NOT NULL,
	"case_id" uuid,
	"chosen_code" text,
	"outcome" text,
	"decided_at" timestamp with time zone,
	CONSTRAINT "classifier_suggestions_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
ALTER TABLE "classifier_models" ADD CONSTRAINT "classifier_models_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classifier_settings" ADD CONSTRAINT "classifier_settings_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classifier_suggestions" ADD CONSTRAINT "classifier_suggestions_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "classifier_models_one_active" ON "classifier_models" USING btree ("city_id") WHERE active;--> statement-breakpoint
CREATE INDEX "classifier_suggestions_time_idx" ON "classifier_suggestions" USING btree ("city_id","suggested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "classifier_suggestions_case" ON "classifier_suggestions" USING btree ("city_id","case_id") WHERE case_id IS NOT NULL;