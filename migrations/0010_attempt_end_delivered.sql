-- The batched poller tells a job workflow once that its attempt ended (not on every poll until the
-- workflow records the verdict): the moment that signal was delivered. Attempts whose end was
-- delivered are no longer asked about.
ALTER TABLE attempts ADD COLUMN end_delivered_at timestamptz;
