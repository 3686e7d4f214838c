/** Who is asking: established by the gateway from a verified token, then passed to subgraphs. */
export interface Caller {
  sub: string;
  agency: string;
  scopes: string[];
}

export function hasScope(caller: Caller | undefined, scope: string): boolean {
  return caller !== undefined && caller.scopes.includes(scope);
}
