// The renderer: a frame is one styled line per terminal row plus the cursor's place. Only rows that changed are
// rewritten, each from its first column, so incoming messages can never garble the input line.
import type { Span } from './text.js';
import { truncateSpans } from './text.js';

/** What the terminal should show. */
export interface Frame {
  rows: Span[][];
  cursor: { row: number; col: number };
}

/** Where frames are written, and the terminal's size. */
export interface TerminalOut {
  write(data: string): unknown;
  readonly columns: number;
  readonly rows: number;
}

const CSI = '\x1b[';

/** The ANSI text of one row of spans. */
export function renderRow(spans: Span[]): string {
  let out = '';
  for (const span of spans) out += span.style ? `${CSI}${span.style}m${span.text}${CSI}0m` : span.text;
  return out;
}

/** Draws frames on a terminal, rewriting only what changed since the previous frame. */
export class Screen {
  private previous: string[] = [];

  constructor(private readonly out: TerminalOut) {}

  /** Take over the terminal: alternate screen, cleared, no line wrap at the edge. */
  enter(): void {
    this.out.write(`${CSI}?1049h${CSI}?7l${CSI}2J${CSI}H`);
    this.previous = [];
  }

  /** Give the terminal back as it was. */
  leave(): void {
    this.out.write(`${CSI}0m${CSI}?7h${CSI}?25h${CSI}?1049l`);
  }

  /** Forget what is on screen (after a resize): the next frame is drawn whole. */
  invalidate(): void {
    this.previous = [];
    this.out.write(`${CSI}2J`);
  }

  /** Draw a frame. */
  draw(frame: Frame): void {
    const width = this.out.columns;
    let out = `${CSI}?25l`; // hide the cursor while rows are rewritten
    frame.rows.forEach((spans, row) => {
      const text = renderRow(truncateSpans(spans, width));
      if (this.previous[row] === text) return;
      this.previous[row] = text;
      out += `${CSI}${row + 1};1H${CSI}2K${text}`;
    });
    this.previous.length = frame.rows.length;
    out += `${CSI}${frame.cursor.row + 1};${frame.cursor.col + 1}H${CSI}?25h`;
    this.out.write(out);
  }
}
