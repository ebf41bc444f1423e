-- Campaigns, their jobs (one per CSV row), every attempt at a job, and rows that could not be ingested.
CREATE TABLE campaigns (
  id text PRIMARY KEY,
  settings jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE jobs (
  campaign_id text NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  job_id text NOT NULL,
  row_index integer NOT NULL,
  elements text[] NOT NULL,
  natoms integer NOT NULL CHECK (natoms > 0),
  charge integer NOT NULL,
  multiplicity integer NOT NULL CHECK (multiplicity >= 1),
  geometry_xyz text NOT NULL,
  extra jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'ready'
    CHECK (status IN ('ready', 'submitted', 'running', 'completed', 'failed', 'timeout', 'cancelled')),
  reason text,
  attempts integer NOT NULL DEFAULT 0,
  fail_count integer NOT NULL DEFAULT 0,
  final_energy_eh double precision,
  max_gradient_eh_bohr double precision,
  scf_cycles integer,
  opt_cycles integer,
  metrics jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  PRIMARY KEY (campaign_id, job_id),
  UNIQUE (campaign_id, row_index)
);
CREATE INDEX jobs_campaign_status ON jobs (campaign_id, status, row_index);

CREATE TABLE attempts (
  campaign_id text NOT NULL,
  job_id text NOT NULL,
  attempt integer NOT NULL CHECK (attempt >= 1),
  job_name text NOT NULL,
  job_dir text NOT NULL,
  scheduler text NOT NULL,
  scheduler_id text,
  status text NOT NULL DEFAULT 'prepared'
    CHECK (status IN ('prepared', 'submitted', 'running', 'completed', 'failed', 'timeout', 'cancelled')),
  reason text,
  verdict jsonb,
  resources jsonb NOT NULL,
  corrections jsonb NOT NULL DEFAULT '[]',
  submitted_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  reported_at timestamptz,
  PRIMARY KEY (campaign_id, job_id, attempt),
  FOREIGN KEY (campaign_id, job_id) REFERENCES jobs (campaign_id, job_id) ON DELETE CASCADE
);
CREATE INDEX attempts_active ON attempts (campaign_id) WHERE status IN ('submitted', 'running');

CREATE TABLE ingest_errors (
  campaign_id text NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  row_number integer NOT NULL,
  code text NOT NULL,
  reason text NOT NULL,
  PRIMARY KEY (campaign_id, row_number)
);
