CREATE TYPE "public"."dsr_jurisdiction" AS ENUM('GDPR', 'PIPL');--> statement-breakpoint
CREATE TYPE "public"."dsr_status" AS ENUM('RECEIVED', 'IN_PROGRESS', 'FULFILLED', 'REJECTED');--> statement-breakpoint
CREATE TYPE "public"."dsr_type" AS ENUM('ACCESS', 'RECTIFICATION', 'ERASURE', 'RESTRICTION', 'WITHDRAW_ALL_CONSENT');--> statement-breakpoint
CREATE TYPE "public"."retention_key" AS ENUM('PROFILE', 'INTERACTION_TEXT', 'USAGE', 'FEEDBACK', 'CASE', 'CONSENT', 'AUDIT', 'DERIVED');--> statement-breakpoint
CREATE TABLE "data_subject_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"type" "dsr_type" NOT NULL,
	"jurisdiction" "dsr_jurisdiction" NOT NULL,
	"status" "dsr_status" DEFAULT 'RECEIVED' NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"requested_by" text NOT NULL,
	"notes" text,
	"fulfilled_at" timestamp (3) with time zone,
	"fulfilled_by" text,
	"outcome_notes" text,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"export_document" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retention_policies" (
	"key" "retention_key" PRIMARY KEY NOT NULL,
	"period_months" integer,
	"basis" text NOT NULL,
	"description" text NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "data_subject_requests" ADD CONSTRAINT "data_subject_requests_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dsr_due_at_id_idx" ON "data_subject_requests" USING btree ("due_at","id");--> statement-breakpoint
CREATE INDEX "dsr_received_at_id_idx" ON "data_subject_requests" USING btree ("received_at","id");--> statement-breakpoint
CREATE INDEX "dsr_status_due_idx" ON "data_subject_requests" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "dsr_customer_idx" ON "data_subject_requests" USING btree ("customer_id","received_at");