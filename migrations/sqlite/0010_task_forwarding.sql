-- A task a unit forwarded to one of its lower units points to the task it came from.
ALTER TABLE tasks ADD COLUMN parent_task_id BIGINT REFERENCES tasks (id);
