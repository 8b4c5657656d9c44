CREATE TYPE "public"."customer_kind" AS ENUM('INDIVIDUAL', 'FAMILY', 'ENTERPRISE', 'GOVERNMENT');--> statement-breakpoint
CREATE TYPE "public"."customer_status" AS ENUM('PROSPECT', 'ACTIVE', 'SUSPENDED', 'CLOSED');--> statement-breakpoint
CREATE TYPE "public"."gender" AS ENUM('FEMALE', 'MALE', 'OTHER', 'UNDISCLOSED');--> statement-breakpoint
CREATE TYPE "public"."special_care_flag" AS ENUM('ELDERLY', 'DISABLED', 'LIVES_ALONE');--> statement-breakpoint
CREATE TYPE "public"."identifier_type" AS ENUM('MSISDN', 'EMAIL', 'NATIONAL_ID_HASH', 'ACCOUNT_NO', 'DEVICE_ID', 'WECHAT_OPENID', 'EXTERNAL');--> statement-breakpoint
CREATE TYPE "public"."service_type" AS ENUM('VOICE', 'DATA', 'BROADBAND', 'TV', 'IOT', 'VALUE_ADDED');--> statement-breakpoint
CREATE TYPE "public"."subscription_status" AS ENUM('ACTIVE', 'SUSPENDED', 'ENDED');--> statement-breakpoint
CREATE TYPE "public"."consent_source" AS ENUM('APP', 'WEB', 'HALL', 'HOTLINE', 'SMS', 'PAPER', 'IMPORT');--> statement-breakpoint
CREATE TYPE "public"."consent_status" AS ENUM('GRANTED', 'DENIED', 'WITHDRAWN');--> statement-breakpoint
CREATE TYPE "public"."contact_channel" AS ENUM('SMS', 'EMAIL', 'PHONE', 'APP_PUSH', 'WECHAT', 'POST');--> statement-breakpoint
CREATE TYPE "public"."legal_basis" AS ENUM('CONSENT', 'CONTRACT', 'LEGAL_OBLIGATION', 'VITAL_INTEREST', 'PUBLIC_TASK', 'LEGITIMATE_INTEREST');--> statement-breakpoint
CREATE TYPE "public"."purpose" AS ENUM('SERVICE', 'MARKETING', 'PERSONALIZATION', 'ANALYTICS', 'THIRD_PARTY_SHARING', 'CROSS_BORDER', 'SENSITIVE_PROCESSING');--> statement-breakpoint
CREATE TYPE "public"."interaction_channel" AS ENUM('HALL', 'APP', 'HOTLINE', 'WEB', 'WECHAT', 'SMS', 'EMAIL', 'VISIT', 'ONSITE');--> statement-breakpoint
CREATE TYPE "public"."interaction_type" AS ENUM('CONSULTATION', 'COMPLAINT', 'FAULT_REPORT', 'TRANSACTION', 'CARE', 'MARKETING', 'SURVEY', 'COMPLIMENT');--> statement-breakpoint
CREATE TYPE "public"."case_category" AS ENUM('NETWORK_QUALITY', 'BILLING', 'SERVICE_ATTITUDE', 'PROCESS', 'PRODUCT_PRICE', 'OTHER');--> statement-breakpoint
CREATE TYPE "public"."case_kind" AS ENUM('COMPLAINT', 'FAULT', 'REQUEST', 'CONSULTATION');--> statement-breakpoint
CREATE TYPE "public"."case_priority" AS ENUM('LOW', 'MEDIUM', 'HIGH', 'URGENT');--> statement-breakpoint
CREATE TYPE "public"."case_status" AS ENUM('OPEN', 'ASSIGNED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'REOPENED');--> statement-breakpoint
CREATE TYPE "public"."feedback_aspect" AS ENUM('NETWORK', 'SERVICE', 'PRODUCT', 'PRICE', 'OVERALL');--> statement-breakpoint
CREATE TYPE "public"."feedback_kind" AS ENUM('NPS', 'CSAT', 'SURVEY');--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"kind" "customer_kind" NOT NULL,
	"status" "customer_status" DEFAULT 'ACTIVE' NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"email" text,
	"national_id" text,
	"birth_date" date,
	"gender" "gender",
	"address" text,
	"city" text,
	"region" text,
	"occupation" text,
	"language" text DEFAULT 'zh-CN' NOT NULL,
	"special_care" "special_care_flag"[] DEFAULT '{}' NOT NULL,
	"security_level" smallint DEFAULT 1 NOT NULL,
	"account_manager" text,
	"processing_restricted" boolean DEFAULT false NOT NULL,
	"erased_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identifiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"type" "identifier_type" NOT NULL,
	"value" text NOT NULL,
	"valid_from" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"valid_to" timestamp (3) with time zone,
	"source" text DEFAULT 'SYSTEM' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"monthly_fee" numeric(10, 2) NOT NULL,
	"data_quota_mb" integer DEFAULT 0 NOT NULL,
	"voice_quota_minutes" integer DEFAULT 0 NOT NULL,
	"services" "service_type"[] NOT NULL,
	CONSTRAINT "plans_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"msisdn" text,
	"started_on" date NOT NULL,
	"contract_end" date,
	"status" "subscription_status" DEFAULT 'ACTIVE' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_months" (
	"customer_id" uuid NOT NULL,
	"month" date NOT NULL,
	"voice_minutes" integer DEFAULT 0 NOT NULL,
	"sms_count" integer DEFAULT 0 NOT NULL,
	"data_mb" integer DEFAULT 0 NOT NULL,
	"bill_amount" numeric(12, 2) DEFAULT 0 NOT NULL,
	"paid" boolean DEFAULT true NOT NULL,
	"arrears" numeric(12, 2) DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_months_customer_id_month_pk" PRIMARY KEY("customer_id","month")
);
--> statement-breakpoint
CREATE TABLE "consent_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"purpose" "purpose" NOT NULL,
	"channel" "contact_channel",
	"partner_id" uuid,
	"status" "consent_status" NOT NULL,
	"legal_basis" "legal_basis" DEFAULT 'CONSENT' NOT NULL,
	"source" "consent_source" NOT NULL,
	"policy_version" text NOT NULL,
	"captured_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone,
	"evidence" jsonb NOT NULL,
	"receipt_hash" text NOT NULL,
	"recorded_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "interactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"channel" "interaction_channel" NOT NULL,
	"type" "interaction_type" NOT NULL,
	"summary" text,
	"agent" text,
	"outcome" text,
	"case_id" uuid,
	"external_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" "case_kind" NOT NULL,
	"category" "case_category" NOT NULL,
	"priority" "case_priority" DEFAULT 'MEDIUM' NOT NULL,
	"status" "case_status" DEFAULT 'OPEN' NOT NULL,
	"subject" text NOT NULL,
	"owner" text NOT NULL,
	"opened_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"resolved_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	"root_cause" text,
	"resolution" text,
	"satisfaction" smallint,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" "feedback_kind" NOT NULL,
	"score" smallint,
	"aspect" "feedback_aspect" DEFAULT 'OVERALL' NOT NULL,
	"comment" text,
	"answers" jsonb,
	"channel" "interaction_channel" NOT NULL,
	"interaction_id" uuid,
	"case_id" uuid,
	"submitted_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "identifiers" ADD CONSTRAINT "identifiers_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_months" ADD CONSTRAINT "usage_months_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customers_created_at_id_idx" ON "customers" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "customers_updated_at_id_idx" ON "customers" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "customers_name_id_idx" ON "customers" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "customers_region_created_idx" ON "customers" USING btree ("region","created_at","id");--> statement-breakpoint
CREATE INDEX "customers_kind_status_idx" ON "customers" USING btree ("kind","status");--> statement-breakpoint
CREATE INDEX "customers_phone_idx" ON "customers" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "customers_email_lower_idx" ON "customers" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "customers_name_trgm_idx" ON "customers" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_phone_trgm_idx" ON "customers" USING gin ("phone" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_email_trgm_idx" ON "customers" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "identifiers_lookup_idx" ON "identifiers" USING btree ("type","value","valid_from");--> statement-breakpoint
CREATE INDEX "identifiers_customer_idx" ON "identifiers" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "subscriptions_customer_idx" ON "subscriptions" USING btree ("customer_id","started_on");--> statement-breakpoint
CREATE INDEX "consent_events_customer_idx" ON "consent_events" USING btree ("customer_id","purpose","captured_at");--> statement-breakpoint
CREATE INDEX "interactions_customer_time_idx" ON "interactions" USING btree ("customer_id","occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "interactions_external_id_idx" ON "interactions" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "cases_customer_idx" ON "cases" USING btree ("customer_id","opened_at");--> statement-breakpoint
CREATE INDEX "cases_status_due_idx" ON "cases" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "feedback_customer_idx" ON "feedback" USING btree ("customer_id","submitted_at");