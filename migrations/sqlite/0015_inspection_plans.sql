-- The inspection body's annual plan: how many organisations or members it means to
-- inspect or supervise, by action and mode. Done counts come from the cases.
CREATE TABLE inspection_plans (
    org_id   BIGINT NOT NULL REFERENCES orgs (id),
    year     INTEGER NOT NULL,
    action   TEXT NOT NULL,
    mode     TEXT NOT NULL,
    subject  TEXT NOT NULL,
    planned  BIGINT NOT NULL,
    PRIMARY KEY (org_id, year, action, mode, subject)
);
