// The SDK bundles for browsers: no node: module, no TCP transport and no zod schemas in the bundle (TCP and TLS
// load on demand in Node only). esbuild is what vite and tsx build with, so it is already installed.
import { build } from 'esbuild';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('the browser bundle of parley/client', () => {
  it('holds no node: import, no TCP transport and no zod', async () => {
    const result = await build({
      entryPoints: [path.join(ROOT, 'src/client/index.ts')],
      absWorkingDir: ROOT,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('src/client/ws.ts');
    expect(inputs).not.toContain('src/client/node.ts');
    expect(inputs.filter((input) => input.includes('zod'))).toEqual([]);
    expect(result.outputFiles[0]!.text).not.toMatch(/["']node:/);
  });
});
