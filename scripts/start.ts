import { spawn } from 'node:child_process';
import { provisionDatabaseServer } from '../lib/database/provision';
import { developmentKeys } from '../lib/identity/keys';
import { isProduction } from '../lib/config';
import { startSystem } from '../lib/runtime/system';

/**
 * `npm start`: PostgreSQL (embedded unless DATABASE_URL), migrations, demo data when empty,
 * the five subgraphs and the gateway as separate processes. Ctrl-C stops all of it.
 */
async function main(): Promise<void> {
  const began = Date.now();
  const log = (source: string, line: string) => console.log(`[${source}] ${line}`);
  if (!isProduction()) await developmentKeys(); // created here if `npm run token` has not yet

  const database = await provisionDatabaseServer((line) => {
    // Connections ended by our own shutdown are expected; anything else serious is shown.
    if (/ready to accept|FATAL|ERROR|PANIC/.test(line) && !/terminating connection due to administrator command/.test(line)) log('postgres', line);
  });
  log('start', database.embedded ? `embedded PostgreSQL at ${database.url.replace(/:[^:@/]*@/, ':***@')}` : 'using DATABASE_URL');

  let shuttingDown = false;
  let system: Awaited<ReturnType<typeof startSystem>> | undefined;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log('start', 'stopping...');
    await system?.stop();
    await database.stop();
    log('start', 'stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  // If the `npm start` process in front of us dies, even by kill -9, stop in order.
  process.on('disconnect', () => void shutdown(0));

  try {
    system = await startSystem({ serverUrl: database.url, log });
  } catch (error) {
    log('start', `could not start: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
    return;
  }
  console.log(`\nUnity Table is ready in ${((Date.now() - began) / 1000).toFixed(1)}s`);
  console.log(`  Gateway:  ${system.gatewayUrl}`);
  console.log(`  A token:  npm run --silent token -- --agency HSI [--purpose INVESTIGATION]`);
  if (process.env.METRICS_TOKEN) console.log('  Metrics:  /metrics and /ready with "Authorization: Bearer $METRICS_TOKEN"');
  console.log('  Stop:     Ctrl-C\n');
  const crashed = await system.crashed;
  log('start', `${crashed} exited unexpectedly; stopping everything`);
  await shutdown(1);
}

/**
 * A terminal's Ctrl-C signals the whole foreground process group at once, PostgreSQL included, which
 * would stop the database under requests still in flight. So the system runs in a process group of
 * its own, and this front process turns Ctrl-C into one orderly shutdown: the gateway drains, then
 * the subgraphs, then the database.
 */
function runDetached(): void {
  const system = spawn(process.execPath, [__filename], {
    env: { ...process.env, UNITY_START_SUPERVISOR: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  const forward = () => system.kill('SIGTERM');
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  system.on('exit', (code) => process.exit(code ?? 1));
}

if (process.env.UNITY_START_SUPERVISOR === '1') void main();
else runDetached();
