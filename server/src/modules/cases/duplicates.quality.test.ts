// Near-duplicate text on real messages (TipDM 2020 C, ../shared/data): positive pairs are two messages with the same
// subject (留言主题, punctuation dropped) but different bodies — the same problem reported twice; negative pairs are
// messages from the same district (A3区 …) with different subjects. Compares the old character-bigram Dice with the
// cosine over the classifier's gram vectors (plain TF and the idf of a model trained on the training file) and
// checks the threshold in duplicates.rules keeps precision and recall.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnIndex, parseCsv } from '../classifier/classifier.csv.ts';
import { trainClassifier } from '../classifier/classifier.model.ts';
import { cosine, modelWeight, plainWeight, textVector, type GramWeight } from '../classifier/index.ts';
import { DUPLICATE_MIN_SIMILARITY } from './duplicates.rules.ts';

const DATA = path.resolve(import.meta.dirname, '../../../../../shared/data/complaints');
const FILES = ['tipdm2020c_messages_votes_4326.csv', 'tipdm2020c_messages_replies_2816.csv', 'tipdm2020c_sample_495.csv'];
const present = FILES.every((f) => existsSync(path.join(DATA, f)));

interface Message {
  id: string;
  subject: string;
  body: string;
}

function readMessages(): Message[] {
  const byId = new Map<string, Message>();
  for (const file of FILES) {
    const table = parseCsv(readFileSync(path.join(DATA, file)));
    const [id, subject, body] = ['留言编号', '留言主题', '留言详情'].map((c) => columnIndex(table, c));
    for (const row of table.rows) {
      if (!byId.has(row[id]))
        byId.set(row[id], { id: row[id], subject: row[subject].replace(/[\s\p{P}\p{S}]/gu, ''), body: row[body].replace(/\s/g, '') });
    }
  }
  return [...byId.values()];
}

/** Deterministic pairs: every same-subject pair with different bodies; same-district pairs of other subjects, 10 per positive. */
export function buildPairs(messages: readonly Message[]): { a: string; b: string; same: boolean }[] {
  const bySubject = new Map<string, Message[]>();
  for (const m of messages) bySubject.set(m.subject, [...(bySubject.get(m.subject) ?? []), m]);
  const pairs: { a: string; b: string; same: boolean }[] = [];
  for (const group of bySubject.values()) {
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++)
        if (group[i].body !== group[j].body) pairs.push({ a: group[i].body, b: group[j].body, same: true });
  }
  const positives = pairs.length;
  const byDistrict = new Map<string, Message[]>();
  for (const m of messages) {
    const district = /A\d+区|A市|[A-Z]\d*县/.exec(m.subject)?.[0];
    if (district) byDistrict.set(district, [...(byDistrict.get(district) ?? []), m]);
  }
  const pools = [...byDistrict.values()].filter((p) => p.length > 1);
  let seed = 7;
  const next = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
  while (pairs.length < positives * 11) {
    const pool = pools[next(pools.length)];
    const a = pool[next(pool.length)];
    const b = pool[next(pool.length)];
    if (a.subject !== b.subject && a.body !== b.body) pairs.push({ a: a.body, b: b.body, same: false });
  }
  return pairs;
}

/** The old measure: Dice over character-bigram sets. */
function dice(a: string, b: string): number {
  const grams = (t: string) => {
    const chars = [...t.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '')];
    const set = new Set<string>();
    for (let i = 0; i + 1 < chars.length; i++) set.add(chars[i] + chars[i + 1]);
    return set;
  };
  const x = grams(a);
  const y = grams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return (2 * shared) / (x.size + y.size);
}

const cosineWith = (weight: GramWeight) => (a: string, b: string) => cosine(textVector(a, weight), textVector(b, weight));

function measure(pairs: readonly { a: string; b: string; same: boolean }[], score: (a: string, b: string) => number, threshold: number) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const p of pairs) {
    const hit = score(p.a, p.b) >= threshold;
    if (hit && p.same) tp++;
    else if (hit) fp++;
    else if (p.same) fn++;
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return {
    threshold,
    precision: +precision.toFixed(3),
    recall: +recall.toFixed(3),
    f1: +((2 * precision * recall) / Math.max(1e-9, precision + recall)).toFixed(3),
  };
}

describe.skipIf(!present)('near-duplicates on real messages', () => {
  it('cosine over the classifier grams at the rules threshold beats the old bigram Dice at 0.3', { timeout: 300_000 }, () => {
    const pairs = buildPairs(readMessages());
    const training = parseCsv(readFileSync(path.join(DATA, 'tipdm2020c_bodies_train.csv')));
    const model = trainClassifier(
      training.rows.map((r) => r[columnIndex(training, 'text')]),
      training.rows.map((r) => r[columnIndex(training, 'label')]),
    );
    const scorers = { dice, cosineTf: cosineWith(plainWeight), cosineIdf: cosineWith(modelWeight(model)) };
    const table: Record<string, unknown>[] = [];
    for (const [name, score] of Object.entries(scorers)) {
      for (const threshold of [0.2, 0.3, 0.4, 0.5, 0.6, 0.7]) table.push({ name, ...measure(pairs, score, threshold) });
    }
    console.log(`${pairs.filter((p) => p.same).length} positive and ${pairs.filter((p) => !p.same).length} negative pairs`);
    console.table(table);
    const before = measure(pairs, dice, 0.3);
    for (const score of [scorers.cosineTf, scorers.cosineIdf]) {
      const after = measure(pairs, score, DUPLICATE_MIN_SIMILARITY);
      expect(after.f1).toBeGreaterThan(before.f1);
      expect(after.precision).toBeGreaterThanOrEqual(0.9);
    }
  });
});
