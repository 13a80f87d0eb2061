// The suite's summary: requests per kind (per second, p50/p99, acknowledged, answers by status) and the
// faults it survived, printed as tables.
import type { LoadResult } from './load.ts';

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => [...r[i]!].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function printTable(result: LoadResult, faults: { fault: string; at: number; detail: string }[]): void {
  const kinds = Object.entries(result.kinds).map(([kind, k]) => [
    kind,
    k.requests,
    k.perSecond,
    k.p50,
    k.p99,
    k.acknowledged,
    Object.entries(k.statuses)
      .map(([status, n]) => `${status === '0' ? 'no answer' : status}×${n}`)
      .join(' '),
  ]);
  console.log(
    [
      `load: ${result.seconds.toFixed(0)} s`,
      table(['kind', 'requests', 'per s', 'p50 ms', 'p99 ms', 'acknowledged writes', 'answers'], kinds),
      '',
      table(
        ['at s', 'fault', 'what happened'],
        faults.map((f) => [f.at, f.fault, f.detail]),
      ),
      '',
      `idempotent replays of acknowledged creates: ${result.replays}, answered with another case: ${result.replayMismatches}`,
    ].join('\n'),
  );
}
