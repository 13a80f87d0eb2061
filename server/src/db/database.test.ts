import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';

describe('the embedded data directory', () => {
  it('admits one server process at a time and takes over a stale lock', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-lock-'));
    fs.writeFileSync(path.join(dir, 'gongzhi.lock'), '1'); // pid 1 is alive and not us
    expect(() => acquireDataDirLock(dir)).toThrow(/in use by process 1/);
    fs.writeFileSync(path.join(dir, 'gongzhi.lock'), '999999999'); // no such process
    const release = acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, 'gongzhi.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, 'gongzhi.lock'))).toBe(false);
  });
});

describe('configuration', () => {
  it('has working defaults and never loads demo data in production', () => {
    const dev = loadConfig({});
    expect(dev).toMatchObject({ port: 3000, loadDemo: true, databaseUrl: undefined });
    expect(dev.dataDir).toBe(path.resolve('./data'));
    expect(loadConfig({ NODE_ENV: 'production', GONGZHI_DEMO: 'on' }).loadDemo).toBe(false);
    expect(loadConfig({ GONGZHI_DEMO: 'off' }).loadDemo).toBe(false);
  });

  it('stops with every problem named', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', GONGZHI_DEMO_PASSWORD: 'short' })).toThrow(
      /PORT[\s\S]*DATABASE_URL: must start with postgres:\/\/[\s\S]*GONGZHI_DEMO_PASSWORD/,
    );
  });
});
