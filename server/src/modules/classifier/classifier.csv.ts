// CSV files of the classifier's command line: strict UTF-8, RFC 4180 (quoted fields, doubled quotes, line
// breaks inside quotes) read by csv-parse, a header row naming the columns. Every refusal is an AppError
// with a stable code and the line it stopped at.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { AppError } from '../../lib/errors.ts';

export interface CsvTable {
  header: string[];
  rows: string[][];
}

/** Reads a CSV file: refuses a file that is missing, not UTF-8, not CSV, empty, or has a row of another width than the header. */
export function readCsvFile(file: string): CsvTable {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new AppError(400, 'file_unreadable', `${file} cannot be read: ${(error as Error).message}`);
  }
  return parseCsv(bytes, file);
}

/** Parses CSV bytes (see readCsvFile); `name` is how errors name the file. */
export function parseCsv(bytes: Uint8Array, name = 'the CSV'): CsvTable {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new AppError(
      400,
      'not_utf8',
      `${name} is not UTF-8 (first bad byte at offset ${at}); convert it, e.g. iconv -f GB18030 -t UTF-8`,
    );
  }
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as string[][];
  } catch (error) {
    const e = error as { code?: string; lines?: number; message: string };
    const code = e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' ? 'ragged_row' : 'invalid_csv';
    const where = e.lines === undefined ? '' : ` (line ${e.lines})`;
    throw new AppError(400, code, `${name} cannot be read${where}: ${e.message}`);
  }
  const [header, ...rows] = records;
  if (!header) throw new AppError(400, 'empty_csv', `${name} is empty: it needs a header row`);
  return { header: header.map((column) => column.trim()), rows };
}

/** The position of a named column, or a `missing_column` error listing the columns there are. */
export function columnIndex(table: CsvTable, column: string, name = 'the CSV'): number {
  const index = table.header.indexOf(column);
  if (index < 0) {
    throw new AppError(400, 'missing_column', `${name} has no column "${column}" (its columns: ${table.header.join(', ') || 'none'})`);
  }
  return index;
}

/** One CSV line: fields quoted when they hold a comma, a quote or a line break (RFC 4180). */
export function csvLine(fields: readonly (string | number)[]): string {
  return `${fields.map((field) => (typeof field === 'number' ? String(field) : quoteField(field))).join(',')}\r\n`;
}

function quoteField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  // The longest valid prefix, give or take a multi-byte sequence.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    try {
      // Streaming: a multi-byte sequence cut at the end of the prefix is not an error.
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      low = mid;
    } catch {
      high = mid - 1;
    }
  }
  return low;
}
