import {
  FieldNode, FragmentDefinitionNode, GraphQLCompositeType, GraphQLField, GraphQLNamedType, GraphQLSchema, isCompositeType, isListType,
  isNonNullType, GraphQLType, Kind, OperationDefinitionNode, SelectionSetNode, valueFromASTUntyped, getNamedType, isAbstractType, GraphQLObjectType,
  getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, SelectionNode,
} from 'graphql';
import type { CostDirectives } from './cost-directives';

/**
 * A list with no `@listSize` (a case's subjects, an interdiction's seizures) is assumed to hold this
 * many items: Apollo Router's `static_estimated.list_size`, set to the same number.
 */
export const ASSUMED_LIST_SIZE = 10;

export interface Estimate {
  /** How many records the document can return at most, as Apollo Router's static estimate counts them. */
  estimated: number;
  /** The list whose own items are most of the estimate (response path), with how many it can hold in all. */
  heaviest: { path: string; records: number } | null;
}

interface Collected {
  key: string;
  nodes: FieldNode[];
  definition: GraphQLField<unknown, unknown>;
  parent: GraphQLCompositeType;
  /** What each record under it costs (RecordCounter.weight), once known. */
  weight?: number;
  /** Its children's selection sets (selectionSetsOf), once asked. */
  childSets?: SelectionSetNode[];
  /** Its named type, once counted. */
  named?: GraphQLNamedType;
}

/**
 * Counts records the way Apollo Router's demand control does (static estimated strategy): an object
 * costs its type's `@cost` weight, 1 unless set; scalars and enums cost nothing; a list multiplies
 * what each item costs by its expected size: the largest slicing argument given (`first`), else its
 * `assumedSize`, else ASSUMED_LIST_SIZE; a connection's size applies to its sized fields (`edges`).
 * Fields that fragments select twice under one response key are counted once.
 */
