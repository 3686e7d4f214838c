/** Who is asking: established by the gateway from a verified token, then passed to subgraphs. */
export interface Caller {
  sub: string;
  agency: string;
  scopes: string[];
}

/**
 * Whom an answer is for: records are released by agency and by scopes, so two callers with the same
 * audience get the same answer to the same request. Every cache and shared fetch keys by it.
 */
export function audienceOf(caller: Caller): string {
  return `${caller.agency} ${[...caller.scopes].sort().join(' ')}`;
}

/** Whether a request's Cache-Control asks for an answer computed now, not one kept from before. */
export function wantsFreshAnswer(cacheControl: string | undefined): boolean {
  return /no-cache|no-store/i.test(cacheControl ?? '');
}

export function hasScope(caller: Caller | undefined, scope: string): boolean {
  return caller !== undefined && caller.scopes.includes(scope);
}
