// `gongzhi classifier …` as a user runs it: child processes on small CSV files; the database commands
// run the same command code in process against the test database.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvLine, parseCsv } from '../src/modules/classifier/classifier.csv.ts';
import { sampleCorpus } from '../src/modules/classifier/classifier.fixtures.ts';
import { runClassifierCommand } from '../src/modules/classifier/index.ts';
import { testApp } from './harness.ts';
import { LEAVES, createCaseAs, hotlineCase, makeCaseCity } from './cases-harness.ts';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../bin/gongzhi.mjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-classifier-'));
const file = (name: string) => path.join(dir, name);

async function gongzhi(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, 'classifier', ...args], {
      env: { ...process.env, GONGZHI_DATA_DIR: dir },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function inProcess(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runClassifierCommand(args, {
    out: (text) => (out += text),
    err: (text) => (err += text),
    withContext: () => Promise.reject(new Error('no database in this test')),
  });
  return { code, out, err };
}

beforeAll(() => {
  const corpus = sampleCorpus(20);
  const rows = corpus.texts.map((text, i) => csvLine([text, corpus.labels[i]]));
  // A quoted field over two lines, a row without text and one without a label are read, then left out.
  fs.writeFileSync(file('train.csv'), `\ufefftext,label\r\n${rows.join('')}"工地噪音\n太大了",noise\r\n,noise\r\n只有文字,\r\n`);
  fs.writeFileSync(
    file('new.csv'),
    csvLine(['id', 'text']) +
      csvLine(['a', '家里停水两天了，自来水一直没来']) +
      csvLine(['b', '！！😀']) +
      csvLine(['c', '晚上广场舞\n音响太吵，噪音扰民']) +
      csvLine(['d', '马路上有个大坑，路灯也不亮']),
  );
  fs.writeFileSync(file('ragged.csv'), 'text,label\n噪音,noise\n停水,water,extra\n');
  fs.writeFileSync(
    file('gbk.csv'),
    Buffer.from([0x74, 0x65, 0x78, 0x74, 0x2c, 0x6c, 0x61, 0x62, 0x65, 0x6c, 0x0a, 0xd4, 0xeb, 0xd2, 0xf4, 0x2c, 0x61, 0x0a]),
  );
});

describe('npx gongzhi classifier (files)', () => {
  it('trains, predicts every row in input order, and evaluates', async () => {
    const trained = await gongzhi([
      'train',
      '--input',
      file('train.csv'),
      '--text-column',
      'text',
      '--label-column',
      'label',
      '--model',
      file('m.json'),
    ]);
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stdout).toMatch(/trained on 61 examples, 3 labels \(left out: 2 without readable text or label\)/);
    expect(JSON.parse(fs.readFileSync(file('m.json'), 'utf8'))).toMatchObject({
      format: 'gongzhi-classifier/1',
      labels: ['noise', 'road', 'water'],
    });

    const predicted = await gongzhi([
      'predict',
      '--model',
      file('m.json'),
      '--input',
      file('new.csv'),
      '--id-column',
      'id',
      '--text-column',
      'text',
      '--output',
      file('p.csv'),
    ]);
    expect(predicted.code, predicted.stderr).toBe(0);
    expect(predicted.stdout).toContain('predicted 4 rows');
    const output = parseCsv(fs.readFileSync(file('p.csv')));
    expect(output.header).toEqual(['id', 'label', 'confidence']);
    expect(output.rows.map((r) => [r[0], r[1]])).toEqual([
      ['a', 'water'],
      ['b', ''],
      ['c', 'noise'],
      ['d', 'road'],
    ]);
    expect(output.rows[1][2]).toBe('0');
    for (const row of [output.rows[0], output.rows[2], output.rows[3]]) expect(Number(row[2])).toBeGreaterThan(0.34);

    const evaluated = await gongzhi([
      'eval',
      '--input',
      file('train.csv'),
      '--text-column',
      'text',
      '--label-column',
      'label',
      '--folds',
      '5',
    ]);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toMatch(/5-fold stratified cross-validation/);
    expect(evaluated.stdout).toMatch(/accuracy {2}[01]\.\d{4}/);
    expect(evaluated.stdout).toMatch(/macro-F1 {2}[01]\.\d{4}/);
    expect(evaluated.stdout).toMatch(/label\s+precision\s+recall\s+f1\s+support\nnoise .*\d+\nroad .*\nwater /);
  });

  it('refuses bad files with a stable code (exit 1) and bad arguments with the usage (exit 2)', async () => {
    const cases: [string[], string][] = [
      [['eval', '--input', file('ragged.csv'), '--text-column', 'text', '--label-column', 'label', '--folds', '2'], 'ragged_row'],
      [['eval', '--input', file('gbk.csv'), '--text-column', 'text', '--label-column', 'label'], 'not_utf8'],
      [['eval', '--input', file('train.csv'), '--text-column', 'body', '--label-column', 'label'], 'missing_column'],
      [['eval', '--input', file('nothing.csv'), '--text-column', 'text', '--label-column', 'label'], 'file_unreadable'],
      [
        [
          'predict',
          '--model',
          file('train.csv'),
          '--input',
          file('new.csv'),
          '--id-column',
          'id',
          '--text-column',
          'text',
          '--output',
          file('x.csv'),
        ],
        'invalid_model',
      ],
      [
        [
          'predict',
          '--model',
          file('m.json'),
          '--input',
          file('new.csv'),
          '--id-column',
          'key',
          '--text-column',
          'text',
          '--output',
          file('x.csv'),
        ],
        'missing_column',
      ],
    ];
    // One of each through a child process (the exit code), the rest in process (same command code, faster).
    const child = await gongzhi(cases[0][0]);
    expect([child.code, child.stderr]).toEqual([1, expect.stringContaining('[ragged_row]')]);
    const usage = await gongzhi(['fly']);
    expect([usage.code, usage.stderr]).toEqual([2, expect.stringContaining('gongzhi classifier train --input')]);
    for (const [args, code] of cases) {
      const result = await inProcess(args);
      expect([result.code, result.err], args.join(' ')).toEqual([1, expect.stringContaining(`[${code}]`)]);
    }
    for (const args of [
      ['eval', '--input'],
      ['eval', '--input', file('train.csv'), '--text-column', 'text', '--label-column', 'label', '--folds', '1'],
      ['train', '--input', file('train.csv')],
      ['rollback'],
    ]) {
      const result = await inProcess(args);
      expect([result.code, result.err], args.join(' ')).toEqual([2, expect.stringContaining('gongzhi classifier train --input')]);
    }
  });
});

