import type { NextFunction, Request, Response } from 'express';

/**
 * Deeper than any input of the schema nests (a selector in a subject in a case input is 4), and far
 * below what serialising the variables can bear: 5,000 levels overflowed JSON.stringify, and the
 * request failed as an internal error (before that, as AUDIT_UNAVAILABLE).
 */
export const MAX_VARIABLE_DEPTH = 32;

/** Refuses (400 BAD_USER_INPUT) a request whose variables nest deeper than MAX_VARIABLE_DEPTH, before anything reads them. */
export function boundedVariables(req: Request, res: Response, next: NextFunction): void {
  const variables = req.method === 'POST' && req.body && typeof req.body === 'object' ? (req.body as { variables?: unknown }).variables : undefined;
  const depth = nesting(variables, MAX_VARIABLE_DEPTH + 1);
  if (depth <= MAX_VARIABLE_DEPTH) return next();
  res.status(400).json({ errors: [{
    message: `The variables nest more than ${MAX_VARIABLE_DEPTH} levels deep; no input of this API nests that far. Send the values the operation's variables declare.`,
    extensions: { code: 'BAD_USER_INPUT', field: 'variables' },
  }] });
}

/** How deep objects and arrays nest in `value`, counted without recursion, up to `stopAt`. */
function nesting(value: unknown, stopAt: number): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length) {
    const [item, depth] = pending.pop()!;
    if (!item || typeof item !== 'object') continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest >= stopAt) return deepest;
    for (const child of Object.values(item)) if (child && typeof child === 'object') pending.push([child, depth + 1]);
  }
  return deepest;
}
