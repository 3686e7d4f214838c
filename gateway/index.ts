import '../lib/observability/tracing-preload'; // first: instruments http and pg before they load
import { startGateway } from './server';
import { gatewayPort } from '../lib/config';
import { onShutdown } from '../lib/runtime/lifecycle';
import { startTracing, stopTracing } from '../lib/observability/tracing';

/** The gateway as its own process: serve until SIGINT/SIGTERM, then drain and exit. */
async function main(): Promise<void> {
  startTracing('unity-gateway');
  const serverUrl = process.env.DATABASE_URL;
  const auditOff = process.env.UNITY_AUDIT === 'off';
  if (!serverUrl && !auditOff) throw new Error('DATABASE_URL is not set: the gateway writes the audit trail there (UNITY_AUDIT=off disables it, for benchmarks only)');
  const authorizationOff = process.env.UNITY_AUTHORIZATION === 'off';
  if (auditOff || authorizationOff) {
    console.log(JSON.stringify({ level: 'warn', service: 'gateway', msg: `running with${auditOff ? ' the audit trail' : ''}${auditOff && authorizationOff ? ' and' : ''}${authorizationOff ? ' gateway authorization' : ''} OFF: for benchmarks only` }));
  }
  const running = await startGateway({
    port: gatewayPort(), host: process.env.HOST,
    audit: auditOff ? false : { serverUrl: serverUrl! },
    authorization: !authorizationOff,
  });
  console.log(JSON.stringify({ level: 'info', service: 'gateway', msg: 'ready', url: running.url }));
  onShutdown(async () => {
    await running.stop();
    await stopTracing();
  });
}

main().catch((error) => {
  console.error(`gateway could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
