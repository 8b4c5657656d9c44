CREATE TABLE "care_task_states" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"due_on" date,
	"snoozed_until" date,
	"assignee" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "care_task_states_task" UNIQUE NULLS NOT DISTINCT("customer_id","kind","due_on")
);
--> statement-breakpoint
ALTER TABLE "care_task_states" ADD CONSTRAINT "care_task_states_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;