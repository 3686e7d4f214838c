#!/usr/bin/env node
import fs from 'node:fs';
import { parseArgs } from '../lib/cli-args';
import { REGISTERED_OPERATIONS, RegisteredOperation, operationDocument } from '../operations';
import { flatten, Json, rowsOf, toCsv } from '../lib/export/tabular';

const USAGE = `Usage: unity-table query <${REGISTERED_OPERATIONS.join('|')}|file.graphql> [--var name=value ...] [--format json|ndjson|csv] [--all] [--url URL]

  The token comes from UNITY_TOKEN (npm run --silent token -- --agency HSI).
  --var     a variable; the value is parsed as JSON when it can be (numbers, true, {...}), else taken as text
  --format  json (default): the whole answer; ndjson: one line per row; csv: one flattened row per row (dotted columns). The rows are
            the nodes of the answer's nearest connection, or the elements of its nearest list (searchTargets: one row per match)
  --all     follow every page of the connection (the operation must take an $after variable); progress on stderr
  --url     the gateway (default UNITY_URL or http://localhost:4000/graphql)

Exit codes: 0 success, 2 partial data (errors present), 1 failure.`;

function parseVariables(raw: string | true | undefined, all: string[]): Record<string, Json> {
  const variables: Record<string, Json> = {};
  for (const assignment of all) {
    const at = assignment.indexOf('=');
    if (at < 1) throw new Error(`--var ${assignment}: write it as name=value`);
    const value = assignment.slice(at + 1);
    try {
      variables[assignment.slice(0, at)] = JSON.parse(value);
    } catch {
      variables[assignment.slice(0, at)] = value;
    }
  }
  return variables;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv[0] !== 'query' || !argv[1] || argv.includes('--help')) {
    console.error(USAGE);
    return argv.includes('--help') ? 0 : 1;
  }
  const args = parseArgs(argv.slice(2));
  const vars = argv.flatMap((a, i) => (a === '--var' ? [argv[i + 1]] : a.startsWith('--var=') ? [a.slice(6)] : []));
  const target = argv[1];
  const document = (REGISTERED_OPERATIONS as readonly string[]).includes(target) ? operationDocument(target as RegisteredOperation)
    : fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
  if (!document) {
    console.error(`"${target}" is neither a canonical operation nor a readable .graphql file.\n\n${USAGE}`);
    return 1;
  }
  const format = String(args.format ?? 'json');
  if (!['json', 'ndjson', 'csv'].includes(format)) {
    console.error(`--format must be json, ndjson or csv.\n\n${USAGE}`);
    return 1;
  }
  const token = process.env.UNITY_TOKEN;
  if (!token) {
    console.error('Set UNITY_TOKEN to a bearer token: export UNITY_TOKEN=$(npm run --silent token -- --agency HSI)');
    return 1;
  }
  const url = String(args.url ?? process.env.UNITY_URL ?? 'http://localhost:4000/graphql');
  const variables = parseVariables(args.var, vars);

  const send = async (extra: Record<string, Json>) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: document, variables: { ...variables, ...extra } }),
    });
    const body = (await response.json().catch(() => ({ errors: [{ message: `HTTP ${response.status}` }] }))) as { data?: Json; errors?: { message: string }[] };
    return { status: response.status, ...body };
  };

  let answer = await send({});
  const errors = [...(answer.errors ?? [])];
  let connection = answer.data ? rowsOf(answer.data) : null;
  const nodes = connection ? [...connection.rows] : [];
  if (args.all && connection?.kind === 'connection') {
    if (!/\$after\b/.test(document)) {
      console.error('--all needs an operation that takes $after (pass it to the connection\'s "after" argument).');
      return 1;
    }
    while (connection?.pageInfo?.hasNextPage && connection.pageInfo.endCursor) {
      const total = connection.totalCount ?? 0;
      const done = nodes.length;
      const width = 30;
      const filled = total ? Math.round((done / total) * width) : 0;
      process.stderr.write(`\r[${'='.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total || '?'}`);
      answer = await send({ after: connection.pageInfo.endCursor });
      errors.push(...(answer.errors ?? []));
      connection = answer.data ? rowsOf(answer.data) : null;
      nodes.push(...(connection?.rows ?? []));
    }
    process.stderr.write(`\r${' '.repeat(50)}\r${nodes.length} records\n`);
  }

  if (format === 'json') {
    const data = connection && args.all ? { ...(answer.data as object), [connection.path.join('.')]: { totalCount: connection.totalCount, nodes } } : answer.data;
    process.stdout.write(`${JSON.stringify({ data: data ?? null, ...(errors.length ? { errors } : {}) }, null, 2)}\n`);
  } else {
    const rows = connection ? nodes : answer.data ? [answer.data] : [];
    if (format === 'ndjson') for (const row of rows) process.stdout.write(`${JSON.stringify(row)}\n`);
    else process.stdout.write(toCsv(rows.map((row) => flatten(row))));
    for (const error of errors) process.stderr.write(`error: ${error.message}\n`);
  }
  // Nothing answered at all (no data, or every top-level field null) is a failure, not partial data.
  const answered = answer.data && typeof answer.data === 'object' && Object.values(answer.data as object).some((v) => v !== null);
  if (!answered) return 1;
  return errors.length ? 2 : 0;
}

if (require.main === module) {
  main().then((code) => process.exit(code), (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
