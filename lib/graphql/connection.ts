import { ArgsType, ClassType, Directive, Field, Int, ObjectType } from 'type-graphql';
import { badUserInput } from './errors';
import { RecordPointer } from '../handling/labels';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ObjectType()
@Directive('@shareable')
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size, at most ${MAX_PAGE_SIZE}.` })
  first?: number;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string;
}

export interface PageWindow {
  offset: number;
  limit: number;
}

/** Cursors are opaque to callers; inside they are positions in a stable ordering. */
export function encodeCursor(position: number): string {
  return Buffer.from(`pos:${position}`).toString('base64url');
}

export function pageWindow(args: PageArgs): PageWindow {
  const limit = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw badUserInput(`"first" must be between 0 and ${MAX_PAGE_SIZE}; got ${limit}. Page through larger lists with "after".`, 'first');
  }
  if (args.after === undefined || args.after === null) return { offset: 0, limit };
  const match = /^pos:(\d{1,9})$/.exec(Buffer.from(args.after, 'base64url').toString());
  if (!match) throw badUserInput('"after" is not a cursor this API issued: pass the endCursor of the previous page.', 'after');
  return { offset: Number(match[1]), limit };
}

export interface Page<T> {
  nodes: T[];
  totalCount: number;
  offset: number;
}

export interface ConnectionShape<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: PageInfo;
  totalCount: number;
  pointers?: RecordPointer[];
}

export function toConnection<T>(page: Page<T>): ConnectionShape<T> {
  const edges = page.nodes.map((node, i) => ({ node, cursor: encodeCursor(page.offset + i + 1) }));
  return {
    edges,
    pointers: [],
    totalCount: page.totalCount,
    pageInfo: {
      hasNextPage: page.offset + page.nodes.length < page.totalCount,
      hasPreviousPage: page.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Builds `<Name>Connection` and `<Name>Edge` for a node type. */
export function Connection<T extends object>(NodeClass: ClassType<T>, name: string = NodeClass.name) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => NodeClass)
    node!: T;

    @Field()
    cursor!: string;
  }

  @ObjectType()
  abstract class ConnectionType implements ConnectionShape<T> {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many records of the list are released to you.' })
    totalCount!: number;

    @Field(() => [RecordPointer], { description: 'Agencies holding further records here that are not released to you, and whom to contact.' })
    pointers!: RecordPointer[];
  }
  return ConnectionType;
}
