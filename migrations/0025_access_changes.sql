-- Who a credential is (server/principal-cache.ts) is remembered for a moment per API process. Any
-- change to the rows it is read from ends that at once in every process: the statement announces
-- itself on the channel `tessera_access`, whatever wrote it (the API, the CLI, plain SQL).
CREATE OR REPLACE FUNCTION tessera_access_changed() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('tessera_access', TG_TABLE_NAME);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER users_access_changed AFTER UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION tessera_access_changed();
--> statement-breakpoint
CREATE TRIGGER api_keys_access_changed AFTER UPDATE OR DELETE OR TRUNCATE ON api_keys
  FOR EACH STATEMENT EXECUTE FUNCTION tessera_access_changed();
--> statement-breakpoint
CREATE TRIGGER partner_apps_access_changed AFTER UPDATE OR DELETE OR TRUNCATE ON partner_apps
  FOR EACH STATEMENT EXECUTE FUNCTION tessera_access_changed();
