CREATE TYPE "public"."churn_level" AS ENUM('LOW', 'MEDIUM', 'HIGH');--> statement-breakpoint
CREATE TYPE "public"."lifecycle_stage" AS ENUM('PROSPECT', 'NEW', 'GROWING', 'STABLE', 'AT_RISK', 'CHURNED', 'REACTIVATED');--> statement-breakpoint
CREATE TYPE "public"."value_tier" AS ENUM('HIGH', 'MEDIUM', 'LOW');--> statement-breakpoint
CREATE TABLE "customer_insight" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"arpu" numeric(12, 2),
	"tenure_months" integer NOT NULL,
	"clv" numeric(14, 2),
	"value_tier" "value_tier" NOT NULL,
	"lifecycle_stage" "lifecycle_stage" NOT NULL,
	"churn_score" smallint NOT NULL,
	"churn_level" "churn_level" NOT NULL,
	"reasons" jsonb NOT NULL,
	"nps" smallint,
	"csat" smallint,
	"computed_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"definition" jsonb NOT NULL,
	"member_count" integer DEFAULT 0 NOT NULL,
	"refreshed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_insight" ADD CONSTRAINT "customer_insight_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_insight_tier_idx" ON "customer_insight" USING btree ("value_tier","customer_id");--> statement-breakpoint
CREATE INDEX "customer_insight_lifecycle_idx" ON "customer_insight" USING btree ("lifecycle_stage","customer_id");--> statement-breakpoint
CREATE INDEX "customer_insight_churn_idx" ON "customer_insight" USING btree ("churn_level","churn_score");--> statement-breakpoint
CREATE INDEX "customer_insight_score_idx" ON "customer_insight" USING btree ("churn_score","customer_id");--> statement-breakpoint
CREATE INDEX "segments_created_idx" ON "segments" USING btree ("created_at","id");