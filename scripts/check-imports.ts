// `npm run check:imports [-- DIR]`: the import graph of a TypeScript tree (src/ by default). Fails (exit 1) on any
// import cycle and on any import from a server transport up into the hub or the session; prints each, one a line.
// Every relative import counts, type-only ones and `export … from` too (a type import still ties two modules
// together for whoever reads them), and so do dynamic imports of a literal path. Packages are not followed.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/** Files tied in a circle (a strongly connected component of the import graph), relative to the tree. */
export interface ImportCycle {
  /** Every file of the group, sorted. */
  files: string[];
  /** A shortest closed path through it, from its first file back to that file. */
  loop: string[];
}

/** What the check found in one tree. */
export interface ImportReport {
  /** How many source files were read. */
  files: number;
  /** Each group of files that import one another in a circle, and one closed path through it. */
  cycles: ImportCycle[];
  /** Imports that run from a server transport up into the chat core, as [importer, imported]. */
  upward: [string, string][];
}

/** Files that server/transports/ must not import: transports hand connections over; they know no session. */
const CORE = new Set(['server/hub.ts', 'server/session.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The file a relative specifier names, as NodeNext resolves it ('./a.js' is a.ts), or null outside the tree. */
function resolve(from: string, specifier: string, known: Set<string>): string | null {
  const base = path.resolve(path.dirname(from), specifier);
  const stem = base.replace(/\.(m|c)?jsx?$/, '');
  const candidates = [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    `${base}.ts`,
    `${base}.tsx`,
    path.join(base, 'index.ts'),
  ];
  return candidates.find((file) => known.has(file)) ?? null;
}

/** Each file's imports of other files in the tree. */
function importGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    // preProcessFile lists import, import type, export … from, import('…') and require('…'), without type checking.
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = new Set<string>();
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolve(file, fileName, known);
      if (target !== null && target !== file) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** The strongly connected components of more than one file (Tarjan's algorithm, iterative). */
function components(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; edge: number }[] = [{ node: root, edge: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node)!;
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++]!;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1) found.push(component.sort());
      }
    }
  }
  return found;
}

/** One closed path through a component, from its first file back to it (breadth-first: a shortest one). */
function loopThrough(component: string[], graph: Map<string, string[]>): string[] {
  const members = new Set(component);
  const start = component[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of graph.get(node)!) {
      if (!members.has(to)) continue;
      if (to === start) {
        const loop = [start];
        for (let at = node; at !== start; at = cameFrom.get(at)!) loop.unshift(at);
        loop.unshift(start);
        return loop;
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node);
        queue.push(to);
      }
    }
  }
  return [...component, start]; // unreachable for a strongly connected component
}

/** Read the tree under `dir` and report its cycles and upward imports. */
export function checkImports(dir: string): ImportReport {
  const root = path.resolve(dir);
  const files = sourceFiles(root);
  const graph = importGraph(files);
  const rel = (file: string): string => path.relative(root, file).split(path.sep).join('/');
  const cycles = components(graph).map((component) => ({
    files: component.map(rel),
    loop: loopThrough(component, graph).map(rel),
  }));
  const upward: [string, string][] = [];
  for (const [file, targets] of graph) {
    if (!rel(file).startsWith('server/transports/')) continue;
    for (const target of targets) if (CORE.has(rel(target))) upward.push([rel(file), rel(target)]);
  }
  return { files: files.length, cycles, upward };
}

/** The report as lines for a terminal: one problem a line, then a summary. */
export function formatReport(report: ImportReport): string[] {
  return [
    ...report.cycles.map(({ files, loop }) =>
      files.length === loop.length - 1
        ? `import cycle: ${loop.join(' -> ')}`
        : `import cycle among ${files.length} files (${files.join(', ')}), for one: ${loop.join(' -> ')}`,
    ),
    ...report.upward.map(
      ([from, to]) => `upward import: ${from} -> ${to} (transports must not import the core)`,
    ),
    `${report.cycles.length} cycle(s), ${report.upward.length} upward import(s) in ${report.files} files`,
  ];
}

function main(argv: string[]): number {
  const dir = argv[0] ?? 'src';
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    process.stderr.write(`check-imports: ${dir} is not a directory\n`);
    return 2;
  }
  const report = checkImports(dir);
  const failed = report.cycles.length > 0 || report.upward.length > 0;
  (failed ? process.stderr : process.stdout).write(`${formatReport(report).join('\n')}\n`);
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
