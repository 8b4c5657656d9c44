CREATE TYPE "public"."case_source" AS ENUM('STAFF', 'APP');--> statement-breakpoint
ALTER TYPE "public"."partner_capability" ADD VALUE 'OPEN_CASE';--> statement-breakpoint
ALTER TYPE "public"."partner_capability" ADD VALUE 'LOG_INTERACTION';--> statement-breakpoint
ALTER TYPE "public"."partner_capability" ADD VALUE 'SUBMIT_FEEDBACK';--> statement-breakpoint
ALTER TYPE "public"."partner_capability" ADD VALUE 'RECORD_CONSENT';--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "source" "case_source" DEFAULT 'STAFF' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "partner_id" uuid;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_partner_id_partner_apps_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partner_apps"("id") ON DELETE set null ON UPDATE no action;