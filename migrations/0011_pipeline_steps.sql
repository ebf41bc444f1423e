-- Pipelines: a campaign with `steps` has one job per (structure, step), id `<structure>/<step>`; a
-- single-step campaign keeps one job per structure (id = structure, step `main`). A step waits
-- (`waiting`) until every step it depends on completed, and is `blocked` (final) when one of them
-- failed, timed out or was cancelled.
ALTER TABLE jobs
  ADD COLUMN structure_id text GENERATED ALWAYS AS (split_part(job_id, '/', 1)) STORED,
  ADD COLUMN step text NOT NULL DEFAULT 'main',
  -- the step's place in the campaign's run order: rows of one structure sort by it
  ADD COLUMN step_index integer NOT NULL DEFAULT 0 CHECK (step_index >= 0),
  ADD COLUMN depends_on text[] NOT NULL DEFAULT '{}',
  -- the step whose final geometry this one starts from (NULL: the structure as ingested)
  ADD COLUMN geometry_from text;

ALTER TABLE jobs DROP CONSTRAINT jobs_status_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_status_check CHECK (
  status IN ('waiting', 'ready', 'submitted', 'running', 'completed', 'failed', 'timeout', 'cancelled', 'blocked')
);

-- a structure's steps share its CSV row
ALTER TABLE jobs DROP CONSTRAINT jobs_campaign_id_row_index_key;
ALTER TABLE jobs ADD CONSTRAINT jobs_campaign_row_step UNIQUE (campaign_id, row_index, step_index);

-- a finished step reads and updates its structure's other steps
CREATE INDEX jobs_structure ON jobs (campaign_id, structure_id);

-- One row per structure: how many of its steps are in which state, and the newest step to finish.
CREATE VIEW job_structures AS
SELECT campaign_id, structure_id, min(row_index) AS row_index, count(*) AS steps,
       count(*) FILTER (WHERE status = 'completed') AS completed,
       count(*) FILTER (WHERE status IN ('failed', 'timeout', 'cancelled')) AS failed,
       count(*) FILTER (WHERE status = 'blocked') AS blocked,
       count(*) FILTER (WHERE status IN ('waiting', 'ready', 'submitted', 'running')) AS pending,
       CASE
         WHEN bool_and(status = 'completed') THEN 'completed'
         WHEN bool_or(status IN ('waiting', 'ready', 'submitted', 'running')) THEN 'running'
         ELSE 'failed'
       END AS status
FROM jobs
GROUP BY campaign_id, structure_id;
