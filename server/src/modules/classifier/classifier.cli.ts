// `gongzhi classifier …`: train, predict and evaluate on CSV files, and the city models in the database
// (train from the city's cases, list, roll back). Writes to the streams it is given; returns the exit code.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Context } from '../../context.ts';
import { AppError } from '../../lib/errors.ts';
import { orgRepo } from '../org/index.ts';
import { columnIndex, csvLine, readCsvFile } from './classifier.csv.ts';
import { crossValidate, type Quality } from './classifier.eval.ts';
import { fromModelJson, toModelJson } from './classifier.format.ts';
import { predictLabel } from './classifier.model.ts';
import { activateModel, listCityModels, trainCityModel } from './classifier.service.ts';
import { cleanExamples, trainAndMeasure } from './classifier.training.ts';

export const classifierUsage = `  gongzhi classifier train --input F.csv --text-column text --label-column label --model M.json
                          train on a CSV file, write the model to M.json
  gongzhi classifier predict --model M.json --input F.csv --id-column id --text-column text --output P.csv
                          write id,label,confidence for every row, in input order (no readable text: empty label, 0)
  gongzhi classifier eval --input F.csv --text-column text --label-column label --folds 5 [--seed N]
                          stratified cross-validation: accuracy, macro-F1, the per-class table
  gongzhi classifier train [--city CODE] [--folds 5]
                          train from the city's own cases (final category), store as the next version, activate it
  gongzhi classifier models [--city CODE]       list the stored versions and their quality
  gongzhi classifier rollback --version N [--city CODE]   make version N the active model`;

export interface ClassifierIo {
  out(text: string): void;
  err(text: string): void;
  /** Opens the configured database (migrated) for the commands that need it. */
  withContext<T>(use: (ctx: Context) => Promise<T>): Promise<T>;
}

type Flags = Map<string, string>;

class UsageError extends Error {}

function parseFlags(args: readonly string[], allowed: readonly string[]): Flags {
  const flags: Flags = new Map();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const name = arg.startsWith('--') ? arg.slice(2) : '';
    if (!allowed.includes(name)) throw new UsageError(`unknown argument ${arg}`);
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
    flags.set(name, value);
    i++;
  }
  return flags;
}

function required(flags: Flags, name: string): string {
  const value = flags.get(name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}

function integerFlag(flags: Flags, name: string, fallback: number, min: number, max: number): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  return value;
}

/** Runs `gongzhi classifier <sub> …`; 0 on success, 1 on a refused input, 2 on a usage error. */
export async function runClassifierCommand(args: readonly string[], io: ClassifierIo): Promise<number> {
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'train':
        return rest.includes('--input') ? trainFromCsv(rest, io) : await trainFromCases(rest, io);
      case 'predict':
        return predictCsv(rest, io);
      case 'eval':
        return evaluateCsv(rest, io);
      case 'models':
        return await listModels(rest, io);
      case 'rollback':
        return await rollback(rest, io);
      default:
        throw new UsageError(sub ? `unknown classifier command ${sub}` : 'which classifier command?');
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`gongzhi classifier: ${error.message}\n\n${classifierUsage}\n`);
      return 2;
    }
    if (error instanceof AppError) {
      io.err(`gongzhi classifier: ${error.message} [${error.code}]\n`);
      return 1;
    }
    throw error;
  }
}

function readExamples(flags: Flags) {
  const input = required(flags, 'input');
  const table = readCsvFile(input);
  const textAt = columnIndex(table, required(flags, 'text-column'), input);
  const labelAt = columnIndex(table, required(flags, 'label-column'), input);
  return cleanExamples(table.rows.map((row) => ({ text: row[textAt], label: row[labelAt] })));
}

function describeExamples(examples: ReturnType<typeof readExamples>): string {
  const left = [
    examples.skipped ? `${examples.skipped} without readable text or label` : '',
    examples.repeats ? `${examples.repeats} exact repeats` : '',
  ].filter(Boolean);
  return `${examples.texts.length} examples, ${new Set(examples.labels).size} labels${left.length ? ` (left out: ${left.join(', ')})` : ''}`;
}

function trainFromCsv(args: readonly string[], io: ClassifierIo): number {
  const flags = parseFlags(args, ['input', 'text-column', 'label-column', 'model']);
  const modelFile = required(flags, 'model');
  const examples = readExamples(flags);
  const trained = trainAndMeasure(examples, 0);
  const json = JSON.stringify(toModelJson(trained.model));
  writeFileSync(modelFile, json);
  io.out(
    `trained on ${describeExamples(examples)} in ${(trained.trainingMs / 1000).toFixed(1)} s: ` +
      `${trained.model.hashes.length} features, model ${modelFile} (${(json.length / 1e6).toFixed(1)} MB)\n`,
  );
  return 0;
}

function predictCsv(args: readonly string[], io: ClassifierIo): number {
  const flags = parseFlags(args, ['model', 'input', 'id-column', 'text-column', 'output']);
  const modelFile = required(flags, 'model');
  let modelText: string;
  try {
    modelText = readFileSync(modelFile, 'utf8');
  } catch (error) {
    throw new AppError(400, 'file_unreadable', `${modelFile} cannot be read: ${(error as Error).message}`);
  }
  const model = fromModelJson(modelText);
  const input = required(flags, 'input');
  const output = required(flags, 'output');
  const table = readCsvFile(input);
  const idAt = columnIndex(table, required(flags, 'id-column'), input);
  const textAt = columnIndex(table, required(flags, 'text-column'), input);
  const lines = [csvLine(['id', 'label', 'confidence'])];
  let unreadable = 0;
  const started = performance.now();
  for (const row of table.rows) {
    const { label, confidence } = predictLabel(model, row[textAt]);
    if (label === null) unreadable++;
    lines.push(csvLine([row[idAt], label ?? '', Number(confidence.toFixed(4))]));
  }
  const seconds = (performance.now() - started) / 1000;
  writeFileSync(output, lines.join(''));
  io.out(
    `predicted ${table.rows.length} rows in ${seconds.toFixed(2)} s → ${output}` +
      `${unreadable ? ` (${unreadable} without readable text: empty label, confidence 0)` : ''}\n`,
  );
  return 0;
}

