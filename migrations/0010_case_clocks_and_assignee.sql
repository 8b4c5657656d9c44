ALTER TABLE "cases" ADD COLUMN "assignee" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "response_due_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "first_response_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "eta" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "progress_contacts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "last_contact_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "escalation_level" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "escalated_at" timestamp (3) with time zone;--> statement-breakpoint
-- Existing cases: the response clock from the kind's response time (case.rules RESPONSE_HOURS),
-- resolving counted as the first response, and the first contact (the history's OPEN step) back
-- as owner, with whoever ASSIGN had put there as the assignee.
UPDATE "cases" SET
  "response_due_at" = "opened_at" + make_interval(hours => CASE "kind" WHEN 'FAULT' THEN 2 WHEN 'COMPLAINT' THEN 24 ELSE 48 END),
  "first_response_at" = "resolved_at",
  "last_contact_at" = "resolved_at",
  "assignee" = CASE WHEN "history" -> 0 ->> 'by' IS NOT NULL AND "history" -> 0 ->> 'by' <> "owner" THEN "owner" END,
  "owner" = coalesce("history" -> 0 ->> 'by', "owner");--> statement-breakpoint
ALTER TABLE "cases" ALTER COLUMN "response_due_at" SET NOT NULL;