ALTER TYPE "public"."grant_kind" ADD VALUE 'USER_CLEARANCE';--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;