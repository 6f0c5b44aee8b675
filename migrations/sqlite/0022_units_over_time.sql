-- Units over time. The orgs row is a unit's newest version (in force from valid_from
-- until valid_to); org_versions keeps the earlier ones, each closed by valid_to, so a
-- rename or a move rewrites nothing that was reported under the old name or parent.
-- org_events is the lineage: founded, renamed, moved, merged into, split into (with
-- the share in hundredths of a percent), dissolved, each with the decision that
-- ordered it. target_predecessors links a new term's target to those it continues.
-- A unit's code (mã đơn vị) is part of its version: it may change with a restructuring.
ALTER TABLE orgs ADD COLUMN code TEXT;
CREATE TABLE org_versions (
    id         INTEGER PRIMARY KEY,
    org_id     BIGINT NOT NULL REFERENCES orgs (id),
    valid_from TEXT,
    valid_to   TEXT NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL REFERENCES org_kinds (code),
    parent_id  BIGINT REFERENCES orgs (id),
    code       TEXT
);
CREATE INDEX org_versions_org_idx ON org_versions (org_id);

CREATE TABLE org_events (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    org_id    BIGINT NOT NULL REFERENCES orgs (id),
    into_id   BIGINT REFERENCES orgs (id),
    share     BIGINT,
    effective TEXT NOT NULL,
    decision  TEXT NOT NULL
);
CREATE INDEX org_events_org_idx ON org_events (org_id);

CREATE TABLE target_predecessors (
    target_id      BIGINT NOT NULL REFERENCES targets (id),
    predecessor_id BIGINT NOT NULL REFERENCES targets (id),
    CONSTRAINT target_predecessors_pkey PRIMARY KEY (target_id, predecessor_id)
);
