-- Personal API tokens: created and revoked by their owner, stored as a hash only.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL CONSTRAINT api_tokens_hash_key UNIQUE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);
