import { normalizeAccount, selectorId, SelectorKind } from '../../../lib/selectors/normalize';
import { agencySelectorType, type SelectorReference } from '../../../lib/selectors/federated';

/** The registry's Selector, as this subgraph knows it (lib/selectors/federated.ts): to which it adds Treasury's accounts and designations. */
export const Selector = agencySelectorType();
export type Selector = SelectorReference;

/** An account's selector, from its institution and masked number; null for a number kept in a form selectors do not read. */
export function accountSelector(institution: string, maskedNumber: string): Selector | null {
  try {
    const selector = normalizeAccount(institution, maskedNumber, 'account');
    return { ...selector, id: selectorId(selector) };
  } catch {
    return null;
  }
}
