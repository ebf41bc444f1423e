-- The audit trail of operator actions on campaigns (signals and updates, accepted or refused), read by
-- `orcastrate history`. One row per recording activity: (run_id, activity_id) makes its retries no-ops.
-- No foreign key to campaigns: an action (a cancel during ingest) can come before the campaign row.
CREATE TABLE operator_actions (
  id bigserial PRIMARY KEY,
  campaign_id text NOT NULL,
  -- no CHECK on the name: a new action must not need a migration before it can be audited
  action text NOT NULL,
  -- NULL when the action came without arguments
  arguments jsonb,
  -- set when the arguments' JSON was too big: `arguments` then holds the start of that JSON as a string
  arguments_cut_from_bytes integer CHECK (arguments_cut_from_bytes > 0),
  accepted boolean NOT NULL,
  refused_because text,
  jobs_affected integer CHECK (jobs_affected >= 0),
  identity text,
  via text NOT NULL CHECK (via IN ('signal', 'update')),
  workflow_id text NOT NULL,
  run_id text NOT NULL,
  update_id text,
  activity_id text NOT NULL,
  -- when the workflow asked for the record (the activity's first scheduling), so retries keep the order
  requested_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (run_id, activity_id)
);
CREATE INDEX operator_actions_campaign_time ON operator_actions (campaign_id, requested_at, id);
