// The operations of the API's own OpenAPI document, for the generated tests (fuzz, isolation).
import type { Client } from './harness.ts';

export type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
};

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  template: string;
  pathParams: string[];
  query: { name: string; schema?: Schema }[];
  body?: Schema;
}

/** Streams never end and logging out ends the session under test: the generated tests leave them alone. */
const SKIPPED = /\/stream$|^\/api\/events$|^\/api\/auth\/logout$|^\/api\/docs|^\/api\/openapi/;

export async function apiOperations(client: Client): Promise<Operation[]> {
  type Raw = {
    parameters?: { name: string; in: string; schema?: Schema }[];
    requestBody?: { content?: Record<string, { schema?: Schema }> };
  };
  const document = (await client.get('/api/openapi.json')).json<{ paths: Record<string, Record<string, Raw>> }>();
  return Object.entries(document.paths).flatMap(([template, methods]) =>
    SKIPPED.test(template)
      ? []
      : Object.entries(methods)
          .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
          .map(([method, raw]) => ({
            method: method.toUpperCase() as Operation['method'],
            template,
            pathParams: (raw.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
            query: (raw.parameters ?? []).filter((p) => p.in === 'query').map(({ name, schema }) => ({ name, schema })),
            body: raw.requestBody?.content?.['application/json']?.schema,
          })),
  );
}

/** The operation's URL with its path parameters filled in order and a query string. */
export function urlOf(operation: Operation, path: readonly string[], query: Record<string, string> = {}): string {
  let url = operation.template;
  for (const [i, name] of operation.pathParams.entries()) url = url.replace(`{${name}}`, encodeURIComponent(path[i]!));
  const search = new URLSearchParams(query).toString();
  return search ? `${url}?${search}` : url;
}
