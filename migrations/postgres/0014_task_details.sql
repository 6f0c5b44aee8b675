-- A task's coordinating units and expected result, as the conclusion writes them.
ALTER TABLE tasks ADD COLUMN coordinating TEXT;
ALTER TABLE tasks ADD COLUMN expected TEXT;
