// Quality of a classifier: accuracy, macro-F1 and the per-class table, by stratified k-fold cross-validation.
import { countGrams, defaultTrainOptions, predictLabel, stratifiedFolds, trainOnGrams, type TrainOptions } from './classifier.model.ts';

export interface ClassQuality {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** True items of this label. */
  support: number;
}

export interface Quality {
  accuracy: number;
  macroF1: number;
  perClass: ClassQuality[];
  itemCount: number;
  folds: number;
}

/** Accuracy, macro-F1 (unweighted mean of the per-class F1) and the per-class table from true and predicted labels. */
export function scorePredictions(truth: readonly string[], predicted: readonly (string | null)[], folds = 0): Quality {
  const labels = [...new Set(truth)].sort();
  const truePositive = new Map<string, number>();
  const predictedCount = new Map<string, number>();
  const support = new Map<string, number>();
  let correct = 0;
  truth.forEach((label, i) => {
    const guess = predicted[i];
    support.set(label, (support.get(label) ?? 0) + 1);
    if (guess !== null) predictedCount.set(guess, (predictedCount.get(guess) ?? 0) + 1);
    if (guess === label) {
      correct++;
      truePositive.set(label, (truePositive.get(label) ?? 0) + 1);
    }
  });
  const perClass = labels.map((label) => {
    const tp = truePositive.get(label) ?? 0;
    const precision = tp === 0 ? 0 : tp / predictedCount.get(label)!;
    const recall = tp / support.get(label)!;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support: support.get(label)! };
  });
  const macroF1 = perClass.reduce((sum, c) => sum + c.f1, 0) / Math.max(perClass.length, 1);
  return { accuracy: truth.length === 0 ? 0 : correct / truth.length, macroF1, perClass, itemCount: truth.length, folds };
}

/** Stratified k-fold cross-validation (seeded): each fold is predicted by a model trained on the others. */
export function crossValidate(
  texts: readonly string[],
  labels: readonly string[],
  folds: number,
  options: TrainOptions = defaultTrainOptions,
  seed = 20201,
): Quality {
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError('cross-validation needs at least 2 folds');
  const grams = texts.map((text) => countGrams(text, options.ngramMin, options.ngramMax));
  const assignment = stratifiedFolds(labels, folds, seed);
  const predicted = new Array<string | null>(texts.length).fill(null);
  // Held-out folds need labels only, not confidences: skip the calibration inside each fold.
  const foldOptions = { ...options, calibrationFolds: 0 };
  for (let fold = 0; fold < folds; fold++) {
    const train = assignment.flatMap((f, i) => (f === fold ? [] : [i]));
    if (new Set(train.map((i) => labels[i])).size < 2) continue;
    const model = trainOnGrams(
      train.map((i) => grams[i]),
      train.map((i) => labels[i]),
      foldOptions,
    );
    assignment.forEach((f, i) => {
      if (f === fold) predicted[i] = predictLabel(model, texts[i]).label;
    });
  }
  return scorePredictions(labels, predicted, folds);
}
