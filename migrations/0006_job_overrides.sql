-- What an operator changed for a job's next attempts when resetting or retrying it (walltime, memory,
-- cores, keywords, blocks). Later resets merge into it; NULL means the campaign's settings apply.
ALTER TABLE jobs ADD COLUMN overrides jsonb;
