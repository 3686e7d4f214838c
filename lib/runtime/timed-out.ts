/** Whether a request failed because its AbortSignal ran out (AbortSignal.timeout throws TimeoutError; some clients report AbortError). */
export function timedOut(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}
