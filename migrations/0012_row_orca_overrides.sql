-- Per-row ORCA overrides read from the CSV columns the ingest settings name (orcaKeywordsColumn,
-- orcaBlocksColumn), validated at ingest: a row's keywords replace its step's, its blocks replace the
-- step's blocks of the same name (an operator's reset overrides both). NULL: the row gives none.
ALTER TABLE jobs
  ADD COLUMN orca_keywords text,
  ADD COLUMN orca_blocks text;
