CREATE TYPE "public"."grant_kind" AS ENUM('USER_ROLE', 'PARTNER_ACCESS');--> statement-breakpoint
CREATE TYPE "public"."grant_status" AS ENUM('PENDING', 'APPROVED', 'REJECTED');--> statement-breakpoint
CREATE TABLE "grant_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "grant_kind" NOT NULL,
	"target_id" uuid NOT NULL,
	"target_name" text NOT NULL,
	"current" jsonb,
	"proposed" jsonb NOT NULL,
	"status" "grant_status" DEFAULT 'PENDING' NOT NULL,
	"requested_by_id" text NOT NULL,
	"requested_by" text NOT NULL,
	"decided_by_id" text,
	"decided_by" text,
	"decided_at" timestamp (3) with time zone,
	"reason" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "session_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "awaiting_approval" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "partner_apps" ADD COLUMN "awaiting_approval" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "grant_requests_status_idx" ON "grant_requests" USING btree ("status","created_at");