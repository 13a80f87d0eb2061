// Training as the command line and the city's model store do it: clean the examples, measure the quality
// by cross-validation, train on everything. Pure (no I/O).
import { AppError } from '../../lib/errors.ts';
import { crossValidate, type Quality } from './classifier.eval.ts';
import { hasReadableText } from './classifier.features.ts';
import { defaultTrainOptions, trainClassifier, type Classifier, type TrainOptions } from './classifier.model.ts';

export interface Examples {
  texts: string[];
  labels: string[];
  /** Examples left out: no readable text or no label. */
  skipped: number;
  /** Exact repeats of a (text, label) pair left out, so that cross-validation does not score a text it trained on. */
  repeats: number;
}

/** Drops examples without readable text or label, and exact repeats; labels and texts are trimmed. */
export function cleanExamples(pairs: Iterable<{ text: string; label: string }>): Examples {
  const seen = new Set<string>();
  const texts: string[] = [];
  const labels: string[] = [];
  let skipped = 0;
  let repeats = 0;
  for (const pair of pairs) {
    const text = pair.text.trim();
    const label = pair.label.trim();
    if (!label || !hasReadableText(text)) {
      skipped++;
      continue;
    }
    const key = `${label}\u0000${text}`;
    if (seen.has(key)) {
      repeats++;
      continue;
    }
    seen.add(key);
    texts.push(text);
    labels.push(label);
  }
  return { texts, labels, skipped, repeats };
}

export interface TrainingResult {
  model: Classifier;
  /** Cross-validated quality; null when there were too few examples to fold. */
  quality: Quality | null;
  trainingMs: number;
}

/** Measures the quality by `folds`-fold cross-validation (when every fold can hold examples), then trains on all of them. */
export function trainAndMeasure(examples: Examples, folds: number, options: TrainOptions = defaultTrainOptions): TrainingResult {
  const labelCount = new Set(examples.labels).size;
  if (labelCount < 2) {
    throw new AppError(422, 'too_few_labels', `training needs examples of at least two labels (found ${labelCount})`);
  }
  const quality = folds >= 2 && examples.texts.length >= folds * 2 ? crossValidate(examples.texts, examples.labels, folds, options) : null;
  const started = performance.now();
  const model = trainClassifier(examples.texts, examples.labels, options);
  return { model, quality, trainingMs: Math.round(performance.now() - started) };
}
