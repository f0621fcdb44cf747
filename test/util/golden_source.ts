/**
 * Node source of the raw golden JSON (jest). The browser bundle replaces this module with
 * test/browser/golden_source.ts (same export), so nothing here reaches a browser.
 */
import * as fs from 'fs';
import * as path from 'path';

export type GoldenFile = 'forward.json'|'errors.json'|'tensorflow.json'|'graph_models.json';

/** The parsed contents of test/golden/`name`. */
export function readGoldenJson(name: GoldenFile): unknown {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'golden', name), 'utf8'));
}
