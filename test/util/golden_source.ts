/**
 * Node source of the raw golden JSON (jest). The browser bundle replaces this module with
 * test/browser/golden_source.ts (same export), so nothing here reaches a browser.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The parsed contents of test/golden/`name`. */
export function readGoldenJson(name: 'forward.json'|'errors.json'): unknown {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'golden', name), 'utf8'));
}
