-- A unit's own estimate of a target's outcome for a whole year ("ước thực hiện cả năm"):
-- a kind of value apart from the figures entered for its periods and from the final
-- figure, printed beside them in the period report. One per target and year (scaled by
-- 10 000 like figures); the audit log keeps every change.
CREATE TABLE estimates (
    target_id  BIGINT NOT NULL REFERENCES targets (id),
    year       BIGINT NOT NULL,
    value      BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users (id),
    CONSTRAINT estimates_pkey PRIMARY KEY (target_id, year)
);
