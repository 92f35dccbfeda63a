// TEMPORARY (helper's local test setup): maps src/mime/parse.js to a stub until it lands.
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';
import path from 'node:path';
export default mergeConfig(base, defineConfig({
  resolve: { alias: [{ find: /^\.\.\/mime\/parse\.js$/, replacement: path.resolve('test/store/mime-stub.ts') }] },
}));
