-- Figures kept in order of period, then target: an import writes one period for many
-- units, and in this order its rows sit side by side instead of touching every page of
-- the table. A figure's audit rows are found by their exact id, not through the entity
-- index, which an import would otherwise touch on every page.
CREATE TABLE figures_by_period (
    target_id  BIGINT NOT NULL REFERENCES targets (id),
    period     TEXT NOT NULL,
    value      BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users (id),
    CONSTRAINT figures_pkey PRIMARY KEY (period, target_id)
) WITHOUT ROWID;
INSERT INTO figures_by_period (target_id, period, value, updated_at, updated_by)
    SELECT target_id, period, value, updated_at, updated_by FROM figures;
DROP TABLE figures;
ALTER TABLE figures_by_period RENAME TO figures;
DROP INDEX audit_log_entity_idx;
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id) WHERE entity <> 'figure';
