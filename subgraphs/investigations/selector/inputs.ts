import { addressSelectors, distinctSelectors, emailSelectors, phoneSelectors, RecordSelector } from '../../../lib/selectors/federated';

/** What a case records of a subject's selectors, from the subject's input (`field` names it in errors). */
export function subjectSelectors(input: { phones?: string[] | null; addresses?: string[] | null; emails?: string[] | null }, field: string): RecordSelector[] {
  const at = (name: string) => (field ? `${field}.${name}` : name);
  return distinctSelectors([
    ...phoneSelectors(input.phones, at('phones')),
    ...addressSelectors(input.addresses, at('addresses')),
    ...emailSelectors(input.emails, at('emails')),
  ]);
}
