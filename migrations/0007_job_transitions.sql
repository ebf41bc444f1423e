-- Every change of a job's status, written by a trigger so no code path can forget it: `orcastrate watch`
-- reads only what is new, and a job that goes ready -> submitted -> running -> completed between two
-- polls still shows all three steps. `xid` lets a reader tell which rows can no longer appear behind
-- its cursor: every transaction with an id below its snapshot's xmin has finished.
CREATE TABLE job_transitions (
  id bigserial PRIMARY KEY,
  campaign_id text NOT NULL,
  job_id text NOT NULL,
  from_status text NOT NULL,
  to_status text NOT NULL,
  reason text,
  attempts integer NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  FOREIGN KEY (campaign_id, job_id) REFERENCES jobs (campaign_id, job_id) ON DELETE CASCADE
);
CREATE INDEX job_transitions_campaign_xid ON job_transitions (campaign_id, xid);
CREATE INDEX job_transitions_job ON job_transitions (campaign_id, job_id);

CREATE FUNCTION record_job_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO job_transitions (campaign_id, job_id, from_status, to_status, reason, attempts)
  VALUES (NEW.campaign_id, NEW.job_id, OLD.status, NEW.status, NEW.reason, NEW.attempts);
  RETURN NULL;
END
$$;

CREATE TRIGGER jobs_status_transition
  AFTER UPDATE OF status ON jobs
  FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION record_job_transition();
