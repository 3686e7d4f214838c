import fc from 'fast-check';
import { CANONICAL_OPERATIONS, operationDocument } from '../../operations';
import { generateRegistry } from '../../lib/seed/registry';

/** The fuzz corpus: one seed, so every test that throws it at a gateway throws the same documents. */
export const FUZZ_SEED = 20261122;

const registry = generateRegistry(1);
const documents = CANONICAL_OPERATIONS.map(operationDocument);

// Values that break things: wrong types, huge and odd strings, SQL and control characters, extreme numbers.
export const hostileValue = fc.oneof(
  fc.constantFrom(null, '', ' ', 'not-a-uuid', '00000000-0000-0000-0000-000000000000', '2026-02-30T00:00:00Z', "'; DROP TABLE person; --", '\u0000\u0007\u001b', '%_\\', '🚨'.repeat(100), 'x'.repeat(10_000)),
  fc.string({ maxLength: 50 }), fc.integer(), fc.double(), fc.boolean(),
  fc.constantFrom(-1, 0, 101, 2 ** 31, Number.MAX_SAFE_INTEGER, registry.organizations[0].id, registry.persons[0].id),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 5 }),
);

export const hostileVariables = fc.dictionary(fc.constantFrom('id', 'rootId', 'depth', 'text', 'first', 'from', 'to', 'members', 'organizationId', 'input'), hostileValue, { maxKeys: 4 });

/** A canonical operation with a few random edits: cut, and insert short random text. */
export const mutatedDocument = fc.tuple(fc.constantFrom(...documents), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.string({ maxLength: 6 })), { maxLength: 4 }))
  .map(([document, edits]) => edits.reduce((text, [at, remove, insert]) => {
    const position = at % (text.length + 1);
    return text.slice(0, position) + insert + text.slice(position + remove);
  }, document));
