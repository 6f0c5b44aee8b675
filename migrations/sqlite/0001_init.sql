-- tiendo schema, SQLite. Keep in step with migrations/postgres/0001_init.sql:
-- same tables, columns and constraint names; only the id columns differ.

CREATE TABLE org_kinds (
    code  TEXT PRIMARY KEY,
    label TEXT NOT NULL
);

CREATE TABLE orgs (
    id           INTEGER PRIMARY KEY,
    parent_id    BIGINT REFERENCES orgs (id),
    name         TEXT NOT NULL,
    name_folded  TEXT NOT NULL,
    kind         TEXT NOT NULL REFERENCES org_kinds (code),
    valid_from   TEXT,
    valid_to     TEXT,
    successor_id BIGINT REFERENCES orgs (id),
    position     BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX orgs_parent_idx ON orgs (parent_id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL CONSTRAINT users_username_key UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled      BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL
);

CREATE TABLE role_grants (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    role       TEXT NOT NULL,
    org_id     BIGINT NOT NULL REFERENCES orgs (id),
    valid_from TEXT,
    valid_to   TEXT
);
CREATE INDEX role_grants_user_idx ON role_grants (user_id);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);

CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    doc_type    TEXT NOT NULL,
    number_raw  TEXT,
    number_key  TEXT,
    title       TEXT NOT NULL,
    issued_on   TEXT,
    term_start  BIGINT NOT NULL,
    term_end    BIGINT NOT NULL,
    grain       TEXT NOT NULL,
    bands       TEXT NOT NULL,
    concretises BIGINT REFERENCES documents (id)
);
CREATE INDEX documents_org_idx ON documents (org_id);

CREATE TABLE targets (
    id                 INTEGER PRIMARY KEY,
    document_id        BIGINT NOT NULL REFERENCES documents (id),
    org_id             BIGINT NOT NULL REFERENCES orgs (id),
    family_id          BIGINT NOT NULL,
    code               TEXT NOT NULL,
    field              TEXT NOT NULL,
    name               TEXT NOT NULL,
    unit               TEXT NOT NULL,
    op                 TEXT NOT NULL,
    lo                 BIGINT,
    hi                 BIGINT,
    measure            TEXT NOT NULL,
    direction          TEXT NOT NULL,
    accrual            TEXT NOT NULL,
    rollup             TEXT NOT NULL,
    weight_target_id   BIGINT REFERENCES targets (id),
    assess_at          TEXT NOT NULL,
    responsible_org_id BIGINT REFERENCES orgs (id),
    parent_target_id   BIGINT REFERENCES targets (id),
    position           BIGINT NOT NULL
);
CREATE INDEX targets_document_idx ON targets (document_id);
CREATE INDEX targets_parent_idx ON targets (parent_target_id);

CREATE TABLE target_years (
    target_id BIGINT NOT NULL REFERENCES targets (id),
    year      BIGINT NOT NULL,
    op        TEXT NOT NULL,
    lo        BIGINT,
    hi        BIGINT,
    CONSTRAINT target_years_pkey PRIMARY KEY (target_id, year)
);

CREATE TABLE figures (
    target_id  BIGINT NOT NULL REFERENCES targets (id),
    period     TEXT NOT NULL,
    value      BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users (id),
    CONSTRAINT figures_pkey PRIMARY KEY (target_id, period)
);

CREATE TABLE overrides (
    target_id  BIGINT NOT NULL REFERENCES targets (id),
    period     TEXT NOT NULL,
    status     TEXT NOT NULL,
    reason     TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users (id),
    CONSTRAINT overrides_pkey PRIMARY KEY (target_id, period)
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          BIGINT NOT NULL,
    user_id     BIGINT REFERENCES users (id),
    remote_addr TEXT,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
