import { startGateway } from './server';
import { gatewayPort } from '../lib/config';
import { onShutdown } from '../lib/runtime/lifecycle';

/** The gateway as its own process: serve until SIGINT/SIGTERM, then drain and exit. */
async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  const auditOff = process.env.UNITY_AUDIT === 'off';
  if (!serverUrl && !auditOff) throw new Error('DATABASE_URL is not set: the gateway writes the audit trail there (UNITY_AUDIT=off disables it, for benchmarks only)');
  const running = await startGateway({ port: gatewayPort(), host: process.env.HOST, audit: auditOff ? false : { serverUrl: serverUrl! } });
  console.log(JSON.stringify({ level: 'info', service: 'gateway', msg: 'ready', url: running.url }));
  onShutdown(() => running.stop());
}

main().catch((error) => {
  console.error(`gateway could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
