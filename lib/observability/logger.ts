import pino from 'pino';

/**
 * Structured JSON logs (pino) on stdout. Each line names its service; request lines carry the
 * request id the gateway gives a request and passes to every subgraph it calls (x-request-id), so
 * one request can be followed across processes. LOG_LEVEL sets the level (info by default; silent in tests).
 */
export function createLogger(service: string) {
  return pino({
    level: process.env.LOG_LEVEL ?? (process.env.JEST_WORKER_ID ? 'silent' : 'info'),
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
