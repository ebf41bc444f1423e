-- What a job's ORCA output printed besides the verdict metrics (frequencies, thermochemistry, orbitals,
-- populations, gradient, energy components, dipole, warnings): all of it in `properties`, and in plain
-- columns the values dashboards sort and filter on.
ALTER TABLE jobs
  ADD COLUMN properties jsonb,
  ADD COLUMN homo_lumo_gap_ev double precision,
  ADD COLUMN imaginary_modes integer,
  ADD COLUMN gibbs_free_energy_eh double precision,
  ADD COLUMN warning_count integer;

-- "which completed jobs are not minima" without reading every row of a large campaign
CREATE INDEX jobs_imaginary_modes ON jobs (campaign_id, imaginary_modes) WHERE imaginary_modes > 0;