export class RecordCounter {
  private readonly fragments: Map<string, FragmentDefinitionNode>;
  /** Fields selected under an owner (the operation, or a collected field) for each runtime type (collectOnce). */
  private readonly collected = new WeakMap<object, Map<string, Collected[]>>();
  /** The same, only those that can add to an answer's count (countedOnce). */
  private readonly counted = new WeakMap<object, Map<string, Collected[]>>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly directives: CostDirectives,
    private readonly operation: OperationDefinitionNode,
    fragments: readonly FragmentDefinitionNode[],
    given: Record<string, unknown>,
  ) {
    this.fragments = new Map(fragments.map((f) => [f.name.value, f]));
    // The operation's defaults for variables not given, as execution reads them ($first: Int = 25, $skip: Boolean = true).
    const defaults = (operation.variableDefinitions ?? []).filter((v) => v.defaultValue).map((v) => [v.variable.name.value, valueFromASTUntyped(v.defaultValue!)]);
    this.variables = { ...Object.fromEntries(defaults), ...Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) };
  }

  private readonly variables: Record<string, unknown>;

  estimate(): Estimate {
    const root = this.rootType();
    if (!root) return { estimated: 0, heaviest: null };
    const lists = new Map<string, number>();
    const estimated = this.selectionCost(root, [this.operation.selectionSet], 1, '', null, lists, this.operation.operation === 'mutation');
    let heaviest: Estimate['heaviest'] = null;
    for (const [path, records] of lists) if (path && records > 0 && (!heaviest || records > heaviest.records)) heaviest = { path, records };
    return { estimated, heaviest };
  }

  /** The records an answer holds, counted with the same weights (lists by their actual length). */
  actual(data: unknown): number {
    const root = this.rootType();
    if (!root || !data || typeof data !== 'object') return 0;
    return this.valueCost(root, [this.operation.selectionSet], data as Record<string, unknown>, this.operation.operation === 'mutation');
  }

  private rootType(): GraphQLCompositeType | null | undefined {
    return this.schema.getRootType(this.operation.operation);
  }

  private selectionCost(
    parent: GraphQLCompositeType, selectionSets: SelectionSetNode[], multiplier: number, path: string,
    sized: { fields: string[]; size: number; owner: string } | null, lists: Map<string, number>, isMutationRoot = false, owner = '',
  ): number {
    let total = 0;
    for (const field of this.collect(parent, selectionSets)) {
      const fieldPath = path ? `${path}.${field.key}` : field.key;
      const named = getNamedType(field.definition.type);
      const weight = this.weight(field, named, isMutationRoot);
      const listSize = this.directives.listSize.get(`${field.parent.name}.${field.definition.name}`);
      let instances = 1;
      let listOwner = owner;
      if (isList(field.definition.type)) {
        const fromParent = sized?.fields.includes(field.definition.name) ? sized.size : null;
        instances = fromParent ?? this.expectedSize(field, listSize) ?? ASSUMED_LIST_SIZE;
        listOwner = fromParent !== null && sized ? sized.owner : fieldPath;
      }
      lists.set(listOwner, (lists.get(listOwner) ?? 0) + multiplier * instances * weight);
      let children = 0;
      if (isCompositeType(named)) {
        const childSized = listSize?.sizedFields.length ? { fields: listSize.sizedFields, size: this.expectedSize(field, listSize) ?? ASSUMED_LIST_SIZE, owner: fieldPath } : null;
        children = this.selectionCost(named, selectionSetsOf(field.nodes), multiplier * instances, fieldPath, childSized, lists, false, listOwner);
      }
      total += instances * (weight + children);
    }
    return total;
  }

  private valueCost(parent: GraphQLCompositeType, selectionSets: SelectionSetNode[], value: Record<string, unknown>, isMutationRoot = false, owner: object = this.operation): number {
    let total = 0;
    for (const field of this.countedOnce(owner, parent, selectionSets, isMutationRoot)) {
      const item = value[field.key];
      if (item === null || item === undefined) continue;
      const named = field.named!;
      const weight = field.weight!;
      const count = (one: unknown) => {
        if (one === null || one === undefined) return;
        total += weight;
        if (isCompositeType(named) && typeof one === 'object') {
          const runtime = isAbstractType(named) ? this.schema.getType(String((one as { __typename?: unknown }).__typename)) : named;
          total += this.valueCost(isCompositeType(runtime) ? runtime : named, (field.childSets ??= selectionSetsOf(field.nodes)), one as Record<string, unknown>, false, field);
        }
      };
      if (Array.isArray(item)) for (const one of item.flat(Infinity)) count(one);
      else count(item);
    }
    return total;
  }

  /**
   * The fields that can add to an answer's count: objects, and leaves only when `@cost` weighs them.
   * Most of an answer is scalars, which cost nothing and need no visit.
   */
  private countedOnce(owner: object, parent: GraphQLCompositeType, selectionSets: SelectionSetNode[], isMutationRoot: boolean): Collected[] {
    return perOwnerAndType(this.counted, owner, parent, () => this.collectOnce(owner, parent, selectionSets).filter((field) => {
      field.named = getNamedType(field.definition.type);
      return this.weight(field, field.named, isMutationRoot) > 0 || isCompositeType(field.named);
    }));
  }

  /**
   * `collect` once per selection and runtime type: an answer repeats the same selection for every
   * item of its lists (a hundred members, five records each), and collecting it again for each item
   * made counting an answer cost a tenth of the gateway's CPU on a dossier.
   */
  private collectOnce(owner: object, parent: GraphQLCompositeType, selectionSets: SelectionSetNode[]): Collected[] {
    return perOwnerAndType(this.collected, owner, parent, () => this.collect(parent, selectionSets));
  }

  /** Kept on the collected field: an answer asks it once per item of each list. */
  private weight(field: Collected, named: GraphQLNamedType, isMutationRoot: boolean): number {
    if (field.weight !== undefined) return field.weight;
    const own = this.directives.fieldWeight.get(`${field.parent.name}.${field.definition.name}`);
    field.weight = own ?? (isMutationRoot ? 10 : this.directives.typeWeight.get(named.name) ?? (isCompositeType(named) ? 1 : 0));
    return field.weight;
  }

  /** The largest slicing argument the field was given, else its assumed size. */
  private expectedSize(field: Collected, listSize: { assumedSize: number | null; slicingArguments: string[] } | undefined): number | null {
    if (!listSize) return null;
    let size: number | null = null;
    for (const name of listSize.slicingArguments) {
      const given = this.argument(field, name);
      if (typeof given === 'number' && Number.isFinite(given)) size = Math.max(size ?? 0, given);
    }
    return size ?? listSize.assumedSize;
  }

  private argument(field: Collected, name: string): unknown {
    const node = field.nodes[0].arguments?.find((a) => a.name.value === name);
    if (node) {
      if (node.value.kind === Kind.VARIABLE) return this.variables[node.value.name.value];
      return valueFromASTUntyped(node.value, this.variables);
    }
    return field.definition.args.find((a) => a.name === name)?.defaultValue;
  }

  /**
   * Fields by response key, through fragments, as execution merges them for `parent`. Under an
   * abstract type, each object type's fragments are a branch of their own: the same key on two
   * members of a union is two fields (only one applies to each item), and counting the first one's
   * size for both let a cheap branch hide a heavy one. Fragments that cannot apply to an object
   * type (an answer's item of a known type) are left out.
   */
  private collect(parent: GraphQLCompositeType, selectionSets: SelectionSetNode[]): Collected[] {
    const byKey = new Map<string, Collected>();
    const visited = new Set<string>();
    const walk = (type: GraphQLCompositeType, selectionSet: SelectionSetNode, branch: string) => {
      for (const selection of selectionSet.selections) {
        if (!this.included(selection)) continue;
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          const key = selection.alias?.value ?? selection.name.value;
          const existing = byKey.get(branch + key);
          if (existing) { existing.nodes.push(selection); continue; }
          const definition = 'getFields' in type ? type.getFields()[selection.name.value] : undefined;
          if (definition) byKey.set(branch + key, { key, nodes: [selection], definition, parent: type });
          continue;
        }
        let condition: GraphQLNamedType | null | undefined;
        let selections: SelectionSetNode;
        if (selection.kind === Kind.INLINE_FRAGMENT) {
          condition = selection.typeCondition ? this.schema.getType(selection.typeCondition.name.value) : type;
          selections = selection.selectionSet;
        } else {
          const fragment = this.fragments.get(selection.name.value);
          if (!fragment || visited.has(fragment.name.value)) continue;
          visited.add(fragment.name.value);
          condition = this.schema.getType(fragment.typeCondition.name.value);
          selections = fragment.selectionSet;
        }
        const within = isCompositeType(condition) ? condition : type;
        if (!this.applies(within, type)) continue;
        // Under an object type, its fields whatever the fragment's condition; under an abstract one, the condition's branch.
        if (!isAbstractType(type) || within === type) walk(type, selections, branch);
        else walk(within, selections, `${within.name}:`);
      }
    };
    for (const selectionSet of selectionSets) walk(parent, selectionSet, '');
    return [...byKey.values()];
  }

  /** False for a selection `@skip(if: true)` or `@include(if: false)` leaves out of the answer (literal or variable). */
  private included(selection: SelectionNode): boolean {
    try {
      if (getDirectiveValues(GraphQLSkipDirective, selection, this.variables)?.if === true) return false;
      return getDirectiveValues(GraphQLIncludeDirective, selection, this.variables)?.if !== false;
    } catch {
      return true; // a condition that cannot be read is counted, as if the selection were in
    }
  }

  /** Whether a fragment on `condition` can apply where the type is `type` (always, when `type` is abstract: its items may be any member). */
  private applies(condition: GraphQLCompositeType, type: GraphQLCompositeType): boolean {
    if (isAbstractType(type) || condition === type) return true;
    return isAbstractType(condition) && this.schema.isSubType(condition, type as GraphQLObjectType);
  }
}

/** What `make` gives for an owner (the operation, or a collected field) and runtime type, made once. */
function perOwnerAndType(cache: WeakMap<object, Map<string, Collected[]>>, owner: object, type: GraphQLCompositeType, make: () => Collected[]): Collected[] {
  let byType = cache.get(owner);
  if (!byType) cache.set(owner, (byType = new Map()));
  let fields = byType.get(type.name);
  if (!fields) byType.set(type.name, (fields = make()));
  return fields;
}

function isList(type: GraphQLType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function selectionSetsOf(nodes: FieldNode[]): SelectionSetNode[] {
  return nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
}
