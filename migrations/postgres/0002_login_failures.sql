-- Failed logins per account and per address, for the growing delay after repeated failures.
CREATE TABLE login_failures (
    key        TEXT PRIMARY KEY,
    failures   BIGINT NOT NULL,
    last_at    BIGINT NOT NULL
);
