/** Where the bar is drawn: a stream that may be a terminal (process.stderr). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

const BAR_WIDTH = 30;

/**
 * A one-line progress bar, redrawn in place on a terminal. Off a terminal (a pipe, CI) it
 * writes a line at each quarter instead, so logs stay readable.
 *
 * @example
 * const bar = new ProgressBar(process.stderr, 'xavier_uniform', 300);
 * for (let step = 1; step <= 300; step++) bar.update(step, `loss 0.42`);
 * bar.done();
 */
export class ProgressBar {
  private lastQuarter = 0;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    private readonly total: number,
  ) {}

  update(current: number, note = ''): void {
    const fraction = this.total === 0 ? 1 : Math.min(current / this.total, 1);
    if (this.stream.isTTY) {
      const filled = Math.round(fraction * BAR_WIDTH);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
      const percent = `${Math.round(fraction * 100)}`.padStart(3);
      const text = `${this.label} ${bar} ${percent}% ${current}/${this.total} ${note}`;
      const width = this.stream.columns ?? 100;
      this.stream.write(`\r${text.slice(0, width - 1).padEnd(width - 1)}`);
      return;
    }
    const quarter = Math.floor(fraction * 4);
    if (quarter > this.lastQuarter) {
      this.lastQuarter = quarter;
      this.stream.write(`${this.label}: ${quarter * 25}% (${current}/${this.total}) ${note}\n`);
    }
  }

  done(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
