-- Trigram indexes back the customer text search (name, phone, email substrings).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
