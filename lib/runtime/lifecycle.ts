/**
 * How a service process ends: on SIGINT/SIGTERM it drains (in-flight requests complete, new ones
 * are refused) and exits; when started by `npm start`, it also exits if that parent goes away,
 * so a killed parent never leaves services holding their ports.
 */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    try {
      await stop();
    } finally {
      process.exit(code);
    }
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  if (process.send) process.on('disconnect', () => void shutdown(0));
}
