import { readdirSync } from 'node:fs';
import { expect, test } from 'vitest';
import { migrations } from '../migrations/index.js';
import { migrationsFolder } from './migrate.js';

test('every migration file is registered, in order, and named YYYY_MM_DD_HHmmss_<verb>_<object>', () => {
  const files = readdirSync(migrationsFolder)
    .filter((f) => f !== 'index.ts')
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  expect(Object.keys(migrations)).toEqual(files);
  for (const name of files) expect(name).toMatch(/^\d{4}_\d{2}_\d{2}_\d{6}_[a-z]+(_[a-z0-9]+)+$/);
});
