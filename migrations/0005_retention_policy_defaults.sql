-- Default retention periods per catalog retention key (SPEC §4.8). Operators change them with SQL
-- (or a later migration); `tessera retention run` reads this table. A null period: no time limit
-- is applied by the run, the basis says why. Existing rows are left as they are.
INSERT INTO "retention_policies" ("key", "period_months", "basis", "description") VALUES
  ('PROFILE', 24, 'months after the customer was closed (last update of a CLOSED customer)', 'Profile and identifiers: kept while the customer is active and for two years after the account closes (claims, complaints), then anonymised as by an erasure request.'),
  ('INTERACTION_TEXT', 36, 'months after the interaction occurred', 'Free-text notes of interactions (summary, outcome): three years; the interaction itself stays for aggregates.'),
  ('USAGE', 60, 'months after the billing month', 'Monthly usage and billing: five years (accounting and tax records); never while a bill is on legal hold.'),
  ('FEEDBACK', 36, 'months after the feedback was submitted', 'Feedback comments and survey answers: three years; scores stay for NPS and CSAT trends.'),
  ('CASE', 60, 'months after the case was closed', 'Free text of closed cases (subject, resolution): five years, matching complaint-handling records.'),
  ('CONSENT', NULL, 'life of the customer record', 'The consent ledger is proof of consent and is kept with the record; expired consents stop counting at read time.'),
  ('AUDIT', 72, 'months after the audited event', 'Audit trail: six years. Append-only: enforced by dropping whole time partitions, never by deleting rows.'),
  ('DERIVED', NULL, 'follows its sources', 'Derived data (insight: value tier, lifecycle, churn risk; care tasks) is recomputed from the data above, so it never outlives what it is derived from.')
ON CONFLICT ("key") DO NOTHING;
