-- Inspection (kiểm tra) and supervision (giám sát) cases. Period counts are always
-- derived from these rows. The recommendations of a case become tasks.
CREATE TABLE inspections (
    id              INTEGER PRIMARY KEY,
    org_id          BIGINT NOT NULL REFERENCES orgs (id),
    action          TEXT NOT NULL,
    mode            TEXT NOT NULL,
    subject         TEXT NOT NULL,
    subject_org_id  BIGINT REFERENCES orgs (id),
    member_name     TEXT,
    decision        TEXT,
    team            TEXT,
    started_on      TEXT NOT NULL,
    findings        TEXT,
    conclusion      TEXT,
    discipline      TEXT,
    created_by      BIGINT REFERENCES users (id),
    created_at      BIGINT NOT NULL
);
CREATE INDEX inspections_org_idx ON inspections (org_id);

ALTER TABLE tasks ADD COLUMN inspection_id BIGINT REFERENCES inspections (id);
