CREATE TYPE "public"."audience_status" AS ENUM('PENDING', 'PUBLISHED', 'UNPUBLISHED');--> statement-breakpoint
ALTER TYPE "public"."event_type" ADD VALUE 'AUDIENCE_MEMBER_ADDED';--> statement-breakpoint
ALTER TYPE "public"."event_type" ADD VALUE 'AUDIENCE_MEMBER_REMOVED';--> statement-breakpoint
ALTER TYPE "public"."grant_kind" ADD VALUE 'AUDIENCE';--> statement-breakpoint
CREATE TABLE "audience_members" (
	"audience_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"added_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audience_members_audience_id_customer_id_pk" PRIMARY KEY("audience_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "audiences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"segment_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"purpose" "purpose" NOT NULL,
	"status" "audience_status" DEFAULT 'PENDING' NOT NULL,
	"requested_by" text NOT NULL,
	"published_at" timestamp (3) with time zone,
	"unpublished_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audience_members" ADD CONSTRAINT "audience_members_audience_id_audiences_id_fk" FOREIGN KEY ("audience_id") REFERENCES "public"."audiences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audiences" ADD CONSTRAINT "audiences_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audiences" ADD CONSTRAINT "audiences_partner_id_partner_apps_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partner_apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audience_members_customer_idx" ON "audience_members" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "audiences_live_idx" ON "audiences" USING btree ("segment_id","partner_id","purpose") WHERE "audiences"."status" <> 'UNPUBLISHED';--> statement-breakpoint
CREATE INDEX "audiences_partner_idx" ON "audiences" USING btree ("partner_id","status");