-- Explanation requests (yêu cầu giải trình) raised on an off-track target by a unit
-- above, and the responsible unit's answer. They stay in the target's history.
CREATE TABLE explanations (
    id           INTEGER PRIMARY KEY,
    target_id    BIGINT NOT NULL REFERENCES targets (id),
    period       TEXT NOT NULL,
    question     TEXT NOT NULL,
    due_on       TEXT,
    asked_by     BIGINT REFERENCES users (id),
    asked_at     BIGINT NOT NULL,
    answer       TEXT,
    answered_by  BIGINT REFERENCES users (id),
    answered_at  BIGINT
);
CREATE INDEX explanations_target_idx ON explanations (target_id);
