-- Texts read with "Nhập từ văn bản" and the records their confirmed facts produced.
-- Every record keeps the text it came from.
CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    facts       TEXT NOT NULL,
    created_by  BIGINT REFERENCES users (id),
    created_at  BIGINT NOT NULL
);
CREATE INDEX sources_org_idx ON sources (org_id);

CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    kind        TEXT NOT NULL,
    held_on     TEXT,
    title       TEXT NOT NULL,
    source_id   BIGINT REFERENCES sources (id),
    created_at  BIGINT NOT NULL
);
CREATE INDEX meetings_org_idx ON meetings (org_id);

CREATE TABLE document_refs (
    id          INTEGER PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    doc_type    TEXT NOT NULL,
    number_raw  TEXT,
    number_key  TEXT,
    issued_on   TEXT,
    issuer      TEXT,
    source_id   BIGINT REFERENCES sources (id)
);
CREATE INDEX document_refs_org_idx ON document_refs (org_id);

CREATE TABLE tasks (
    id          INTEGER PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    body        TEXT NOT NULL,
    assignee    TEXT,
    due_on      TEXT,
    status      TEXT NOT NULL DEFAULT 'open',
    source_id   BIGINT REFERENCES sources (id),
    created_at  BIGINT NOT NULL
);
CREATE INDEX tasks_org_idx ON tasks (org_id);
