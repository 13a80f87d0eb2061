// The suite's own PostgreSQL server, so that it may restart it and cut it off without touching anyone
// else's: a cluster made with initdb in a temporary directory, on a free loopback port, run by the
// `postgres` user when the suite runs as root (PostgreSQL refuses to run as root). And a TCP proxy in
// front of it that can refuse connections for a while (the database "gone" as a server sees it).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../bench/lib.ts';

export interface PrivatePostgres {
  port: number;
  url(database?: string): string;
  /** Stops at once (as if the machine lost power: crash recovery at the next start) and starts again. */
  restart(): void;
  stop(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => path.join(root, v, 'bin')).find((dir) => fs.existsSync(path.join(dir, 'initdb')));
  if (!found) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)');
  return found;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : path.join(bin, tool), asRoot ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: os.tmpdir(),
    });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-reliability-pg-'));
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  run('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB`;
  const start = () => run('pg_ctl', ['-D', dir, '-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  start();
  return {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    restart: () => {
      run('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']);
      start();
    },
    stop: () => {
      try {
        run('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export interface Proxy {
  port: number;
  /** Closes every open connection and refuses new ones for `ms` milliseconds. */
  cut(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** A loopback TCP proxy to `targetPort`. */
export async function startProxy(targetPort: number): Promise<Proxy> {
  const port = await freePort();
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen();
  return {
    port,
    cut: async (ms) => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      });
      await new Promise((r) => setTimeout(r, ms));
      await listen();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
