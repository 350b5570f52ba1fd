ALTER TABLE "messages" ADD COLUMN "annotations" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
-- The persona's used fields and the advisor's sources become plugin annotations; the
-- columns themselves go in the next migration. No view reads them (checked: migrations/0001, 0004).
UPDATE "messages" SET "annotations" = jsonb_build_object('usedPersonaFields', "used_persona_fields", 'sources', "sources")
 WHERE "used_persona_fields" <> '[]'::jsonb OR "sources" <> '[]'::jsonb;
