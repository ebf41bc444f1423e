-- How many of a campaign's jobs are in each status, kept by statement-level triggers on `jobs` so that
-- every path that writes jobs (COPY ingest, transitions, resets, deletes) keeps it right, and the
-- campaign reads its counts without a GROUP BY over all of its rows. `status` is plain text: a new job
-- status needs no change here.
--
-- Each statement APPENDS its net change per (campaign, status) instead of updating one counter row:
-- an updated counter row would stay locked until its transaction commits and make every other
-- transition of the campaign wait for it. A campaign's counts are the sums of its rows;
-- compactStatusCounts (src/db/job-stats.ts) folds them back into one row per status.
CREATE TABLE campaign_status_counts (
  campaign_id text NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  status text NOT NULL,
  count bigint NOT NULL
);
CREATE INDEX campaign_status_counts_campaign ON campaign_status_counts (campaign_id);

CREATE FUNCTION count_inserted_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO campaign_status_counts (campaign_id, status, count)
  SELECT campaign_id, status, count(*) FROM new_jobs GROUP BY 1, 2;
  RETURN NULL;
END
$$;

CREATE FUNCTION count_updated_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- An update that changes no status (attempts, metrics, ...) nets to nothing and writes nothing.
  INSERT INTO campaign_status_counts (campaign_id, status, count)
  SELECT campaign_id, status, sum(delta)
  FROM (
    SELECT campaign_id, status, 1 AS delta FROM new_jobs
    UNION ALL
    SELECT campaign_id, status, -1 AS delta FROM old_jobs
  ) AS moves
  GROUP BY 1, 2
  HAVING sum(delta) <> 0;
  RETURN NULL;
END
$$;

CREATE FUNCTION count_deleted_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Jobs deleted with their campaign need no counts: the campaign's rows go with it.
  INSERT INTO campaign_status_counts (campaign_id, status, count)
  SELECT o.campaign_id, o.status, -count(*) FROM old_jobs o
  WHERE EXISTS (SELECT 1 FROM campaigns c WHERE c.id = o.campaign_id)
  GROUP BY 1, 2;
  RETURN NULL;
END
$$;

CREATE TRIGGER jobs_count_inserted AFTER INSERT ON jobs
  REFERENCING NEW TABLE AS new_jobs
  FOR EACH STATEMENT EXECUTE FUNCTION count_inserted_jobs();

CREATE TRIGGER jobs_count_updated AFTER UPDATE ON jobs
  REFERENCING OLD TABLE AS old_jobs NEW TABLE AS new_jobs
  FOR EACH STATEMENT EXECUTE FUNCTION count_updated_jobs();

CREATE TRIGGER jobs_count_deleted AFTER DELETE ON jobs
  REFERENCING OLD TABLE AS old_jobs
  FOR EACH STATEMENT EXECUTE FUNCTION count_deleted_jobs();

-- Existing campaigns: creating the triggers took a lock that keeps `jobs` still until this commits.
INSERT INTO campaign_status_counts (campaign_id, status, count)
SELECT campaign_id, status, count(*) FROM jobs GROUP BY 1, 2;
