import { trace } from '@opentelemetry/api';

/**
 * The lean executor's spans carry the names Apollo's gateway gives its own (`gateway.request`,
 * `gateway.plan`, `gateway.execute`, `gateway.fetch`, `gateway.postprocessing`), so a trace reads the
 * same whichever executor ran. Without an OTLP endpoint the tracer is OpenTelemetry's no-op.
 */
export const gatewayTracer = trace.getTracer('unity-gateway-executor');

export const SPAN = {
  REQUEST: 'gateway.request',
  PLAN: 'gateway.plan',
  EXECUTE: 'gateway.execute',
  FETCH: 'gateway.fetch',
  POST_PROCESSING: 'gateway.postprocessing',
} as const;
