// Reads a V8 CPU profile (`node --cpu-prof`) and says where the time went: self time by package or
// project module, self time by function, and time including callees for the project's functions.
import fs from 'node:fs';
import path from 'node:path';
import { root, serverDir } from './lib.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  name: string;
  ms: number;
  percent: number;
}

/** A file of the server under test relative to its checkout (the working tree or an exported commit). */
function relative(url: string): string {
  if (!url.startsWith('file://')) return url;
  const file = url.slice(7);
  return path.relative(file.startsWith(serverDir) ? serverDir : root, file);
}

/** node_modules/<package>, server/src/<dir>/<dir>, node:internal, or the V8 pseudo-frames ((garbage collector), (program)). */
function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const file = relative(url);
  const inModules = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (inModules) return inModules[1]!;
  if (file.startsWith('server/src/') || file.startsWith('contracts/src/')) return file.split('/').slice(0, 4).join('/');
  return file.startsWith('node:') ? 'node internals' : file;
}

const frameName = (node: ProfileNode): string =>
  `${node.callFrame.functionName || '(anonymous)'} ${relative(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;

function table(totals: Map<string, number>, all: number, top: number): ProfileRow[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, ms: Math.round(us / 1000), percent: Math.round((us / all) * 1000) / 10 }));
}

/** Time per area, per function (self) and per project function (with callees), as shares of the busy (non-idle) time. */
export function summariseProfile(
  file: string,
  top = 15,
): { busyMs: number; areas: ProfileRow[]; self: ProfileRow[]; inclusive: ProfileRow[] } {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const areas = new Map<string, number>();
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') return;
    busy += us;
    const area = areaOf(node.callFrame.url, node.callFrame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    self.set(frameName(node), (self.get(frameName(node)) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!;
      if (!relative(frame.callFrame.url).startsWith('server/src/')) continue;
      const name = frameName(frame);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  });
  return {
    busyMs: Math.round(busy / 1000),
    areas: table(areas, busy, top),
    self: table(self, busy, top),
    inclusive: table(inclusive, busy, top),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const summary = summariseProfile(process.argv[2]!, Number(process.argv[3] ?? 20));
  console.log(`busy ${summary.busyMs} ms`);
  for (const key of ['areas', 'self', 'inclusive'] as const) {
    console.log(`\n${key}`);
    console.table(summary[key]);
  }
}