describe('npx gongzhi classifier (the city models)', () => {
  it("trains from the city's cases, lists the versions and rolls back", async () => {
    const { app, ctx } = await testApp();
    const city = await makeCaseCity(app, ctx);
    const texts: [string, string][] = [
      [LEAVES.street, '垃圾没人清运，臭气熏天'],
      [LEAVES.community, '物业服务太差，楼道没人打扫'],
    ];
    for (const [categoryCode, text] of texts) {
      for (let i = 0; i < 12; i++) await createCaseAs(city.operator, hotlineCase({ categoryCode, text: `${i}号楼${text}，第${i}次反映` }));
    }
    let out = '';
    let err = '';
    const io = {
      out: (text: string) => (out += text),
      err: (text: string) => (err += text),
      withContext: <T>(use: (c: typeof ctx) => Promise<T>) => use(ctx),
    };
    expect(await runClassifierCommand(['train', '--city', city.code], io), err).toBe(0);
    expect(out).toMatch(
      new RegExp(`\\(${city.code}\\): version 1 trained on 24 distinct cases, 2 categories .*macro-F1 [01]\\.\\d{4}; active`),
    );
    expect(await runClassifierCommand(['train', '--city', city.code, '--folds', '0'], io)).toBe(0);
    expect(out).toContain('version 2');
    out = '';
    expect(await runClassifierCommand(['rollback', '--city', city.code, '--version', '1'], io)).toBe(0);
    expect(out).toContain('version 1 (trained');
    out = '';
    expect(await runClassifierCommand(['models', '--city', city.code], io)).toBe(0);
    expect(out).toMatch(/^ {2}version 2 .*\n\* version 1 /);
    expect(await runClassifierCommand(['rollback', '--city', city.code, '--version', '7'], io)).toBe(1);
    expect(err).toContain('[not_found]');
    expect(await runClassifierCommand(['train', '--city', '000000'], io)).toBe(1);
  });

  it('says so when the database has no city', async () => {
    const result = await gongzhi(['train']);
    expect([result.code, result.stderr]).toEqual([1, expect.stringContaining('no cities yet [city_required]')]);
  });
});
