-- The period report a committee hands in. Its number comes from the committee's
-- register: numbers restart for each document type in each term, and a report keeps
-- the number it was given. Every saved version of its editable parts is kept; the
-- latest is the draft, the rest its history.
CREATE TABLE report_numbers (
    id          INTEGER PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    doc_type    TEXT NOT NULL,
    term_start  BIGINT NOT NULL,
    number      BIGINT NOT NULL,
    document_id BIGINT NOT NULL REFERENCES documents (id),
    period      TEXT NOT NULL,
    user_id     BIGINT REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    CONSTRAINT report_numbers_number_key UNIQUE (org_id, doc_type, term_start, number),
    CONSTRAINT report_numbers_report_key UNIQUE (org_id, doc_type, document_id, period)
);

CREATE TABLE report_drafts (
    id           INTEGER PRIMARY KEY,
    org_id       BIGINT NOT NULL REFERENCES orgs (id),
    document_id  BIGINT NOT NULL REFERENCES documents (id),
    period       TEXT NOT NULL,
    issued_on    TEXT NOT NULL,
    signer_id    BIGINT REFERENCES positions (id),
    highlights   TEXT NOT NULL,
    shortcomings TEXT NOT NULL,
    directions   TEXT NOT NULL,
    recipients   TEXT NOT NULL,
    user_id      BIGINT REFERENCES users (id),
    created_at   BIGINT NOT NULL
);
CREATE INDEX report_drafts_report_idx ON report_drafts (org_id, document_id, period);
