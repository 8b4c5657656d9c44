-- Who a credential is (server/principal-cache.ts) is remembered for a moment per API process. Any
-- change to the rows it is read from ends that at once in every process: the change announces
-- itself on the channel `tessera_access`, whatever wrote it (the API, the CLI, plain SQL).
-- Bookkeeping that decides no access is not announced (it would end every remembered principal of
-- every process once a minute per active key): a key's last use, a user's login attempts and
-- lockout (a lockout stops logins, not sessions). Every other column is, including columns added later.
CREATE OR REPLACE FUNCTION tessera_access_changed() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('tessera_access', TG_TABLE_NAME);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER users_access_updated AFTER UPDATE ON users FOR EACH ROW
  WHEN (to_jsonb(OLD) - '{failed_logins,locked_until,last_login_at}'::text[] IS DISTINCT FROM to_jsonb(NEW) - '{failed_logins,locked_until,last_login_at}'::text[])
  EXECUTE FUNCTION tessera_access_changed();
--> statement-breakpoint
CREATE TRIGGER users_access_removed AFTER DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION tessera_access_changed();
--> statement-breakpoint
CREATE TRIGGER api_keys_access_updated AFTER UPDATE ON api_keys FOR EACH ROW
  WHEN (to_jsonb(OLD) - 'last_used_at' IS DISTINCT FROM to_jsonb(NEW) - 'last_used_at')
  EXECUTE FUNCTION tessera_access_changed();
--> statement-breakpoint
CREATE TRIGGER api_keys_access_removed AFTER DELETE OR TRUNCATE ON api_keys
  FOR EACH STATEMENT EXECUTE FUNCTION tessera_access_changed();
--> statement-breakpoint
CREATE TRIGGER partner_apps_access_changed AFTER UPDATE OR DELETE OR TRUNCATE ON partner_apps
  FOR EACH STATEMENT EXECUTE FUNCTION tessera_access_changed();
