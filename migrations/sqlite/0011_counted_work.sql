-- Counted work per unit and period: classes and attendance, surveys, awards, model
-- campaigns, congresses held. Totals roll up the tree by addition.
CREATE TABLE work_entries (
    id            INTEGER PRIMARY KEY,
    org_id        BIGINT NOT NULL REFERENCES orgs (id),
    period        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    count         BIGINT NOT NULL,
    of_total      BIGINT,
    participants  BIGINT,
    eligible      BIGINT,
    summary       TEXT,
    created_by    BIGINT REFERENCES users (id),
    created_at    BIGINT NOT NULL
);
CREATE INDEX work_entries_org_idx ON work_entries (org_id);

-- The annual quality rating a committee gives its organisations and members.
CREATE TABLE ratings (
    id              INTEGER PRIMARY KEY,
    org_id          BIGINT NOT NULL REFERENCES orgs (id),
    year            INTEGER NOT NULL,
    subject_org_id  BIGINT NOT NULL REFERENCES orgs (id),
    member_name     TEXT,
    level           TEXT NOT NULL,
    score           INTEGER,
    created_by      BIGINT REFERENCES users (id),
    created_at      BIGINT NOT NULL
);
CREATE INDEX ratings_org_idx ON ratings (org_id, year);

-- Each committee's quota: the share rated excellent, in percent of those rated good or better.
CREATE TABLE rating_quotas (
    org_id   BIGINT PRIMARY KEY REFERENCES orgs (id),
    percent  INTEGER NOT NULL
);
