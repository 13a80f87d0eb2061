import { readFile } from 'node:fs/promises';
import { type Catalogue, validateCatalogue } from './catalogue.rules.ts';

/** The demo city's (周口市) catalogue shipped with the project. */
export const DEMO_CATALOGUE_URL = new URL('../../../../fixtures/catalogue/zhoukou-catalogue.json', import.meta.url);

/** Reads and validates a catalogue JSON file; a bad file throws with every error and its path. */
export async function loadCatalogueFile(url: URL = DEMO_CATALOGUE_URL): Promise<Catalogue> {
  const tree: unknown = JSON.parse(await readFile(url, 'utf8'));
  const result = validateCatalogue(tree);
  if (!result.ok) {
    const lines = result.errors.map((error) => `  ${error.path}: ${error.reason}`);
    throw new Error(`invalid catalogue ${url.pathname}:\n${lines.join('\n')}`);
  }
  return result.catalogue;
}
