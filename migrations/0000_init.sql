CREATE TABLE "agent_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"trace_id" text NOT NULL,
	"conversation_id" uuid NOT NULL,
	"user_message_id" uuid,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"error_code" text,
	"instance_id" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"first_token_ms" integer,
	"total_ms" integer,
	"input_tokens" integer,
	"output_tokens" integer,
	CONSTRAINT "agent_runs_status" CHECK ("agent_runs"."status" IN ('running', 'complete', 'stopped', 'error'))
);
--> statement-breakpoint
CREATE TABLE "alem_personas" (
	"alem_persona_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"email" text NOT NULL,
	"full_name" text NOT NULL,
	"fin_code" text NOT NULL,
	"phone" text NOT NULL,
	"region" text NOT NULL,
	"crop_type" text NOT NULL,
	"total_area_ha" numeric(7, 1) NOT NULL,
	"experience_level" text NOT NULL,
	"ektis_verified" boolean DEFAULT false NOT NULL,
	"data_source" text DEFAULT 'synthetic' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alem_personas_user_id_unique" UNIQUE("user_id"),
	CONSTRAINT "alem_personas_email_unique" UNIQUE("email"),
	CONSTRAINT "alem_personas_fin_code_unique" UNIQUE("fin_code"),
	CONSTRAINT "alem_personas_email_lower_case" CHECK ("alem_personas"."email" = lower("alem_personas"."email")),
	CONSTRAINT "alem_personas_experience_level" CHECK ("alem_personas"."experience_level" IN ('novice', 'intermediate', 'expert')),
	CONSTRAINT "alem_personas_data_source" CHECK ("alem_personas"."data_source" IN ('synthetic', 'oauth', 'mygov')),
	CONSTRAINT "alem_personas_total_area_positive" CHECK ("alem_personas"."total_area_ha" > 0),
	CONSTRAINT "alem_personas_verified_only_mygov" CHECK (NOT "alem_personas"."ektis_verified" OR "alem_personas"."data_source" = 'mygov')
);
--> statement-breakpoint
CREATE TABLE "app_instances" (
	"id" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid NOT NULL,
	"role" text NOT NULL,
	"content" text NOT NULL,
	"status" text DEFAULT 'complete' NOT NULL,
	"client_message_id" text,
	"run_id" uuid,
	"seq" integer DEFAULT 0 NOT NULL,
	"used_persona_fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messages_client_message_id_unique" UNIQUE("conversation_id","client_message_id"),
	CONSTRAINT "messages_role" CHECK ("messages"."role" IN ('user', 'assistant')),
	CONSTRAINT "messages_status" CHECK ("messages"."status" IN ('complete', 'streaming', 'stopped', 'error'))
);
--> statement-breakpoint
CREATE TABLE "persona_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"persona_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "persona_events_kind" CHECK ("persona_events"."kind" IN ('created', 'login', 'updated', 'regenerated'))
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"sid" text PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"data" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"google_sub" text,
	"name" text,
	"avatar_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "users_google_sub_unique" UNIQUE("google_sub"),
	CONSTRAINT "users_email_lower_case" CHECK ("users"."email" = lower("users"."email"))
);
--> statement-breakpoint
ALTER TABLE "agent_runs" ADD CONSTRAINT "agent_runs_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD CONSTRAINT "agent_runs_user_message_id_messages_id_fk" FOREIGN KEY ("user_message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alem_personas" ADD CONSTRAINT "alem_personas_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persona_events" ADD CONSTRAINT "persona_events_persona_id_alem_personas_alem_persona_id_fk" FOREIGN KEY ("persona_id") REFERENCES "public"."alem_personas"("alem_persona_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_runs_conversation_idx" ON "agent_runs" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "agent_runs_user_message_idx" ON "agent_runs" USING btree ("user_message_id");--> statement-breakpoint
CREATE INDEX "agent_runs_running_idx" ON "agent_runs" USING btree ("status") WHERE "agent_runs"."status" = 'running';--> statement-breakpoint
CREATE INDEX "alem_personas_region_crop_idx" ON "alem_personas" USING btree ("region","crop_type");--> statement-breakpoint
CREATE INDEX "conversations_user_latest_idx" ON "conversations" USING btree ("user_id","updated_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "messages_conversation_idx" ON "messages" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_run_idx" ON "messages" USING btree ("run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_one_streaming_per_conversation" ON "messages" USING btree ("conversation_id") WHERE "messages"."status" = 'streaming';--> statement-breakpoint
CREATE INDEX "messages_streaming_idx" ON "messages" USING btree ("status") WHERE "messages"."status" = 'streaming';--> statement-breakpoint
CREATE INDEX "persona_events_persona_idx" ON "persona_events" USING btree ("persona_id","created_at");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");