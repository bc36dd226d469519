// From raw results to the figures the report shows: medians over rounds, and ratios to the bare ws server
// of the same round (taken per round, then the median, so that drift between rounds cancels out).
import type { Result } from './harness.js';

/** The baseline every ratio is taken against. */
export const REFERENCE = 'bare-ws';

/** A finished run as stored in bench/results. */
export interface Run {
  date: string;
  machine: string;
  size: string;
  rounds: number;
  generatorProcesses: number;
  seconds: number;
  results: Result[];
}

/** The median of some numbers (NaN when there are none). */
export function median(values: number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** Scenario names in the order they first appear. */
export function scenarios(run: Run): string[] {
  return [...new Set(run.results.map((r) => r.scenario))];
}

/** Variants measured in a scenario, in a stable order. */
export function variantsOf(run: Run, scenario: string): string[] {
  const order = [
    'bare-ws',
    'bare-net',
    'socketio',
    'parley-ws',
    'parley-tcp',
    'parley-tls',
    'parley-tcp-sqlite',
  ];
  const seen = new Set(run.results.filter((r) => r.scenario === scenario).map((r) => r.variant));
  return order.filter((v) => seen.has(v));
}

/** The median of a metric over rounds. */
export function value(run: Run, scenario: string, variant: string, metric: string): number {
  return median(
    run.results
      .filter((r) => r.scenario === scenario && r.variant === variant)
      .map((r) => r.metrics[metric] ?? NaN),
  );
}

/** The median over rounds of a metric's ratio to another variant (the bare ws server by default). */
export function ratio(run: Run, scenario: string, variant: string, metric: string, to = REFERENCE): number {
  const ratios: number[] = [];
  for (const r of run.results) {
    if (r.scenario !== scenario || r.variant !== variant) continue;
    const ref = run.results.find((x) => x.scenario === scenario && x.variant === to && x.round === r.round);
    if (ref) ratios.push((r.metrics[metric] ?? NaN) / (ref.metrics[metric] ?? NaN));
  }
  return median(ratios);
}
