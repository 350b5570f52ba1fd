-- Large cross-instance messages of @socket.io/postgres-adapter (over NOTIFY's 8 KB) go through this table.
CREATE TABLE IF NOT EXISTS socket_io_attachments (
  id bigserial UNIQUE,
  created_at timestamptz DEFAULT now(),
  payload bytea
);
