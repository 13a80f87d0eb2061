// The two wire formats of GeoReport v2. A response is built once as the JSON value the spec shows;
// the XML form is derived from it: the spec's root and item element names for each list, UTF-8 with
// the declaration, text escaped, null as an empty element.

export type Format = 'json' | 'xml';

export type Open311Value = string | number | boolean | null | Open311Value[] | { [key: string]: Open311Value };

/** The element name of an item of each list the spec's XML uses, by the list's own name. */
export const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  service_requests_updates: 'request_update',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  extensions: 'extension',
};

// XML 1.0 allows neither these control characters nor lone surrogates; they are dropped, not escaped.
const INVALID_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function element(name: string, value: Open311Value): string {
  if (value === null || value === '') return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The XML document of a response: `root` is the list's name (services, service_requests, errors …) or the single object's. */
export function toXml(root: string, value: Open311Value): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value)}\n`;
}

export const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** The body of an answer in either format. */
export function render(format: Format, root: string, value: Open311Value): string {
  return format === 'json' ? JSON.stringify(value) : toXml(root, value);
}

/** A GeoReport error: the HTTP status, and its code and description as the spec's `errors` list carries them. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 413 | 429 | 500 | 503,
    readonly description: string,
  ) {
    super(description);
  }
}

export function errorBody(format: Format, error: Open311Error): string {
  return render(format, 'errors', [{ code: error.status, description: error.description }]);
}

/** W3C datetime with the time zone, as the spec shows (2010-04-14T06:37:38-08:00), in China's time. */
export function w3cDate(date: Date | null): string | null {
  if (!date) return null;
  const shifted = new Date(date.getTime() + 8 * 3600_000);
  return `${shifted.toISOString().slice(0, 19)}+08:00`;
}

const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A query's date: a W3C date or datetime with its zone (a bare date is midnight in China). Undefined when absent; throws 400 when malformed. */
export function parseW3cDate(name: string, value: string | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const text = value.length === 10 ? `${value}T00:00:00+08:00` : value;
  const date = new Date(text);
  if (!W3C_DATETIME.test(value) || Number.isNaN(date.getTime())) {
    throw new Open311Error(400, `${name} must be a W3C datetime with a time zone, such as 2026-11-01T00:00:00+08:00`);
  }
  return date;
}
