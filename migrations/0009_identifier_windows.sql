-- Identifiers are a timeline: no two rows may hold the same (type, value) in overlapping
-- validity windows [valid_from, valid_to), so a recycled number belongs to exactly one customer
-- at any instant. Enforced by an exclusion constraint (btree_gist lets GiST compare the enum and
-- the text with =), which holds under concurrent writers where a check before insert does not.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
-- Existing databases may already hold overlaps (two profiles given one number). The number is
-- taken to have moved to the later holder: an earlier window is closed where the later one starts.
UPDATE identifiers a SET valid_to = later.valid_from
FROM (
  SELECT DISTINCT ON (a2.id) a2.id, b.valid_from
  FROM identifiers a2 JOIN identifiers b
    ON b.type = a2.type AND b.value = a2.value AND b.id <> a2.id
   AND b.valid_from > a2.valid_from AND (a2.valid_to IS NULL OR a2.valid_to > b.valid_from)
  ORDER BY a2.id, b.valid_from
) later
WHERE a.id = later.id;
--> statement-breakpoint
-- Windows that start at the same instant cannot both stand: the one inserted last (highest id
-- order is arbitrary but deterministic) gives way.
DELETE FROM identifiers a USING identifiers b
WHERE a.type = b.type AND a.value = b.value AND a.valid_from = b.valid_from AND a.id > b.id;
--> statement-breakpoint
ALTER TABLE identifiers ADD CONSTRAINT identifiers_no_overlap
  EXCLUDE USING gist (type WITH =, value WITH =, tstzrange(valid_from, valid_to, '[)') WITH &&);
--> statement-breakpoint
ALTER TABLE identifiers ADD CONSTRAINT identifiers_window_valid CHECK (valid_to IS NULL OR valid_to >= valid_from);
