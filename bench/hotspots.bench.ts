// Hotspots on real and constructed data, in this process on one core:
// 1. The TipDM messages with votes (4,326, 2017-2020): clustered by text as the hotspots' text clusters are (the
//    classifier's gram vectors, plain TF, cosine ≥ 0.5, connected components). Do the messages in clusters of three or
//    more — the problems many wrote about — gather more 点赞 than the rest? Median and mean votes of each side, the share
//    of messages with any vote, and the largest clusters with their terms.
// 2. The time of a detection run (all four kinds, the rules alone) at the demo city's scale: the constructed city of
//    the tests (20 grids × 4 categories over 62 weeks, ≈7,500 cases) and a demo-sized one (3,600 cases over 180 days in
//    about 600 grids, real texts from the votes file), medians of several rounds.
// Run: npm run bench -- hotspots   (or npx tsx bench/hotspots.bench.ts)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { columnIndex, parseCsv } from '../server/src/modules/classifier/classifier.csv.ts';
import { EXAMPLE_NOW, exampleCases } from '../server/src/modules/hotspots/hotspots.example.ts';
import {
  defaultDetectOptions,
  detectHotspots,
  textClusters,
  topTerms,
  type CaseFact,
} from '../server/src/modules/hotspots/hotspots.rules.ts';
import { createRandom } from '../server/src/lib/random.ts';
import { median, root } from './lib.ts';

const VOTES_FILE = process.env.BENCH_VOTES_FILE ?? path.resolve(root, '../shared/data/complaints/tipdm2020c_messages_votes_4326.csv');
const ROUNDS = 5;
const DAY_MS = 86_400_000;

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

function timeMs(work: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return round(median(times), 1);
}

/** A demo-sized city: 3,600 cases over 180 days, 600 grids, 40 categories, texts drawn from real messages. */
function demoSized(texts: readonly string[]): CaseFact[] {
  const rng = createRandom(411_600);
  return Array.from({ length: 3_600 }, (_, i) => ({
    id: `c${i}`,
    receivedAt: new Date(EXAMPLE_NOW.getTime() - rng() * 180 * DAY_MS),
    regionPath: `411600/411602/${Math.floor(rng() * 600)}/`,
    categoryCode: `c${Math.floor(rng() * 40)}`,
    text: texts[Math.floor(rng() * texts.length)]!,
    address: null,
    lng: 114.6 + rng() * 0.2,
    lat: 33.6 + rng() * 0.2,
    reporterPhone: `139${String(Math.floor(rng() * 1e8)).padStart(8, '0')}`,
  }));
}

export async function run(): Promise<Record<string, number | string>> {
  const table = parseCsv(readFileSync(VOTES_FILE), VOTES_FILE);
  const [subjectAt, bodyAt, votesAt] = ['留言主题', '留言详情', '点赞数'].map((c) => columnIndex(table, c));
  const messages = table.rows.map((r) => ({ text: `${r[subjectAt]} ${r[bodyAt]!.replace(/\s+/g, '')}`, votes: Number(r[votesAt]) || 0 }));
  const texts = messages.map((m) => m.text);

  const started = performance.now();
  const clusters = textClusters(texts, defaultDetectOptions.textMinCosine);
  const clusterSeconds = (performance.now() - started) / 1000;
  const inLarge = new Set(clusters.filter((c) => c.length >= 3).flat());
  const largeVotes = messages.filter((_, i) => inLarge.has(i)).map((m) => m.votes);
  const restVotes = messages.filter((_, i) => !inLarge.has(i)).map((m) => m.votes);
  const largest = [...clusters].sort((a, b) => b.length - a.length).slice(0, 5);
  for (const cluster of largest) {
    const votes = cluster.map((i) => messages[i]!.votes);
    console.log(
      `cluster of ${cluster.length}: votes median ${median(votes)}, sum ${votes.reduce((s, v) => s + v, 0)}; terms ${topTerms(
        cluster.map((i) => texts[i]!),
        texts,
      ).join(' ')}`,
    );
  }

  const example = exampleCases();
  const exampleStart = example.reduce((m, c) => (c.receivedAt < m ? c.receivedAt : m), EXAMPLE_NOW);
  const demo = demoSized(texts);
  return {
    messages: messages.length,
    'clusters (≥2)': clusters.length,
    'clusters ≥3': clusters.filter((c) => c.length >= 3).length,
    'messages in clusters ≥3': inLarge.size,
    'votes median, in clusters ≥3': median(largeVotes),
    'votes median, the rest': median(restVotes),
    'votes mean, in clusters ≥3': round(mean(largeVotes)),
    'votes mean, the rest': round(mean(restVotes)),
    'share with a vote, in clusters ≥3': round(largeVotes.filter((v) => v > 0).length / Math.max(1, largeVotes.length), 3),
    'share with a vote, the rest': round(restVotes.filter((v) => v > 0).length / Math.max(1, restVotes.length), 3),
    'clustering 4,326 messages (s)': round(clusterSeconds),
    'detection, constructed city (cases)': example.length,
    'detection, constructed city (ms, median)': timeMs(() => detectHotspots(example, EXAMPLE_NOW, exampleStart)),
    'detection, demo-sized city (cases)': demo.length,
    'detection, demo-sized city (ms, median)': timeMs(() =>
      detectHotspots(demo, EXAMPLE_NOW, new Date(EXAMPLE_NOW.getTime() - 180 * DAY_MS)),
    ),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