function evaluateCsv(args: readonly string[], io: ClassifierIo): number {
  const flags = parseFlags(args, ['input', 'text-column', 'label-column', 'folds', 'seed']);
  const folds = integerFlag(flags, 'folds', 5, 2, 50);
  const seed = integerFlag(flags, 'seed', 20201, 0, 2 ** 31 - 1);
  const examples = readExamples(flags);
  if (new Set(examples.labels).size < 2) throw new AppError(422, 'too_few_labels', 'evaluation needs examples of at least two labels');
  if (examples.texts.length < folds * 2) throw new AppError(422, 'too_few_examples', `${folds} folds need at least ${folds * 2} examples`);
  const started = performance.now();
  const quality = crossValidate(examples.texts, examples.labels, folds, undefined, seed);
  io.out(
    `${describeExamples(examples)}; ${folds}-fold stratified cross-validation (seed ${seed}) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  io.out(formatQuality(quality));
  return 0;
}

/** accuracy, macro-F1 and the per-class table as plain text. */
export function formatQuality(quality: Quality): string {
  const width = Math.max(5, ...quality.perClass.map((c) => displayWidth(c.label)));
  const pad = (text: string) => text + ' '.repeat(width - displayWidth(text));
  const lines = [
    `accuracy  ${quality.accuracy.toFixed(4)}`,
    `macro-F1  ${quality.macroF1.toFixed(4)}`,
    '',
    `${pad('label')}  precision  recall      f1  support`,
    ...quality.perClass.map(
      (c) =>
        `${pad(c.label)}  ${c.precision.toFixed(4).padStart(9)}  ${c.recall.toFixed(4).padStart(6)}  ${c.f1.toFixed(4).padStart(6)}  ${String(c.support).padStart(7)}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

// CJK characters take two columns in a terminal.
const displayWidth = (text: string): number => [...text].reduce((sum, ch) => sum + (/[\u1100-\uffef]/u.test(ch) ? 2 : 1), 0);

async function cityIdOf(ctx: Context, code: string | undefined): Promise<{ id: string; code: string; name: string }> {
  if (code !== undefined) {
    const city = await orgRepo.findCityByKey(ctx.database.db, code);
    if (!city) throw new AppError(404, 'not_found', `no city ${code}`);
    return { id: city.id, code: city.code, name: city.name };
  }
  const cities = await orgRepo.listCities(ctx.database.db);
  if (cities.length !== 1) {
    throw new AppError(
      400,
      'city_required',
      cities.length === 0 ? 'no cities yet' : `name the city with --city (${cities.map((c) => c.code).join(', ')})`,
    );
  }
  return { id: cities[0].id, code: cities[0].code, name: cities[0].name };
}

async function trainFromCases(args: readonly string[], io: ClassifierIo): Promise<number> {
  const flags = parseFlags(args, ['city', 'folds']);
  const folds = integerFlag(flags, 'folds', 5, 0, 50);
  return io.withContext(async (ctx) => {
    const city = await cityIdOf(ctx, flags.get('city'));
    const model = await trainCityModel(ctx, city.id, { trainedBy: 'cli', folds });
    const quality =
      model.macroF1 === null
        ? 'too few cases to cross-validate'
        : `${folds}-fold accuracy ${model.accuracy!.toFixed(4)}, macro-F1 ${model.macroF1.toFixed(4)}`;
    io.out(
      `${city.name} (${city.code}): version ${model.version} trained on ${model.itemCount} distinct cases, ${model.labelCount} categories ` +
        `in ${(model.trainingMs / 1000).toFixed(1)} s; ${quality}; active\n`,
    );
    return 0;
  });
}

async function listModels(args: readonly string[], io: ClassifierIo): Promise<number> {
  const flags = parseFlags(args, ['city']);
  return io.withContext(async (ctx) => {
    const city = await cityIdOf(ctx, flags.get('city'));
    const models = await listCityModels(ctx, city.id);
    if (models.length === 0) io.out(`${city.name} (${city.code}): no models yet; train one with: gongzhi classifier train\n`);
    for (const m of models) {
      io.out(
        `${m.active ? '*' : ' '} version ${m.version}  ${m.trainedAt.toISOString()}  ${m.source}  ${m.itemCount} cases, ${m.labelCount} categories  ` +
          `macro-F1 ${m.macroF1 === null ? '—' : m.macroF1.toFixed(4)}\n`,
      );
    }
    return 0;
  });
}

async function rollback(args: readonly string[], io: ClassifierIo): Promise<number> {
  const flags = parseFlags(args, ['city', 'version']);
  const version = integerFlag(flags, 'version', 0, 1, 1_000_000);
  if (!flags.has('version')) throw new UsageError('--version is required');
  return io.withContext(async (ctx) => {
    const city = await cityIdOf(ctx, flags.get('city'));
    const model = await activateModel(ctx, city.id, version, null);
    io.out(`${city.name} (${city.code}): version ${model.version} (trained ${model.trainedAt.toISOString()}) is now active\n`);
    return 0;
  });
}
