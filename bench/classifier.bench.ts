// The classifier on the TipDM training messages (6,342 bodies, 7 classes), in this process on one core:
// training time (with the 3-fold confidence calibration, as `gongzhi classifier train` does it), prediction
// rate (segmentation into n-grams included, the fast path `predict` uses; per CPU second = one core), and the 5-fold stratified
// cross-validation (accuracy, macro-F1). Medians of several rounds: the machine is shared and noisy.
// Run: npm run bench -- classifier   (or npx tsx bench/classifier.bench.ts)
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { columnIndex, parseCsv } from '../server/src/modules/classifier/classifier.csv.ts';
import { crossValidate } from '../server/src/modules/classifier/classifier.eval.ts';
import { toModelJson } from '../server/src/modules/classifier/classifier.format.ts';
import { predictLabel, trainClassifier } from '../server/src/modules/classifier/classifier.model.ts';
import { median, root } from './lib.ts';

const TRAINING_FILE = process.env.BENCH_CLASSIFIER_FILE ?? path.resolve(root, '../shared/data/complaints/tipdm2020c_bodies_train.csv');
const TRAIN_ROUNDS = 3;
const PREDICT_ROUNDS = 7;
const CV_ROUNDS = 2;

/** CPU seconds of this process (user + system): less moved by other processes than the wall clock. */
const cpuSeconds = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

function timed<T>(work: () => T): { result: T; wallSeconds: number; cpuSeconds: number } {
  const cpu = cpuSeconds();
  const started = performance.now();
  const result = work();
  return { result, wallSeconds: (performance.now() - started) / 1000, cpuSeconds: cpuSeconds() - cpu };
}

export async function run(): Promise<Record<string, number | string>> {
  const table = parseCsv(readFileSync(TRAINING_FILE), TRAINING_FILE);
  const textAt = columnIndex(table, 'text');
  const labelAt = columnIndex(table, 'label');
  const texts = table.rows.map((r) => r[textAt]);
  const labels = table.rows.map((r) => r[labelAt]);
  const characters = texts.reduce((sum, t) => sum + t.length, 0);

  const trainings = Array.from({ length: TRAIN_ROUNDS }, () => timed(() => trainClassifier(texts, labels)));
  const model = trainings.at(-1)!.result;
  const modelBytes = JSON.stringify(toModelJson(model)).length;

  // Per CPU second of this (single) thread: the one-core rate, whatever else the machine runs; and per wall second.
  const cpuRates: number[] = [];
  const wallRates: number[] = [];
  for (let round = 0; round < PREDICT_ROUNDS; round++) {
    const took = timed(() => {
      for (const text of texts) predictLabel(model, text);
    });
    cpuRates.push(texts.length / took.cpuSeconds);
    wallRates.push(texts.length / took.wallSeconds);
  }

  const validations = Array.from({ length: CV_ROUNDS }, () => timed(() => crossValidate(texts, labels, 5)));
  const quality = validations[0]!.result;

  return {
    cores: os.cpus().length,
    messages: texts.length,
    'mean characters per message': Math.round(characters / texts.length),
    'training s (median wall)': round2(median(trainings.map((t) => t.wallSeconds))),
    'training s (median cpu)': round2(median(trainings.map((t) => t.cpuSeconds))),
    'prediction messages per cpu s (median, one core)': Math.round(median(cpuRates)),
    'prediction messages per wall s (median)': Math.round(median(wallRates)),
    features: model.hashes.length,
    'model JSON MB': round2(modelBytes / 1e6),
    '5-fold CV accuracy': round4(quality.accuracy),
    '5-fold CV macro-F1': round4(quality.macroF1),
    '5-fold CV s (median wall)': round2(median(validations.map((v) => v.wallSeconds))),
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
