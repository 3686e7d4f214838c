import { ApolloServer } from '@apollo/server';
import { ApolloGateway, Experimental_DidResolveQueryPlanCallback, GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { signSubgraphRequest, SUBGRAPH_TOKEN_HEADER } from '../lib/identity/subgraph-trust';
import { SIGN_AS_HEADER, signingFetch } from '../gateway/subgraph-fetch';
import type { Caller } from '../lib/identity/caller';
import { withoutEnforcedSecurityFeatures } from '../gateway/need-to-know-gateway';
import { summarize } from './latency';
import type { LoadResult } from './load';

/**
 * The floor: what one operation costs with no gateway at all. The gateway's query plan for the
 * operation is captured once, with the exact request each fetch sent; the floor then replays those
 * requests straight to the subgraphs, in sequence and in parallel exactly as the plan orders them.
 * Whatever the gateway adds on top (parsing, authorization, planning lookups, merging, audit) is
 * the difference between the two.
 */
export type PlanStep =
  | { kind: 'fetch'; subgraph: string; body: string }
  | { kind: 'sequence' | 'parallel'; steps: PlanStep[] };

type QueryPlan = Parameters<Experimental_DidResolveQueryPlanCallback>[0]['queryPlan'];
interface PlanNode {
  kind: string;
  nodes?: PlanNode[];
  node?: PlanNode;
  serviceName?: string;
  operation?: string;
}

class RecordingDataSource extends RemoteGraphQLDataSource {
  constructor(readonly name: string, url: string, private readonly caller: Caller, private readonly sent: Map<string, string[]>) {
    super({ url });
    // Each fetch is signed for its body, as the gateway signs it (lib/identity/subgraph-trust.ts).
    this.fetcher = signingFetch(name, globalThis.fetch) as never;
  }

  override async willSendRequest({ request }: GraphQLDataSourceProcessOptions): Promise<void> {
    request.http!.headers.set(SIGN_AS_HEADER, JSON.stringify({ caller: this.caller, requestId: 'bench-floor' }));
    const key = `${this.name}\n${request.query}`;
    const queue = this.sent.get(key) ?? [];
    queue.push(JSON.stringify({ query: request.query, variables: request.variables }));
    this.sent.set(key, queue);
  }
}

/** Runs the operation once through a plain Apollo gateway, keeping its plan and every subgraph request it sent. */
export async function capturePlan(supergraphSdl: string, subgraphUrls: Record<string, string>, caller: Caller, query: string, variables: Record<string, unknown>): Promise<PlanStep> {
  const sent = new Map<string, string[]>();
  let plan: QueryPlan | undefined;
  const gateway = new ApolloGateway({
    supergraphSdl: withoutEnforcedSecurityFeatures(supergraphSdl),
    buildService: ({ name }) => new RecordingDataSource(name, subgraphUrls[name], caller, sent),
    experimental_didResolveQueryPlan: ({ queryPlan }) => (plan = queryPlan),
  });
  const server = new ApolloServer({ gateway: gateway as never });
  await server.start();
  try {
    const response = await server.executeOperation({ query, variables });
    const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
    if (!result?.data || result.errors?.length) throw new Error(`capturing the plan failed: ${JSON.stringify(result?.errors ?? 'no data')}`);
  } finally {
    await server.stop();
  }
  const step = plan?.node ? toStep(plan.node as unknown as PlanNode, sent) : undefined;
  if (!step) throw new Error('the operation produced no query plan');
  return step;
}

function toStep(node: PlanNode, sent: Map<string, string[]>): PlanStep | undefined {
  switch (node.kind) {
    case 'Fetch': {
      // A fetch with no entities to resolve is skipped by the gateway, and so by the floor.
      const body = sent.get(`${node.serviceName}\n${node.operation}`)?.shift();
      return body ? { kind: 'fetch', subgraph: node.serviceName!, body } : undefined;
    }
    case 'Flatten':
      return toStep(node.node!, sent);
    case 'Sequence':
    case 'Parallel': {
      const steps = node.nodes!.map((n) => toStep(n, sent)).filter((s): s is PlanStep => s !== undefined);
      return { kind: node.kind === 'Sequence' ? 'sequence' : 'parallel', steps };
    }
    default:
      throw new Error(`the floor cannot replay a ${node.kind} plan node`);
  }
}

export function countFetches(step: PlanStep): number {
  return step.kind === 'fetch' ? 1 : step.steps.reduce((n, s) => n + countFetches(s), 0);
}

export interface FetchTiming {
  subgraph: string;
  /** The fetch's depth in the plan: fetches of one stage run in parallel, stages one after another. */
  stage: number;
  /** Median over the rounds, one client. */
  ms: number;
  responseBytes: number;
  /** Entities (representations) the fetch asks for, 0 for a root fetch. */
  representations: number;
}

/**
 * Where a first read's time goes: each fetch of the plan, sent alone and in sequence `rounds`
 * times with nothing else running, with its median time and response size.
 */
export async function breakDownFloor(plan: PlanStep, subgraphUrls: Record<string, string>, caller: Caller, options: { rounds: number; headers?: Record<string, string> }): Promise<FetchTiming[]> {
  const fetches: { subgraph: string; body: string; stage: number }[] = [];
  const walk = (step: PlanStep, stage: number): number => {
    if (step.kind === 'fetch') {
      fetches.push({ subgraph: step.subgraph, body: step.body, stage });
      return stage + 1;
    }
    if (step.kind === 'parallel') return Math.max(stage, ...step.steps.map((s) => walk(s, stage)));
    return step.steps.reduce((at, s) => walk(s, at), stage);
  };
  walk(plan, 0);
  const timings: number[][] = fetches.map(() => []);
  const bytes: number[] = fetches.map(() => 0);
  for (let round = 0; round < options.rounds; round++) {
    for (const [i, f] of fetches.entries()) {
      const signature = await signFetch(f, caller);
      const began = performance.now();
      const { text } = await sendFetch(f, signature, subgraphUrls, options.headers);
      timings[i].push(performance.now() - began);
      bytes[i] = text.length;
    }
  }
  return fetches.map((f, i) => ({
    subgraph: f.subgraph, stage: f.stage, ms: summarize(timings[i]).p50, responseBytes: bytes[i],
    representations: (JSON.parse(f.body).variables?.representations ?? []).length,
  }));
}

/** A fetch's signature for its body, good once, as the gateway signs (lib/identity/subgraph-trust.ts). */
function signFetch(fetchStep: { subgraph: string; body: string }, caller: Caller): Promise<string> {
  return signSubgraphRequest(fetchStep.subgraph, { caller, requestId: 'bench-floor' }, { endpoint: 'graphql', body: fetchStep.body });
}

/** One of the plan's fetches, sent straight to its subgraph. */
async function sendFetch(fetchStep: { subgraph: string; body: string }, signature: string, subgraphUrls: Record<string, string>, headers?: Record<string, string>): Promise<{ status: number; text: string }> {
  const response = await fetch(subgraphUrls[fetchStep.subgraph], {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers, [SUBGRAPH_TOKEN_HEADER]: signature }, body: fetchStep.body,
  });
  return { status: response.status, text: await response.text() };
}

