CREATE TYPE "public"."billed_service" AS ENUM('VOICE', 'DATA', 'SMS', 'BROADBAND', 'TV', 'IOT', 'VALUE_ADDED', 'ROAMING');--> statement-breakpoint
CREATE TYPE "public"."partner_capability" AS ENUM('INTEGRATION');--> statement-breakpoint
CREATE TABLE "usage_charges" (
	"customer_id" uuid NOT NULL,
	"month" date NOT NULL,
	"service" "billed_service" NOT NULL,
	"amount" numeric(12, 2) NOT NULL,
	CONSTRAINT "usage_charges_customer_id_month_service_pk" PRIMARY KEY("customer_id","month","service")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "consent_events" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "feedback" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "partner_apps" ADD COLUMN "capabilities" "partner_capability"[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_charges" ADD CONSTRAINT "usage_charges_customer_id_month_usage_months_customer_id_month_fk" FOREIGN KEY ("customer_id","month") REFERENCES "public"."usage_months"("customer_id","month") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_external_id_unique" UNIQUE("external_id");--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_external_id_unique" UNIQUE("external_id");--> statement-breakpoint
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_external_id_unique" UNIQUE("external_id");--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_external_id_unique" UNIQUE("external_id");