-- When a task was reported done, and what the unit wrote with it.
ALTER TABLE tasks ADD COLUMN done_on TEXT;
ALTER TABLE tasks ADD COLUMN done_note TEXT;
