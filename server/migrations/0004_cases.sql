CREATE TABLE "attachments" (
	"city_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"case_id" uuid,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "attachments_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
CREATE TABLE "callback_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"city_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_account_id" uuid,
	"actor_name" text,
	"actor_unit_name" text,
	"data" jsonb NOT NULL,
	CONSTRAINT "case_events_city_id_case_id_seq_pk" PRIMARY KEY("city_id","case_id","seq")
);
--> statement-breakpoint
CREATE TABLE "case_settings" (
	"city_id" uuid PRIMARY KEY NOT NULL,
	"policy" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"city_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"tracking_code" text NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"urgency" text NOT NULL,
	"text" text NOT NULL,
	"address" text,
	"lng" double precision,
	"lat" double precision,
	"region_path" text NOT NULL,
	"regions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"category_code" text,
	"category" jsonb,
	"deadline_tier" text NOT NULL,
	"fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reporter_name" text,
	"reporter_phone" text,
	"anonymous" boolean DEFAULT false NOT NULL,
	"reporter_account_id" uuid,
	"created_by" uuid,
	"lead_unit_id" uuid,
	"co_handler_unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"route_rule_id" text,
	"route_reason" text,
	"needs_dispatcher" boolean NOT NULL,
	"must_handle" boolean DEFAULT false NOT NULL,
	"reopen_count" smallint DEFAULT 0 NOT NULL,
	"escalation_level" smallint DEFAULT 0 NOT NULL,
	"pending_extension" jsonb,
	"pending_return" jsonb,
	"merged_into" uuid,
	"supporters" integer DEFAULT 0 NOT NULL,
	"callback" jsonb,
	"received_at" timestamp with time zone NOT NULL,
	"dispatched_at" timestamp with time zone,
	"first_contact_due_at" timestamp with time zone,
	"first_contact_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"due_soon_at" timestamp with time zone,
	"due_soon_warned_at" timestamp with time zone,
	"overdue_at" timestamp with time zone,
	"first_contact_overdue_at" timestamp with time zone,
	"suspended_at" timestamp with time zone,
	"replied_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"next_check_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cases_city_id_id_pk" PRIMARY KEY("city_id","id"),
	CONSTRAINT "cases_city_tracking_key" UNIQUE("city_id","tracking_code")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"city_id" uuid NOT NULL,
	"principal" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"case_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_city_id_principal_key_pk" PRIMARY KEY("city_id","principal","key")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"city_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"unit_id" uuid,
	"account_id" uuid,
	"case_id" uuid,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "notifications_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
CREATE TABLE "sms_outbox" (
	"city_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"phone" text NOT NULL,
	"text" text NOT NULL,
	"case_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	CONSTRAINT "sms_outbox_city_id_id_pk" PRIMARY KEY("city_id","id")
);
--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_fk" FOREIGN KEY ("city_id","case_id") REFERENCES "public"."cases"("city_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_settings" ADD CONSTRAINT "case_settings_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_case_idx" ON "attachments" USING btree ("city_id","case_id");--> statement-breakpoint
CREATE INDEX "callback_links_case_idx" ON "callback_links" USING btree ("city_id","case_id");--> statement-breakpoint
CREATE INDEX "cases_inbox_idx" ON "cases" USING btree ("city_id","lead_unit_id","due_at") WHERE status IN ('dispatched', 'accepted', 'handling', 'suspended');--> statement-breakpoint
CREATE INDEX "cases_cohandlers_idx" ON "cases" USING gin ("co_handler_unit_ids") WHERE status IN ('dispatched', 'accepted', 'handling', 'suspended');--> statement-breakpoint
CREATE INDEX "cases_queue_idx" ON "cases" USING btree ("city_id","received_at") WHERE needs_dispatcher;--> statement-breakpoint
CREATE INDEX "cases_callbacks_idx" ON "cases" USING btree ("city_id","replied_at") WHERE status = 'replied';--> statement-breakpoint
CREATE INDEX "cases_received_idx" ON "cases" USING btree ("city_id","received_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cases_region_idx" ON "cases" USING btree ("city_id","region_path" text_pattern_ops,"received_at");--> statement-breakpoint
CREATE INDEX "cases_phone_idx" ON "cases" USING btree ("city_id","reporter_phone","received_at") WHERE reporter_phone IS NOT NULL;--> statement-breakpoint
CREATE INDEX "cases_reporter_idx" ON "cases" USING btree ("city_id","reporter_account_id","received_at") WHERE reporter_account_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "cases_duplicates_idx" ON "cases" USING btree ("city_id","category_code","received_at") WHERE status NOT IN ('replied', 'closed', 'withdrawn', 'merged');--> statement-breakpoint
CREATE INDEX "cases_next_check_idx" ON "cases" USING btree ("next_check_at") WHERE next_check_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notifications_unit_idx" ON "notifications" USING btree ("city_id","unit_id","created_at") WHERE unit_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notifications_account_idx" ON "notifications" USING btree ("city_id","account_id","created_at") WHERE account_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "sms_outbox_pending_idx" ON "sms_outbox" USING btree ("created_at") WHERE sent_at IS NULL;