-- A probe row written by the stackProbe workflow through an activity: proof that
-- Temporal -> worker -> Postgres works end to end.
CREATE TABLE stack_probes (
  id bigserial PRIMARY KEY,
  workflow_id text NOT NULL,
  run_id text NOT NULL,
  message text NOT NULL,
  activity_attempt integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workflow_id, run_id)
);
