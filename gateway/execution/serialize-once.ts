import type { FormattedExecutionResult } from 'graphql';

/**
 * Apollo Server's `stringifyResult` that serialises a shared result once. The gateway hands the same
 * result to many requests: answers from its response cache, and coalesced executions
 * (coalesce-operations.ts); a dossier's JSON is the largest single cost of each such request. The
 * text is kept against the result's `data` object (never copied or changed once shaped), and reused
 * only when the errors and extensions, which are formatted per request, serialise the same. The text
 * lives as long as its result does (a cached result keeps both: about half again its cache estimate).
 */
export function serializeOnce(): (value: FormattedExecutionResult) => string {
  const texts = new WeakMap<object, { rest: string; text: string }>();
  return (value) => {
    const data = value.data;
    if (!data || typeof data !== 'object') return `${JSON.stringify(value)}\n`;
    const rest = value.errors || value.extensions ? JSON.stringify([value.errors, value.extensions]) : '';
    const kept = texts.get(data);
    if (kept && kept.rest === rest) return kept.text;
    const text = `${JSON.stringify(value)}\n`;
    texts.set(data, { rest, text });
    return text;
  };
}
