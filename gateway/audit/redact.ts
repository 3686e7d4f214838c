import { MAX_VARIABLE_DEPTH } from '../plugins/variable-depth';

/**
 * Variables as the audit trail records them. A value is hidden for what it is (a token, a key, a
 * card number), never for the name of the variable that holds it: a caller must not be able to keep
 * what it asked for (a person's id in `$tokenId`) out of the record by naming the variable.
 * Only the secret part of a text is replaced, so the rest of a search string stays on the record.
 */
const SECRETS: { name: string; pattern: RegExp; applies?: (match: string) => boolean }[] = [
  // JWS/JWE compact serialisations (JWTs): a base64url JSON header, then two or more segments.
  { name: 'JWT', pattern: /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?/g },
  { name: 'PRIVATE KEY', pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g },
  { name: 'CREDENTIAL', pattern: /\b(?:Bearer|Basic|Token)\s+[A-Za-z0-9._~+/-]{12,}=*/gi },
  // user:password@ in a URL
  { name: 'PASSWORD', pattern: /(?<=[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+(?=@)/gi },
  // Payment card numbers (13 to 19 digits, spaced or not, passing the Luhn check).
  { name: 'CARD NUMBER', pattern: /\b\d(?:[ -]?\d){12,18}\b/g, applies: (match) => luhn(match.replace(/\D/g, '')) },
  // Long random-looking strings: API keys, client secrets, session ids. Hex (hashes, UUIDs) is not secret-looking.
  { name: 'SECRET', pattern: /[A-Za-z0-9+/_-]{32,}={0,2}/g, applies: looksRandom },
];

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Upper case, lower case and digits mixed with the spread of characters of random bytes, not of a word or an identifier. */
function looksRandom(text: string): boolean {
  if (!/[A-Z]/.test(text) || !/[a-z]/.test(text) || !/\d/.test(text)) return false;
  const counts = new Map<string, number>();
  for (const character of text) counts.set(character, (counts.get(character) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) entropy -= (count / text.length) * Math.log2(count / text.length);
  return entropy >= 4.2;
}

export function redactText(text: string): string {
  let result = text;
  for (const { name, pattern, applies } of SECRETS) {
    result = result.replace(pattern, (match) => (!applies || applies(match) ? `[REDACTED ${name}]` : match));
  }
  return result;
}

/**
 * Every string at any depth, and every object key, passes through redactText; long texts are cut,
 * and so is nesting past MAX_VARIABLE_DEPTH (the gateway refuses deeper variables before the audit;
 * this holds for any other way variables reach the record, since PostgreSQL refuses JSON nested
 * thousands of levels deep).
 */
export function redactVariables(value: unknown, depth = 0): unknown {
  if (value && typeof value === 'object' && depth >= MAX_VARIABLE_DEPTH) return `[nested deeper than ${MAX_VARIABLE_DEPTH} levels]`;
  if (Array.isArray(value)) return value.map((item) => redactVariables(item, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [redactText(key), redactVariables(child, depth + 1)]));
  }
  if (typeof value === 'string') {
    // PostgreSQL's jsonb cannot hold NUL; the record keeps a visible marker instead.
    const text = redactText(value.length > 4000 ? value.slice(0, 4000) : value).replace(/\u0000/g, '\\u0000');
    return text.length > 1000 || value.length > 4000 ? `${text.slice(0, 1000)}…[${value.length} characters]` : text;
  }
  return value;
}
