-- The CSV a campaign was ingested from: a later ingest of the same bytes (and options) is skipped,
-- one of different bytes is refused. NULL for campaigns whose jobs were attached, not ingested.
ALTER TABLE campaigns
  ADD COLUMN source_sha256 text CHECK (source_sha256 ~ '^[0-9a-f]{64}$'),
  ADD COLUMN source_rows integer CHECK (source_rows >= 0),
  ADD COLUMN source_path text,
  ADD COLUMN source_options jsonb,
  ADD COLUMN source_ingested_at timestamptz,
  ADD CONSTRAINT campaigns_source_complete CHECK (
    (source_sha256 IS NULL) = (source_rows IS NULL)
    AND (source_sha256 IS NULL) = (source_options IS NULL)
    AND (source_sha256 IS NULL) = (source_ingested_at IS NULL)
  );

-- A job whose structure (atoms, coordinates, charge, multiplicity) repeats an earlier row of the
-- same source names that row. It is still a job: replicas can be intended.
ALTER TABLE jobs
  ADD COLUMN duplicate_of integer CHECK (duplicate_of >= 0 AND duplicate_of < row_index);
CREATE INDEX jobs_duplicates ON jobs (campaign_id, row_index) WHERE duplicate_of IS NOT NULL;
