// Compile what the benchmark runs (parley's src/, the baselines, the load generator) to plain JavaScript under
// bench/results/build, as tsc would emit it, so that measured processes run without a TypeScript loader: tsx
// wraps every function in a naming helper (esbuild's keepNames), which costs memory per closure and time per
// closure created, and would bias the figures against whichever server creates more closures.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '..');
/** Where the compiled files go (inside the repository, so that node_modules resolves as from the sources). */
export const BUILD = path.join(ROOT, 'bench/results/build');
const SOURCES = ['src', 'bench/load', 'bench/baselines'];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Transpile the sources (no type check: tsc --noEmit does that); returns how many files were written. */
export function buildForBench(): number {
  const { config } = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, ROOT);
  // ES modules as NodeNext emits them for this package ("type": "module"); one file at a time cannot tell that.
  const compilerOptions = {
    ...options,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    sourceMap: false,
    declaration: false,
  };
  rmSync(BUILD, { recursive: true, force: true });
  let count = 0;
  for (const file of SOURCES.flatMap((dir) => walk(path.join(ROOT, dir)))) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions,
      fileName: file,
    });
    const out = path.join(BUILD, path.relative(ROOT, file)).replace(/\.tsx?$/, '.js');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, outputText);
    count++;
  }
  return count;
}
