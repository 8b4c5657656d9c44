CREATE TYPE "public"."account_warning_cause" AS ENUM('COMPETITOR_OFFER', 'BUSINESS_DOWNSIZING', 'SEASONAL', 'NETWORK_QUALITY', 'BILLING_ERROR', 'SERVICE_DISSATISFACTION', 'PRICE', 'MIGRATED_TO_OTHER_SERVICE', 'OTHER');--> statement-breakpoint
CREATE TYPE "public"."account_warning_status" AS ENUM('OPEN', 'CLOSED');--> statement-breakpoint
CREATE TYPE "public"."key_account_tier" AS ENUM('DIAMOND', 'EMERALD', 'PLATINUM', 'GEM', 'GOLD', 'CRYSTAL');--> statement-breakpoint
CREATE TYPE "public"."retention_action" AS ENUM('DISCOUNT_OFFER', 'LOYALTY_POINTS', 'CARE_VISIT', 'SERVICE_REVIEW', 'NETWORK_IMPROVEMENT', 'BILLING_CORRECTION', 'BUNDLE_OR_UPGRADE', 'CONTRACT_RENEWAL', 'MONITOR_ONLY');--> statement-breakpoint
CREATE TABLE "account_warnings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"customer_id" uuid NOT NULL,
	"month" date NOT NULL,
	"service" "billed_service",
	"reference" numeric(12, 2),
	"amount" numeric(12, 2),
	"drop_percent" numeric(5, 1),
	"account_manager" text,
	"status" "account_warning_status" DEFAULT 'OPEN' NOT NULL,
	"cause" "account_warning_cause",
	"retention_action" "retention_action",
	"note" text,
	"opened_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp (3) with time zone,
	"closed_by" text,
	CONSTRAINT "account_warnings_once" UNIQUE NULLS NOT DISTINCT("customer_id","month","service")
);
--> statement-breakpoint
CREATE TABLE "key_accounts" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"group_id" uuid,
	"tier" "key_account_tier" NOT NULL,
	"network_structure" text,
	"equipment" text,
	"sites" text[] DEFAULT '{}' NOT NULL,
	"technical_contact_name" text,
	"technical_contact_phone" text,
	"products_held" "billed_service"[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "clearance" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "account_warnings" ADD CONSTRAINT "account_warnings_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_accounts" ADD CONSTRAINT "key_accounts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_accounts" ADD CONSTRAINT "key_accounts_group_id_customers_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_warnings_manager_idx" ON "account_warnings" USING btree ("account_manager","status");--> statement-breakpoint
CREATE INDEX "key_accounts_group_idx" ON "key_accounts" USING btree ("group_id");--> statement-breakpoint
-- Users who existed before clearances keep the access they had (every security level); new users start at 1 and an admin raises it.
UPDATE "users" SET "clearance" = 5;
