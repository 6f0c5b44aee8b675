-- Meetings recorded by hand (a working session, a plenum): who chaired, which unit the
-- meeting concerned, the difficulties raised and the conclusions reached.
ALTER TABLE meetings ADD COLUMN chair TEXT;
ALTER TABLE meetings ADD COLUMN concerns_org_id BIGINT REFERENCES orgs (id);
ALTER TABLE meetings ADD COLUMN difficulties TEXT;
ALTER TABLE meetings ADD COLUMN created_by BIGINT REFERENCES users (id);

-- A task names the unit it falls to in the tree, and the meeting whose conclusion gave it.
ALTER TABLE tasks ADD COLUMN assignee_org_id BIGINT REFERENCES orgs (id);
ALTER TABLE tasks ADD COLUMN meeting_id BIGINT REFERENCES meetings (id);
CREATE INDEX tasks_assignee_idx ON tasks (assignee_org_id);

-- What the unit reported on a task over time: progress with evidence, completion, and
-- extensions of the deadline with their reason.
CREATE TABLE task_updates (
    id          INTEGER PRIMARY KEY,
    task_id     BIGINT NOT NULL REFERENCES tasks (id),
    kind        TEXT NOT NULL,
    note        TEXT NOT NULL,
    on_day      TEXT,
    user_id     BIGINT REFERENCES users (id),
    created_at  BIGINT NOT NULL
);
CREATE INDEX task_updates_task_idx ON task_updates (task_id);
