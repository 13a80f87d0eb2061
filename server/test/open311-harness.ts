import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

// The GeoReport v2 contract from ../shared/data/open311: its JSON Schemas compiled once, for the tests.

export const OPEN311_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/data/open311');

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** A validator for one of the schemas: services, service, service-definition, requests, request. */
export function validator(name: 'services' | 'service' | 'service-definition' | 'requests' | 'request'): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    for (const file of ['service', 'services', 'request', 'requests', 'service-definition']) {
      const schema = JSON.parse(fs.readFileSync(path.join(OPEN311_DIR, `schemas/georeport-v2_${file}.json`), 'utf8')) as object;
      ajv.addSchema(schema, `${file}.json`);
    }
  }
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.getSchema(`${name}.json`)!;
    compiled.set(name, validate);
  }
  return validate;
}
