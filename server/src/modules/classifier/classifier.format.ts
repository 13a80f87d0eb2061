// A trained classifier as JSON: labels and settings readable, the numbers as base64 of deflated little-endian
// arrays (gram hashes delta-coded, weights quantised to 16 bits per class column). Loading checks everything,
// so a truncated or edited file is refused with `invalid_model`, not half-used.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';
import { MAX_GRAM_LENGTH } from './classifier.features.ts';
import { assembleClassifier, type Classifier } from './classifier.model.ts';

export const MODEL_FORMAT = 'gongzhi-classifier/1';

const modelJson = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  labels: z.array(z.string()).min(2),
  ngramMin: z.number().int().min(1).max(MAX_GRAM_LENGTH),
  ngramMax: z.number().int().min(1).max(MAX_GRAM_LENGTH),
  scale: z.number().positive(),
  bias: z.array(z.number()),
  featureCount: z.number().int().min(0),
  /** Ascending gram hashes, delta-coded uint32, deflated, base64. */
  hashes: z.string(),
  /** idf of each feature, float32, deflated, base64. */
  idf: z.string(),
  /** Weights feature-major as int16 × weightSteps[class], deflated, base64. */
  weights: z.string(),
  weightSteps: z.array(z.number().positive()),
});

export type ModelJson = z.infer<typeof modelJson>;

/** The model as a JSON-ready object. */
export function toModelJson(model: Classifier): ModelJson {
  const classCount = model.labels.length;
  const featureCount = model.hashes.length;
  const deltas = new Uint32Array(featureCount);
  for (let f = 0; f < featureCount; f++) deltas[f] = f === 0 ? model.hashes[0] : (model.hashes[f] - model.hashes[f - 1]) >>> 0;
  const weightSteps = Array.from({ length: classCount }, (_, k) => {
    let max = 0;
    for (let f = 0; f < featureCount; f++) max = Math.max(max, Math.abs(model.weights[f * classCount + k]));
    return max > 0 ? max / 32767 : 1;
  });
  const quantised = new Int16Array(featureCount * classCount);
  for (let i = 0; i < quantised.length; i++) quantised[i] = Math.round(model.weights[i] / weightSteps[i % classCount]);
  return {
    format: MODEL_FORMAT,
    labels: model.labels,
    ngramMin: model.ngramMin,
    ngramMax: model.ngramMax,
    scale: model.scale,
    bias: Array.from(model.bias),
    featureCount,
    hashes: pack(deltas),
    idf: pack(model.idf),
    weights: pack(quantised),
    weightSteps,
  };
}

/** Reads a model from its JSON object (or text); refuses anything malformed with `invalid_model`. */
export function fromModelJson(input: unknown): Classifier {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      throw invalidModel('it is not JSON');
    }
  }
  const parsed = modelJson.safeParse(value);
  if (!parsed.success)
    throw invalidModel(
      parsed.error.issues[0] ? `${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}` : 'bad shape',
    );
  const json = parsed.data;
  const classCount = json.labels.length;
  if (json.ngramMin > json.ngramMax) throw invalidModel('ngramMin exceeds ngramMax');
  if (json.bias.length !== classCount || json.weightSteps.length !== classCount)
    throw invalidModel('bias or weightSteps do not match the labels');
  if (new Set(json.labels).size !== classCount) throw invalidModel('labels repeat');
  const deltas = unpack(json.hashes, Uint32Array, json.featureCount);
  const idf = unpack(json.idf, Float32Array, json.featureCount);
  const quantised = unpack(json.weights, Int16Array, json.featureCount * classCount);
  const hashes = new Uint32Array(json.featureCount);
  for (let f = 0; f < json.featureCount; f++) hashes[f] = f === 0 ? deltas[0] : (hashes[f - 1] + deltas[f]) >>> 0;
  const weights = new Float32Array(quantised.length);
  for (let i = 0; i < weights.length; i++) weights[i] = quantised[i] * json.weightSteps[i % classCount];
  return assembleClassifier(
    json.labels,
    json.ngramMin,
    json.ngramMax,
    hashes,
    idf,
    { weights, bias: Float64Array.from(json.bias) },
    json.scale,
  );
}

function invalidModel(reason: string): AppError {
  return new AppError(400, 'invalid_model', `The model cannot be read: ${reason}`);
}

function pack(array: Uint32Array | Float32Array | Int16Array): string {
  // Typed arrays are little-endian on every platform Node runs on that matters here (x64, arm64).
  return deflateRawSync(new Uint8Array(array.buffer, array.byteOffset, array.byteLength)).toString('base64');
}

function unpack<T extends Uint32Array | Float32Array | Int16Array>(
  base64: string,
  kind: { new (buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number },
  length: number,
): T {
  let bytes: Buffer;
  try {
    bytes = inflateRawSync(Buffer.from(base64, 'base64'));
  } catch {
    throw invalidModel('an array is not deflated base64');
  }
  if (bytes.length !== length * kind.BYTES_PER_ELEMENT) throw invalidModel('an array has the wrong length');
  // Copy into a fresh, aligned buffer.
  const copy = new ArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  return new kind(copy);
}
