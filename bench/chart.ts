// The latency chart: p99 (solid) and p50 (dashed) against offered load, one line per server, as a
// self-contained SVG (no plotting library, so the report has no dependencies to install).
import { value, variantsOf } from './aggregate.js';
import type { Run } from './aggregate.js';

const COLORS: Record<string, string> = {
  'bare-ws': '#7f7f7f',
  'bare-net': '#bcbd22',
  socketio: '#d62728',
  'parley-ws': '#1f77b4',
  'parley-tcp': '#2ca02c',
};
const W = 720;
const H = 420;
const M = { left: 70, right: 150, top: 30, bottom: 50 };

/** An SVG of latency against offered deliveries per second, or null when the run measured no latency. */
export function latencyChart(run: Run): string | null {
  const scenarios = [...new Set(run.results.map((r) => r.scenario))].filter((s) => s.startsWith('latency-'));
  if (scenarios.length === 0) return null;
  const rates = scenarios.map((s) => Number(s.slice('latency-'.length))).sort((a, b) => a - b);
  const variants = variantsOf(run, scenarios[0]!);
  const series = variants.map((variant) => ({
    variant,
    p50: rates.map((rate) => value(run, `latency-${rate}`, variant, 'p50Ms')),
    p99: rates.map((rate) => value(run, `latency-${rate}`, variant, 'p99Ms')),
  }));
  const all = series.flatMap((s) => [...s.p50, ...s.p99]).filter((v) => Number.isFinite(v) && v > 0);
  const lo = Math.pow(10, Math.floor(Math.log10(Math.min(...all))));
  const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...all))));
  const xMax = rates[rates.length - 1]! * 1.05;
  const x = (rate: number): number => M.left + (rate / xMax) * (W - M.left - M.right);
  const y = (ms: number): number =>
    H -
    M.bottom -
    ((Math.log10(ms) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (H - M.top - M.bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${M.left}" y="18" font-size="14">Delivery latency against offered load (1 room x ${run.results.find((r) => r.scenario === scenarios[0])?.metrics.members ?? '?'} members)</text>`,
  ];
  for (let ms = lo; ms <= hi * 1.001; ms *= 10) {
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y(ms)}" y2="${y(ms)}" stroke="#ddd"/>`,
      `<text x="${M.left - 8}" y="${y(ms) + 4}" text-anchor="end">${ms >= 1 ? ms : ms.toFixed(3).replace(/0+$/, '')} ms</text>`,
    );
  }
  for (const rate of rates) {
    out.push(
      `<line x1="${x(rate)}" x2="${x(rate)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#eee"/>`,
      `<text x="${x(rate)}" y="${H - M.bottom + 16}" text-anchor="middle">${rate / 1000}k</text>`,
    );
  }
  out.push(
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 12}" text-anchor="middle">offered deliveries per second</text>`,
  );
  series.forEach((s, i) => {
    const color = COLORS[s.variant] ?? '#000';
    for (const [key, dash] of [
      ['p99', ''],
      ['p50', ' stroke-dasharray="5,4"'],
    ] as const) {
      const points = rates
        .map((rate, j) => [rate, s[key][j]!] as const)
        .filter(([, ms]) => Number.isFinite(ms) && ms > 0)
        .map(([rate, ms]) => `${x(rate).toFixed(1)},${y(ms).toFixed(1)}`);
      out.push(
        `<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${points.join(' ')}"/>`,
      );
    }
    const ly = M.top + 20 + i * 20;
    out.push(
      `<line x1="${W - M.right + 12}" x2="${W - M.right + 36}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${W - M.right + 42}" y="${ly + 4}">${s.variant}</text>`,
    );
  });
  const ly = M.top + 30 + series.length * 20;
  out.push(
    `<text x="${W - M.right + 12}" y="${ly}">solid: p99</text>`,
    `<text x="${W - M.right + 12}" y="${ly + 16}">dashed: p50</text>`,
    '</svg>',
  );
  return out.join('\n') + '\n';
}