/** Replays the plan from `connections` concurrent clients for `seconds`. */
export async function driveFloor(plan: PlanStep, subgraphUrls: Record<string, string>, caller: Caller, options: { connections: number; seconds: number; headers?: Record<string, string> }): Promise<LoadResult> {
  // Each request is signed for its body and once, as the gateway signs (a signature is good for one request only).
  let errors = 0;
  const send = async (fetchStep: { subgraph: string; body: string }) => {
    try {
      const { status, text } = await sendFetch(fetchStep, await signFetch(fetchStep, caller), subgraphUrls, options.headers);
      if (status !== 200 || text.includes('"errors"')) errors += 1;
    } catch {
      errors += 1;
    }
  };
  const run = async (step: PlanStep): Promise<void> => {
    if (step.kind === 'fetch') return send(step);
    if (step.kind === 'parallel') {
      await Promise.all(step.steps.map(run));
      return;
    }
    for (const s of step.steps) await run(s);
  };
  const latencies: number[] = [];
  const deadline = Date.now() + options.seconds * 1000;
  await Promise.all(Array.from({ length: options.connections }, async () => {
    while (Date.now() < deadline) {
      const began = performance.now();
      await run(plan);
      latencies.push(performance.now() - began);
    }
  }));
  return { requests: latencies.length, perSecond: Math.round((latencies.length / options.seconds) * 10) / 10, latency: summarize(latencies), errors };
}
