/**
 * The first import of every service entry point (gateway/index.ts, subgraphs/<name>/index.ts): when an
 * OTLP endpoint is configured, http and pg are instrumented here, before anything loads them. Without
 * one it does nothing and loads nothing. See ./tracing.ts.
 */
import { instrumentForTracing } from './tracing';

instrumentForTracing();
