-- Personal API tokens expire: ninety days after creation, those already made included.
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
UPDATE api_tokens SET expires_at = created_at + 7776000000; -- ninety days in milliseconds
