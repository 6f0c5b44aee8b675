-- The register of people: only a name and a work contact, and the titles they hold in
-- organisations over time. Used for meeting chairs and attendees.
CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    full_name   TEXT NOT NULL,
    contact     TEXT,
    created_at  BIGINT NOT NULL
);

CREATE TABLE positions (
    id         INTEGER PRIMARY KEY,
    person_id  BIGINT NOT NULL REFERENCES people (id),
    org_id     BIGINT NOT NULL REFERENCES orgs (id),
    title      TEXT NOT NULL,
    from_on    TEXT NOT NULL,
    to_on      TEXT
);
CREATE INDEX positions_org_idx ON positions (org_id);

-- What a meeting discussed and who came: documents, figures reported, the explanations
-- departments gave, and the attendees from the register.
ALTER TABLE meetings ADD COLUMN documents TEXT;
ALTER TABLE meetings ADD COLUMN figures TEXT;
ALTER TABLE meetings ADD COLUMN chair_person_id BIGINT REFERENCES people (id);

CREATE TABLE meeting_attendees (
    meeting_id  BIGINT NOT NULL REFERENCES meetings (id),
    person_id   BIGINT NOT NULL REFERENCES people (id),
    PRIMARY KEY (meeting_id, person_id)
);

CREATE TABLE meeting_explanations (
    id          INTEGER PRIMARY KEY,
    meeting_id  BIGINT NOT NULL REFERENCES meetings (id),
    department  TEXT NOT NULL,
    content     TEXT NOT NULL
);
CREATE INDEX meeting_explanations_idx ON meeting_explanations (meeting_id);
