ALTER TABLE "messages" DROP COLUMN "used_persona_fields";--> statement-breakpoint
ALTER TABLE "messages" DROP COLUMN "sources";