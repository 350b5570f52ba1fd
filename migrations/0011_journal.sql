CREATE TABLE "journal_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"date" date DEFAULT CURRENT_DATE NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journal_entries_kind" CHECK ("journal_entries"."kind" IN ('irrigation', 'fertilizer', 'spraying', 'sowing', 'harvest', 'note')),
	CONSTRAINT "journal_entries_text_length" CHECK (char_length("journal_entries"."text") BETWEEN 1 AND 1000)
);
--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "journal_entries_user_latest_idx" ON "journal_entries" USING btree ("user_id","date" DESC NULLS LAST,"created_at" DESC NULLS LAST);