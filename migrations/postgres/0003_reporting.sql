-- The reporting cycle: when each resolution's units report, and each unit's report
-- for a period moving draft → submitted → accepted, or returned with a reason.

CREATE TABLE schedules (
    document_id BIGINT PRIMARY KEY REFERENCES documents (id),
    -- Figures of a period run to this day of its last month (0: the month's end).
    cutoff_day  BIGINT NOT NULL,
    -- The report is due this many days after the cut-off.
    due_days    BIGINT NOT NULL
);

CREATE TABLE reports (
    org_id       BIGINT NOT NULL REFERENCES orgs (id),
    document_id  BIGINT NOT NULL REFERENCES documents (id),
    period       TEXT NOT NULL,
    status       TEXT NOT NULL,
    submitted_at BIGINT,
    submitted_by BIGINT REFERENCES users (id),
    reviewed_at  BIGINT,
    reviewed_by  BIGINT REFERENCES users (id),
    reason       TEXT,
    late         BIGINT NOT NULL DEFAULT 0,
    updated_at   BIGINT NOT NULL,
    CONSTRAINT reports_pkey PRIMARY KEY (org_id, document_id, period)
);
CREATE INDEX reports_period_idx ON reports (document_id, period);
