import { ConstArgumentNode, ConstDirectiveNode, ConstValueNode, DocumentNode, Kind, parse } from 'graphql';

const COST_SPEC = 'https://specs.apollo.dev/cost/';

export interface ListSize {
  assumedSize: number | null;
  slicingArguments: string[];
  sizedFields: string[];
}

/** What the supergraph says about demand: `@cost` weights on types and fields, `@listSize` on list fields ("Type.field"). */
export interface CostDirectives {
  typeWeight: Map<string, number>;
  fieldWeight: Map<string, number>;
  listSize: Map<string, ListSize>;
}

/**
 * Reads the cost spec's directives from the composed supergraph, under whatever names its
 * `@link(url: ".../cost/v0.1")` gives them, so the gateway counts with the same facts Apollo Router
 * reads from the same file.
 */
export function costDirectivesOf(supergraphSdl: string): CostDirectives {
  const document = parse(supergraphSdl);
  const names = costDirectiveNames(document);
  const found: CostDirectives = { typeWeight: new Map(), fieldWeight: new Map(), listSize: new Map() };
  for (const definition of document.definitions) {
    if (!('fields' in definition) || !('name' in definition) || !definition.name) continue;
    const typeName = definition.name.value;
    const weight = weightOf(definition.directives, names.cost);
    if (weight !== null) found.typeWeight.set(typeName, weight);
    for (const field of (definition.fields ?? []) as readonly { name: { value: string }; directives?: readonly ConstDirectiveNode[] }[]) {
      const key = `${typeName}.${field.name.value}`;
      const fieldWeight = weightOf(field.directives, names.cost);
      if (fieldWeight !== null) found.fieldWeight.set(key, fieldWeight);
      const listSize = field.directives?.find((d) => d.name.value === names.listSize);
      if (listSize) {
        const args = argumentsOf(listSize.arguments);
        found.listSize.set(key, {
          assumedSize: typeof args.assumedSize === 'number' ? args.assumedSize : null,
          slicingArguments: Array.isArray(args.slicingArguments) ? args.slicingArguments.map(String) : [],
          sizedFields: Array.isArray(args.sizedFields) ? args.sizedFields.map(String) : [],
        });
      }
    }
  }
  return found;
}

/** True when the supergraph links the cost spec: the check that composition carried the subgraphs' declarations. */
export function linksCostSpec(supergraphSdl: string): boolean {
  return costLink(parse(supergraphSdl)) !== undefined;
}

function costLink(document: DocumentNode): ConstDirectiveNode | undefined {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    const link = definition.directives?.find((d) => d.name.value === 'link' && String(argumentsOf(d.arguments).url ?? '').startsWith(COST_SPEC));
    if (link) return link;
  }
  return undefined;
}

/** The link spec's naming: imported directives keep their name (or take their `as`), the rest are `<spec>__<name>`; the spec's own-named directive is `@<spec>`. */
function costDirectiveNames(document: DocumentNode): { cost: string; listSize: string } {
  const link = costLink(document);
  const args = link ? argumentsOf(link.arguments) : {};
  const namespace = typeof args.as === 'string' ? args.as : 'cost';
  const imports = new Map<string, string>();
  for (const entry of (Array.isArray(args.import) ? args.import : [])) {
    if (typeof entry === 'string') imports.set(entry, entry);
    else if (entry && typeof entry === 'object') {
      const { name, as } = entry as { name?: string; as?: string };
      if (name) imports.set(name, as ?? name);
    }
  }
  const nameOf = (directive: string) => (imports.get(`@${directive}`)?.slice(1)) ?? (directive === 'cost' ? namespace : `${namespace}__${directive}`);
  return { cost: nameOf('cost'), listSize: nameOf('listSize') };
}

function weightOf(directives: readonly ConstDirectiveNode[] | undefined, name: string): number | null {
  const directive = directives?.find((d) => d.name.value === name);
  if (!directive) return null;
  const weight = argumentsOf(directive.arguments).weight;
  return typeof weight === 'number' ? weight : null;
}

function argumentsOf(args: readonly ConstArgumentNode[] | undefined): Record<string, unknown> {
  return Object.fromEntries((args ?? []).map((a) => [a.name.value, valueOf(a.value)]));
}

function valueOf(value: ConstValueNode): unknown {
  switch (value.kind) {
    case Kind.INT: return Number(value.value);
    case Kind.FLOAT: return Number(value.value);
    case Kind.STRING: case Kind.ENUM: return value.value;
    case Kind.BOOLEAN: return value.value;
    case Kind.NULL: return null;
    case Kind.LIST: return value.values.map(valueOf);
    case Kind.OBJECT: return Object.fromEntries(value.fields.map((f) => [f.name.value, valueOf(f.value)]));
  }
}
