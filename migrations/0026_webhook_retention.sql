-- The retention key of the outbound-event log (outbox events and webhook deliveries), with its
-- default period. `ALTER TYPE … ADD VALUE` would not do: the migrator applies every pending
-- migration in one transaction, and PostgreSQL refuses a value added in the same transaction
-- ("unsafe use of new value") to the insert below on a database migrated before. The type is
-- rebuilt with the new value instead (as drizzle-kit does to change an enum), which any
-- transaction may use at once; retention_policies.key is its only column.
ALTER TABLE "retention_policies" ALTER COLUMN "key" SET DATA TYPE text;--> statement-breakpoint
DROP TYPE "public"."retention_key";--> statement-breakpoint
CREATE TYPE "public"."retention_key" AS ENUM('PROFILE', 'INTERACTION_TEXT', 'USAGE', 'FEEDBACK', 'CASE', 'CONSENT', 'AUDIT', 'DERIVED', 'WEBHOOK_DELIVERY');--> statement-breakpoint
ALTER TABLE "retention_policies" ALTER COLUMN "key" SET DATA TYPE "public"."retention_key" USING "key"::"public"."retention_key";--> statement-breakpoint
-- One month: ample to notice a dead delivery and replay it (retries stop after 24 h), short
-- enough that the log of what changed about whom does not outlive its use.
INSERT INTO "retention_policies" ("key", "period_months", "basis", "description") VALUES
  ('WEBHOOK_DELIVERY', 1, 'months after the delivery was delivered or dead-lettered (its last outcome)', 'Outbound webhook deliveries and their outbox events: a month after the last outcome, the window in which a partner or admin can still list and replay a delivery. A pending delivery and its event are never deleted.')
ON CONFLICT ("key") DO NOTHING;--> statement-breakpoint
-- Deleting an event looks up its deliveries (the cascade, and the retention hold on its event).
CREATE INDEX "webhook_deliveries_event_idx" ON "webhook_deliveries" USING btree ("event_id");
