// The quality bar on the real messages: 5-fold stratified cross-validation on the TipDM training
// file reaches macro-F1 ≥ 0.90, and the confidences mean what they say on a held-out fifth.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnIndex, parseCsv } from './classifier.csv.ts';
import { crossValidate } from './classifier.eval.ts';
import { predictLabel, stratifiedFolds, trainClassifier } from './classifier.model.ts';

const TRAINING_FILE = path.resolve(import.meta.dirname, '../../../../../shared/data/complaints/tipdm2020c_bodies_train.csv');
const present = existsSync(TRAINING_FILE);

function readMessages(): { texts: string[]; labels: string[] } {
  const table = parseCsv(readFileSync(TRAINING_FILE));
  const text = columnIndex(table, 'text');
  const label = columnIndex(table, 'label');
  return { texts: table.rows.map((r) => r[text]), labels: table.rows.map((r) => r[label]) };
}

describe.skipIf(!present)('quality on the TipDM messages', () => {
  it('reaches macro-F1 ≥ 0.90 in 5-fold cross-validation', { timeout: 300_000 }, () => {
    const { texts, labels } = readMessages();
    expect(texts).toHaveLength(6342);
    const quality = crossValidate(texts, labels, 5);
    expect(quality.macroF1).toBeGreaterThanOrEqual(0.9);
    expect(quality.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('is right more often where it is surer (held-out fifth)', { timeout: 300_000 }, () => {
    const { texts, labels } = readMessages();
    const folds = stratifiedFolds(labels, 5, 99);
    const train = texts.flatMap((_, i) => (folds[i] === 0 ? [] : [i]));
    const test = texts.flatMap((_, i) => (folds[i] === 0 ? [i] : []));
    const model = trainClassifier(
      train.map((i) => texts[i]),
      train.map((i) => labels[i]),
    );
    const predictions = test.map((i) => {
      const { label, confidence } = predictLabel(model, texts[i]);
      return { confidence, right: label === labels[i] };
    });
    const accuracyOf = (list: typeof predictions) => list.filter((p) => p.right).length / list.length;
    const sure = predictions.filter((p) => p.confidence >= 0.8);
    const unsure = predictions.filter((p) => p.confidence < 0.8);
    expect(sure.length / predictions.length).toBeGreaterThan(0.75);
    expect(accuracyOf(sure)).toBeGreaterThan(0.94);
    expect(accuracyOf(unsure)).toBeLessThan(accuracyOf(sure));
    // Calibrated: the mean confidence is within 5 points of the accuracy.
    const meanConfidence = predictions.reduce((sum, p) => sum + p.confidence, 0) / predictions.length;
    expect(Math.abs(meanConfidence - accuracyOf(predictions))).toBeLessThan(0.05);
  });
});
