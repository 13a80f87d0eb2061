import { XMLParser } from 'fast-xml-parser';
import { ITEM_NAMES, type Format, type Open311Value } from './open311.format.ts';

// Reads the answers of any GeoReport v2 server, in JSON or XML, into the spec's JSON shapes: the
// client side of Open311, for the cross-region work (跨区域协同) and for checking our own answers.
// Real servers differ: ids come as numbers or strings, published examples carry codes like 001
// that are not JSON, XML leaves empty elements; all of that reads into one typed shape.

export interface Service {
  service_code: string;
  service_name: string;
  description: string | null;
  metadata: boolean;
  type: string;
  keywords: string | null;
  group: string | null;
}

export interface ServiceRequest {
  service_request_id: string;
  status: string;
  status_notes: string | null;
  service_name: string | null;
  service_code: string | null;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string | null;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
  /** Any other field the server sent, kept as it came. */
  [extra: string]: unknown;
}

// The lists of the XML forms (services → service …) are the server's own: one table for both sides.
const LIST_ITEMS = ITEM_NAMES;
const BOOLEANS = new Set(['metadata', 'variable', 'required']);
const NUMBERS = new Set(['lat', 'long', 'order']);
const IDS = new Set(['service_code', 'service_request_id', 'token', 'account_id', 'address_id', 'zipcode', 'key', 'update_id']);

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name, jpath) => {
    const parent = String(jpath).split('.').at(-2);
    return parent !== undefined && LIST_ITEMS[parent] === name;
  },
});

/** A leaf's text as its field's type: booleans, numbers, ids as strings, empty as null. */
function typed(name: string, value: unknown): Open311Value {
  if (value === '' || value === undefined || value === null) return name in LIST_ITEMS ? [] : null;
  if (typeof value === 'object') return normalise(value as Record<string, unknown>, name);
  const text = String(value);
  if (BOOLEANS.has(name)) return text === 'true' || text === '1';
  if (NUMBERS.has(name) || (name === 'code' && /^\d+$/.test(text))) {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  return text;
}

function normalise(node: Record<string, unknown> | unknown[], name: string): Open311Value {
  if (name in LIST_ITEMS) {
    const items = (node as Record<string, unknown>)[LIST_ITEMS[name]!];
    return ((items as unknown[] | undefined) ?? []).map((item) => typed(LIST_ITEMS[name]!, item));
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, typed(key, value)]));
}

/** An XML answer in the spec's JSON shape: a list for services, service_requests, errors …; an object for the rest. */
export function parseXml(body: string): Open311Value {
  const document = parser.parse(body) as Record<string, unknown>;
  const [root, content] = Object.entries(document)[0] ?? [];
  if (!root) throw new Error('not an XML document');
  return root in LIST_ITEMS ? normalise((content || {}) as Record<string, unknown>, root) : typed(root, content);
}

/** A JSON answer, tolerating the bare codes with leading zeros of the spec's own examples (`"service_code":001`). */
export function parseJson(body: string): Open311Value {
  const repaired = body.replace(/("[a-z_]+"\s*:\s*)(0\d+)(?=\s*[,}\]])/g, '$1"$2"');
  return idsAsStrings(JSON.parse(repaired) as Open311Value);
}

function idsAsStrings(value: Open311Value): Open311Value {
  if (Array.isArray(value)) return value.map(idsAsStrings);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, IDS.has(key) && typeof v === 'number' ? String(v) : idsAsStrings(v)]),
  );
}

export function parseAnswer(body: string, format: Format): Open311Value {
  return format === 'json' ? parseJson(body) : parseXml(body);
}

const text = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));
const num = (v: unknown): number | null => (v === undefined || v === null || v === '' || !Number.isFinite(Number(v)) ? null : Number(v));

export function parseServices(body: string, format: Format): Service[] {
  const list = parseAnswer(body, format);
  if (!Array.isArray(list)) throw new Error('a service list is an array');
  return list.map((item) => {
    const s = item as Record<string, unknown>;
    return {
      service_code: String(s.service_code),
      service_name: String(s.service_name ?? ''),
      description: text(s.description),
      metadata: s.metadata === true || s.metadata === 'true',
      type: String(s.type ?? 'realtime'),
      keywords: text(s.keywords),
      group: text(s.group),
    };
  });
}

const REQUEST_TEXT = [
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'media_url',
] as const;

export function parseRequests(body: string, format: Format): ServiceRequest[] {
  const list = parseAnswer(body, format);
  if (!Array.isArray(list)) throw new Error('a request list is an array');
  return list.map((item) => {
    const r = item as Record<string, unknown>;
    const request: ServiceRequest = {
      ...r,
      service_request_id: String(r.service_request_id ?? r.token),
      status: String(r.status ?? ''),
      lat: num(r.lat),
      long: num(r.long),
    } as ServiceRequest;
    for (const field of REQUEST_TEXT) request[field] = text(r[field]);
    return request;
  });
}
