// The `gongzhi` command as a user runs it: a child process on a real database.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { engine } from './harness.ts';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../bin/gongzhi.mjs');

function databaseEnv(): Record<string, string> {
  if (engine() === 'postgres') return { DATABASE_URL: inject('testDatabaseUrl') };
  return { GONGZHI_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-cli-')) };
}

async function gongzhi(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npx gongzhi', () => {
  it('migrates and verifies the audit chains', async () => {
    const env = databaseEnv();
    const migrated = await gongzhi(['migrate'], env);
    expect(migrated.stdout).toContain(`migrations applied (${engine()})`);
    const verified = await gongzhi(['audit', 'verify'], env);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/chain intact|no cities yet/);
    expect(verified.stdout).not.toContain('BROKEN');
  });

  it('explains itself and refuses unknown commands', async () => {
    expect((await gongzhi(['--help'], {})).stdout).toContain('gongzhi migrate');
    const unknown = await gongzhi(['fly'], { GONGZHI_DATA_DIR: os.tmpdir() });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command');
  });
});
