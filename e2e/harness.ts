// Browser-test harness: the real server as a child process on a fresh data directory, and
// Debian's Chromium through playwright-core. It builds nothing: web/dist must exist.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'e2e', 'screenshots');
export const DEMO_PASSWORD = 'e2e-Demo-Passw0rd';

const HEALTH_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 10_000;
const LOG_TAIL_CHARS = 20_000;
const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  /** The last lines the server wrote, for failure messages. */
  logTail: () => string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess, logTail: () => string): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited(child)) {
      throw new Error(`The server exited (code ${child.exitCode}, signal ${child.signalCode}) before it was healthy:\n${logTail()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The server was not healthy within ${HEALTH_TIMEOUT_MS / 1000} s:\n${logTail()}`);
}

/** Starts `node --import tsx server/src/main.ts` on a free port and a fresh data directory. */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  if (!existsSync(path.join(REPO_ROOT, 'web', 'dist', 'index.html'))) {
    throw new Error('web/dist is missing: build the web app first (npm run build)');
  }
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'gongzhi-e2e-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      GONGZHI_DATA_DIR: dataDir,
      GONGZHI_DEMO_PASSWORD: DEMO_PASSWORD,
      GONGZHI_LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      // The browser flows sign in and take in cases faster than people do: the abuse limits are lifted.
      GONGZHI_LOGIN_USERNAME_LIMIT_PER_MINUTE: '100000',
      GONGZHI_INTAKE_ACCOUNT_LIMIT_PER_MINUTE: '100000',
      GONGZHI_INTAKE_API_KEY_LIMIT_PER_MINUTE: '100000',
      GONGZHI_INTAKE_ADDRESS_LIMIT_PER_MINUTE: '100000',
      GONGZHI_PUBLIC_INTAKE_LIMIT_PER_MINUTE: '100000',
      GONGZHI_FLAGGED_NUMBER_LIMIT_PER_DAY: '100000',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-LOG_TAIL_CHARS);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const logTail = () => log;

  const stop = async () => {
    if (!exited(child)) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, STOP_GRACE_MS))) {
        child.kill('SIGKILL');
        await waitForExit(child, STOP_GRACE_MS);
      }
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(baseUrl, child, logTail);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, dataDir, logTail, stop };
}

/** Launches Debian's Chromium headless. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium fonts-wqy-zenhei`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Saves a full-viewport screenshot (or the whole scrolled page) to e2e/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}
