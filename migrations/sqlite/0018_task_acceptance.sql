-- A task reported done waits for the unit that gave it: the day the unit reported it
-- done, until the giver accepts (the done day is then the day of acceptance) or sends
-- it back. Evidence files are kept with the task.
ALTER TABLE tasks ADD COLUMN claimed_on TEXT;

CREATE TABLE task_files (
    id           INTEGER PRIMARY KEY,
    task_id      BIGINT NOT NULL REFERENCES tasks (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    body         BLOB NOT NULL,
    user_id      BIGINT REFERENCES users (id),
    created_at   BIGINT NOT NULL
);
CREATE INDEX task_files_task_idx ON task_files (task_id);
