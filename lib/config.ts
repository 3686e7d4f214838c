import path from 'node:path';

/** The project root, whether running from sources (ts-jest) or from dist/. */
export const projectRoot = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');

/** Where key material and the embedded database live; tests point it elsewhere. */
export function dataDir(): string {
  return path.resolve(process.env.UNITY_DATA_DIR ?? path.join(projectRoot, '.data'));
}

export function gatewayPort(): number {
  return intFromEnv('PORT', 4000);
}

export function isProduction(): boolean {
  return process.env.NODE_ENV === 'production';
}

export function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}
