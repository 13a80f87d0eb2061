// Texts as vectors for similarity (near-duplicates at intake, text clusters of hotspots): the classifier's hashed
// character 1-3-grams, sublinear tf × idf (the active model's idf where it knows the gram), l2-normalised. Pure.
import { countGrams, FeatureLookup, type Classifier } from './classifier.model.ts';

/** A text's grams (ascending hashes) with their weights; the weights have length 1 (or are empty). */
export interface TextVector {
  hashes: Uint32Array;
  values: Float32Array;
}

/** The weight of a gram by its hash. */
export type GramWeight = (hash: number) => number;

/** Plain TF: every gram weighs the same. */
export const plainWeight: GramWeight = () => 1;

/**
 * The model's idf. A gram the model does not keep (too rare in training, or pruned as useless for the category)
 * weighs the model's median idf: rare place names and numbers still count, without outweighing everything else.
 */
export function modelWeight(model: Pick<Classifier, 'hashes' | 'idf'>): GramWeight {
  const lookup = FeatureLookup.of(model.hashes);
  const sorted = Float32Array.from(model.idf).sort();
  const fallback = sorted.length > 0 ? sorted[sorted.length >> 1] : 1;
  return (hash) => {
    const feature = lookup.get(hash);
    return feature < 0 ? fallback : model.idf[feature];
  };
}

export const VECTOR_NGRAM_MIN = 1;
export const VECTOR_NGRAM_MAX = 3;

/** The vector of a text. */
export function textVector(text: string, weight: GramWeight = plainWeight): TextVector {
  const { hashes, counts } = countGrams(text, VECTOR_NGRAM_MIN, VECTOR_NGRAM_MAX);
  const values = new Float32Array(hashes.length);
  let norm = 0;
  for (let j = 0; j < hashes.length; j++) {
    const value = (1 + Math.log(counts[j])) * weight(hashes[j]);
    values[j] = value;
    norm += value * value;
  }
  const inverse = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let j = 0; j < values.length; j++) values[j] *= inverse;
  return { hashes, values };
}

/** Cosine of two vectors: 1 the same grams in the same proportions, 0 nothing shared. */
export function cosine(a: TextVector, b: TextVector): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.hashes.length && j < b.hashes.length) {
    const x = a.hashes[i];
    const y = b.hashes[j];
    if (x === y) dot += a.values[i++] * b.values[j++];
    else if (x < y) i++;
    else j++;
  }
  return dot;
}
