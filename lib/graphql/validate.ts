import { badUserInput, forbidden } from './errors';
import type { Caller } from '../identity/caller';

/** Checks on mutation input that name the field and say what to fix. */
export function requireText(value: string | null | undefined, field: string, max = 200): string {
  const text = (value ?? '').trim();
  if (!text) throw badUserInput(`"${field}" must not be empty.`, field);
  if (text.length > max) throw badUserInput(`"${field}" is ${text.length} characters long; at most ${max} are allowed.`, field);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(text)) throw badUserInput(`"${field}" contains control characters; remove them.`, field);
  return text;
}

export function optionalText(value: string | null | undefined, field: string, max = 2000): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : requireText(value, field, max);
}

export function requireRange(value: number, field: string, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) throw badUserInput(`"${field}" must be between ${min} and ${max}; got ${value}.`, field);
  return value;
}

export function requireNotFuture(value: Date, field: string): Date {
  if (value.getTime() > Date.now() + 5 * 60_000) throw badUserInput(`"${field}" (${value.toISOString()}) is in the future.`, field);
  return value;
}

/** A write needs the domain's write scope; the record is then owned by the caller's agency. */
export function requireWriteScope(caller: Caller, domain: string): void {
  const scope = `${domain}:write`;
  if (!caller.scopes.includes(scope)) {
    throw forbidden(`Recording ${domain} records needs the "${scope}" scope, which ${caller.agency} tokens do not carry.`, { requiredScopes: [scope] });
  }
}
