-- A work e-mail for each account, where reminders are sent.
ALTER TABLE users ADD COLUMN email TEXT;

-- Reminders of tasks due soon or overdue, one row per task, kind, person and channel:
-- the unique key makes enqueueing idempotent, and a claim with a lease lets several
-- tiendo processes share the work without two of them sending the same reminder.
CREATE TABLE reminders (
    id          INTEGER PRIMARY KEY,
    task_id     BIGINT NOT NULL REFERENCES tasks (id),
    kind        TEXT NOT NULL,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    channel     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    claimed_by  TEXT,
    claimed_at  BIGINT,
    sent_at     BIGINT,
    attempts    BIGINT NOT NULL DEFAULT 0,
    last_error  TEXT,
    CONSTRAINT reminders_once UNIQUE (task_id, kind, user_id, channel)
);
CREATE INDEX reminders_pending_idx ON reminders (sent_at, claimed_at);

-- In-app notifications, read in "Việc cần làm".
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    text        TEXT NOT NULL,
    link        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    read_at     BIGINT
);
CREATE INDEX notifications_user_idx ON notifications (user_id);
