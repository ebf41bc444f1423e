-- Active-learning loops: one row per loop, one per generation, one per engine invocation.
CREATE TABLE al_runs (
  id text PRIMARY KEY,
  workflow_id text NOT NULL,
  settings jsonb NOT NULL,
  status text NOT NULL DEFAULT 'running'
    CHECK (status IN ('running', 'paused', 'completed', 'failed', 'stopped')),
  generation integer NOT NULL DEFAULT 0,
  phase text,
  dataset_size integer NOT NULL DEFAULT 0,
  stop_reason text,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE al_generations (
  al_id text NOT NULL REFERENCES al_runs (id) ON DELETE CASCADE,
  generation integer NOT NULL CHECK (generation >= 1),
  phase text NOT NULL,
  label_campaign_id text,
  label_total integer,
  labelled integer,
  label_failed integer,
  failure_reasons jsonb NOT NULL DEFAULT '{}',
  dataset_size integer,
  holdout_size integer,
  train_rmse_eh double precision,
  holdout_rmse_eh double precision,
  max_uncertainty_eh double precision,
  mean_uncertainty_eh double precision,
  samples integer,
  selected integer,
  metrics jsonb NOT NULL DEFAULT '{}',
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  PRIMARY KEY (al_id, generation)
);

CREATE TABLE al_engine_runs (
  id bigserial PRIMARY KEY,
  al_id text NOT NULL REFERENCES al_runs (id) ON DELETE CASCADE,
  generation integer NOT NULL,
  role text NOT NULL CHECK (role IN ('generator', 'trainer', 'inference', 'selector')),
  runner text NOT NULL,
  scheduler_id text,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
  detail text,
  metrics jsonb,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX al_engine_runs_generation ON al_engine_runs (al_id, generation, role);
