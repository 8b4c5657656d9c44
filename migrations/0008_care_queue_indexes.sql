-- The care work queue (packages/api/src/modules/care/care.queries.ts) takes each kind's
-- candidates from an index instead of a scan of the whole table. The expressions and predicates
-- are the queries' own: keep them in step.

-- BIRTHDAY: birth month and day as one number (June 12 → 612), matched against the next days' keys.
CREATE INDEX "customers_birthday_idx" ON "customers" USING btree (((extract(month from "birth_date"))::int * 100 + (extract(day from "birth_date"))::int)) WHERE "birth_date" IS NOT NULL;--> statement-breakpoint
-- SPECIAL_CARE: the few customers with special-care flags.
CREATE INDEX "customers_special_care_idx" ON "customers" USING btree ("id") WHERE cardinality("special_care") > 0;--> statement-breakpoint
-- CONTRACT_ENDING: active contracts by end date.
CREATE INDEX "subscriptions_active_contract_end_idx" ON "subscriptions" USING btree ("contract_end") WHERE "status" = 'ACTIVE';--> statement-breakpoint
-- DATA_QUOTA: the latest usage month, read from the index alone.
CREATE INDEX "usage_months_month_idx" ON "usage_months" USING btree ("month", "customer_id") INCLUDE ("data_mb");
