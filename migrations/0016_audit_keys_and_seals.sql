-- Personal values in audit `changes` used to be unsalted sha-256 hashes, which a dictionary reverses.
-- They cannot be re-keyed (the values are gone), so they are withdrawn; every event is then re-chained
-- by the sealer under the keyed chain (audit/seal.ts).
ALTER TABLE "audit_events" DISABLE TRIGGER "audit_events_no_update_delete";--> statement-breakpoint
UPDATE "audit_events" e SET "changes" = (
  SELECT jsonb_agg(
    c || jsonb_build_object(
      'before', CASE WHEN jsonb_typeof(c->'before') = 'string' AND c->>'before' LIKE 'sha256:%' THEN to_jsonb('withdrawn'::text) ELSE c->'before' END,
      'after', CASE WHEN jsonb_typeof(c->'after') = 'string' AND c->>'after' LIKE 'sha256:%' THEN to_jsonb('withdrawn'::text) ELSE c->'after' END
    ) ORDER BY ord)
  FROM jsonb_array_elements(e."changes") WITH ORDINALITY AS x(c, ord)
) WHERE jsonb_typeof(e."changes") = 'array' AND e."changes"::text LIKE '%"sha256:%';--> statement-breakpoint
ALTER TABLE "audit_events" ENABLE TRIGGER "audit_events_no_update_delete";--> statement-breakpoint
CREATE TABLE "audit_pending" (
	"seq" bigint PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_seals" (
	"pos" bigint PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"sealed_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "audit_seals_seq_key" UNIQUE("seq")
);
--> statement-breakpoint
CREATE TABLE "customer_keys" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"wrapped" text NOT NULL,
	"master_key_id" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "system_keys" (
	"name" text PRIMARY KEY NOT NULL,
	"wrapped" text NOT NULL,
	"master_key_id" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_pending" ADD CONSTRAINT "audit_pending_seq_audit_events_seq_fk" FOREIGN KEY ("seq") REFERENCES "public"."audit_events"("seq") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_seals" ADD CONSTRAINT "audit_seals_seq_audit_events_seq_fk" FOREIGN KEY ("seq") REFERENCES "public"."audit_events"("seq") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_keys" ADD CONSTRAINT "customer_keys_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" DROP COLUMN "prev_hash";--> statement-breakpoint
ALTER TABLE "audit_events" DROP COLUMN "hash";--> statement-breakpoint
INSERT INTO "audit_pending" ("seq") SELECT "seq" FROM "audit_events";
--> statement-breakpoint
-- One append-only rule for the audit tables, naming the table it protects.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% rejected)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_seals_no_update_delete BEFORE UPDATE OR DELETE ON audit_seals
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON audit_seals
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
-- The queue of unsealed events: a seq leaves it only once its seal exists.
CREATE OR REPLACE FUNCTION audit_pending_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_seals s WHERE s.seq = OLD.seq) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_pending: only sealed events leave the queue (% rejected)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_pending_sealed_only BEFORE UPDATE OR DELETE ON audit_pending
  FOR EACH ROW EXECUTE FUNCTION audit_pending_guard();
--> statement-breakpoint
CREATE TRIGGER audit_pending_no_truncate BEFORE TRUNCATE ON audit_pending
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
