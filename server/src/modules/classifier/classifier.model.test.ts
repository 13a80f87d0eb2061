import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.ts';
import { columnIndex, csvLine, parseCsv } from './classifier.csv.ts';
import { crossValidate, scorePredictions } from './classifier.eval.ts';
import { hasReadableText, writeGrams, gramBuffer } from './classifier.features.ts';
import { fromModelJson, toModelJson } from './classifier.format.ts';
import { sampleCorpus } from './classifier.fixtures.ts';
import { predict, predictLabel, stratifiedFolds, trainClassifier } from './classifier.model.ts';

const corpus = sampleCorpus(24);
const model = trainClassifier(corpus.texts, corpus.labels);

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return undefined;
};

describe('features', () => {
  it('reads letters, ideographs and digits; punctuation, spaces and emoji break the grams', () => {
    const out = gramBuffer(3);
    expect(writeGrams('噪音', 1, 3, out)).toBe(3); // 噪, 音, 噪音
    expect(writeGrams('噪，音', 1, 3, out)).toBe(2);
    expect(writeGrams('😀😀！！ ...', 1, 3, out)).toBe(0);
    expect(hasReadableText('  ，。！？😀 ')).toBe(false);
    expect(hasReadableText('A市')).toBe(true);
  });

  it('folds full-width letters, case and digits', () => {
    const a = gramBuffer(3);
    const b = gramBuffer(3);
    const n = writeGrams('ＡＢ１２３', 1, 3, a);
    expect(writeGrams('ab999', 1, 3, b)).toBe(n);
    expect([...a.subarray(0, n)]).toEqual([...b.subarray(0, n)]);
  });
});

describe('the classifier', () => {
  it('learns the labels of a small corpus and ranks every label', () => {
    const noise = predict(model, '小区楼下的饭店晚上噪音太大，吵得睡不着');
    expect(noise.label).toBe('noise');
    expect(noise.ranking.map((r) => r.label).sort()).toEqual(['noise', 'road', 'water']);
    expect(noise.ranking.reduce((sum, r) => sum + r.probability, 0)).toBeCloseTo(1, 6);
    expect(predictLabel(model, '家里停水两天了，自来水一直没有来').label).toBe('water');
    expect(predictLabel(model, '马路上有个大坑，路灯也不亮').label).toBe('road');
  });

  it('answers text it cannot read with no label and zero confidence, never a crash', () => {
    for (const text of ['', '   ', '！？。，……', '😀🙏🔥', '\u0000\uffff']) {
      expect(predict(model, text)).toEqual({ label: null, confidence: 0, ranking: [] });
    }
  });

  it('reads only the head of a 100,000-character text, quickly', () => {
    const long = '噪音'.repeat(50_000);
    const started = performance.now();
    const result = predict(model, long);
    expect(performance.now() - started).toBeLessThan(200);
    expect(result.label).toBe('noise');
  });

  it('refuses training with fewer than two labels or mismatched lengths', () => {
    expect(() => trainClassifier(['a', 'b'], ['x', 'x'])).toThrow(/two distinct labels/);
    expect(() => trainClassifier(['a'], ['x', 'y'])).toThrow(/differ in length/);
  });

  it('survives the JSON round trip with the same answers', () => {
    const json = JSON.stringify(toModelJson(model));
    const loaded = fromModelJson(json);
    for (const text of corpus.texts) {
      const a = predict(model, text);
      const b = predict(loaded, text);
      expect(b.label).toBe(a.label);
      expect(b.confidence).toBeCloseTo(a.confidence, 3);
    }
  });

  it('refuses a broken model file with invalid_model', () => {
    const json = toModelJson(model);
    expect(codeOf(() => fromModelJson('{not json'))).toBe('invalid_model');
    expect(codeOf(() => fromModelJson({ ...json, format: 'other' }))).toBe('invalid_model');
    expect(codeOf(() => fromModelJson({ ...json, weights: json.weights.slice(0, 20) }))).toBe('invalid_model');
    expect(codeOf(() => fromModelJson({ ...json, featureCount: json.featureCount + 1 }))).toBe('invalid_model');
    expect(codeOf(() => fromModelJson({ ...json, bias: [1] }))).toBe('invalid_model');
  });
});

describe('evaluation', () => {
  it('computes accuracy, per-class precision, recall and F1 and their unweighted mean', () => {
    const quality = scorePredictions(['a', 'a', 'a', 'b', 'b', 'c'], ['a', 'a', 'b', 'b', 'c', null]);
    expect(quality.accuracy).toBeCloseTo(3 / 6);
    const [a, b, c] = quality.perClass;
    expect(a).toMatchObject({ label: 'a', precision: 1, recall: 2 / 3, support: 3 });
    expect(b).toMatchObject({ label: 'b', precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(c).toMatchObject({ label: 'c', precision: 0, recall: 0, f1: 0 });
    expect(quality.macroF1).toBeCloseTo((0.8 + 0.5 + 0) / 3);
  });

  it('spreads every label evenly over the folds, the same way for the same seed', () => {
    const labels = [...Array(10).fill('x'), ...Array(7).fill('y')] as string[];
    const folds = stratifiedFolds(labels, 5, 1);
    expect(folds).toEqual(stratifiedFolds(labels, 5, 1));
    for (let f = 0; f < 5; f++) expect(folds.filter((v, i) => v === f && labels[i] === 'x')).toHaveLength(2);
    const sizes = [0, 1, 2, 3, 4].map((f) => folds.filter((v) => v === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('cross-validates the small corpus', () => {
    const quality = crossValidate(corpus.texts, corpus.labels, 4);
    expect(quality.itemCount).toBe(corpus.texts.length);
    expect(quality.macroF1).toBeGreaterThan(0.9);
    expect(() => crossValidate(corpus.texts, corpus.labels, 1)).toThrow(RangeError);
  });
});

describe('CSV files', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('reads quoted fields with commas, doubled quotes and line breaks, and a BOM', () => {
    const table = parseCsv(bytes('\ufeffid,text\r\n1,"第一行\n第二行，还有""引号"",逗号"\n2,简单\n'));
    expect(table.header).toEqual(['id', 'text']);
    expect(table.rows).toEqual([
      ['1', '第一行\n第二行，还有"引号",逗号'],
      ['2', '简单'],
    ]);
    expect(columnIndex(table, 'text')).toBe(1);
  });

  it('refuses a ragged row, a missing column, an empty file and bytes that are not UTF-8, with stable codes', () => {
    expect(codeOf(() => parseCsv(bytes('id,text\n1,a\n2,b,c\n')))).toBe('ragged_row');
    expect(codeOf(() => columnIndex(parseCsv(bytes('id,body\n1,a\n')), 'text'))).toBe('missing_column');
    expect(codeOf(() => parseCsv(bytes('')))).toBe('empty_csv');
    expect(codeOf(() => parseCsv(bytes('id,text\n1,"unterminated\n')))).toBe('invalid_csv');
    // 噪音 in GB18030
    expect(codeOf(() => parseCsv(new Uint8Array([0x69, 0x64, 0x0a, 0xd4, 0xeb, 0xd2, 0xf4, 0x0a])))).toBe('not_utf8');
  });

  it('writes fields that need it in quotes', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', 0.5])).toBe('a,"b,c","say ""hi""","two\nlines",0.5\r\n');
    expect(parseCsv(bytes(`x,y,z,w,v\r\n${csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', 0.5])}`)).rows[0]).toEqual([
      'a',
      'b,c',
      'say "hi"',
      'two\nlines',
      '0.5',
    ]);
  });
});
