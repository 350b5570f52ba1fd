CREATE TABLE "persona_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"persona_id" uuid NOT NULL,
	"conversation_id" uuid,
	"message_id" uuid,
	"changes" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "persona_proposals_status" CHECK ("persona_proposals"."status" IN ('pending', 'accepted', 'dismissed', 'stale'))
);
--> statement-breakpoint
ALTER TABLE "alem_personas" ADD COLUMN "provenance" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "persona_events" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "persona_events" ADD COLUMN "proposal_id" uuid;--> statement-breakpoint
ALTER TABLE "persona_events" ADD COLUMN "message_id" uuid;--> statement-breakpoint
ALTER TABLE "persona_proposals" ADD CONSTRAINT "persona_proposals_persona_id_alem_personas_alem_persona_id_fk" FOREIGN KEY ("persona_id") REFERENCES "public"."alem_personas"("alem_persona_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persona_proposals" ADD CONSTRAINT "persona_proposals_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persona_proposals" ADD CONSTRAINT "persona_proposals_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "persona_proposals_pending_idx" ON "persona_proposals" USING btree ("persona_id","created_at") WHERE "persona_proposals"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "persona_proposals_message_idx" ON "persona_proposals" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "persona_proposals_conversation_idx" ON "persona_proposals" USING btree ("conversation_id");--> statement-breakpoint
ALTER TABLE "persona_events" ADD CONSTRAINT "persona_events_proposal_id_persona_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."persona_proposals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persona_events" ADD CONSTRAINT "persona_events_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "persona_events_message_idx" ON "persona_events" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "persona_events_proposal_idx" ON "persona_events" USING btree ("proposal_id");