/** Text matched by LIKE as typed: the default escape character (backslash) before each wildcard, so % and _ are letters. */
export function literalLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}
