/** Turns per-engine results into figures, ratios and the printed tables. */

const SCALE = { 'GFLOP/s': 1e9, 'GB/s': 1e9, 'Msamples/s': 1e6, 'steps/s': 1 };

/** The row's figure in its unit from a median time: throughput rows use `row.work`. */
export function figure(row, medianMs) {
  if (row.unit === 'ms') return medianMs;
  if (row.unit === 's') return medianMs / 1e3;
  return row.work / SCALE[row.unit] / (medianMs / 1e3);
}

/** x's speed over the other's for the same work (>1: x is faster), or null. */
export function speedRatio(xCell, otherCell) {
  if (xCell?.medianMs === undefined || otherCell?.medianMs === undefined) return null;
  return otherCell.medianMs / xCell.medianMs;
}

function number(value) {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}

/** Aligned text table; the first column left-aligned, the others right-aligned. */
function table(header, lines) {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const render = (cells) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = '-'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  return [render(header), rule, ...lines.map((l) => (l.length === 1 ? `${l[0]}` : render(l)))].join(
    '\n',
  );
}

/**
 * The printed report. `cells[engineId][rowId]` is { medianMs, samplesMs, ... } or { na }.
 * Returns the text; n/a reasons become numbered notes under the tables.
 */
export function renderReport({
  rows,
  engines,
  cells,
  adapter,
  titles,
  policy,
  policyOf,
  torchBlas,
}) {
  const notes = [];
  const cell = (engineId, row) => {
    const c = cells[engineId]?.[row.id];
    if (c === undefined) return '';
    if (c.na !== undefined) {
      let k = notes.indexOf(c.na);
      if (k < 0) k = notes.push(c.na) - 1;
      return `n/a[${k + 1}]`;
    }
    return number(figure(row, c.medianMs));
  };
  const ratio = (row, xId, otherId) => {
    const r = speedRatio(cells[xId]?.[row.id], cells[otherId]?.[row.id]);
    return r === null ? '-' : number(r);
  };
  const ms = (engineId, row) => {
    const c = cells[engineId]?.[row.id];
    return c?.medianMs === undefined ? '-' : number(c.medianMs);
  };
  const byEngine = Object.fromEntries(engines.map((e) => [e.id, e]));
  const cpuEngines = engines.filter((e) => e.device === 'cpu');
  const out = [];

  const cpuRows = rows.filter((r) => r.device === 'cpu');
  if (cpuRows.length > 0 && cpuEngines.length > 0) {
    const pairs = [
      ['x', 'torch-1t', 'x/torch'],
      ['x', 'tfjs-wasm', 'x/wasm'],
      ['x', 'tfjs-cpu', 'x/cpu'],
      ['x-nt', 'torch-nt', 'xNT/torchNT'],
    ]
      .filter(([a, b]) => a in byEngine && b in byEngine)
      .filter(([, b]) => !b.startsWith('torch') || torchBlas?.native !== false);
    if (torchBlas !== undefined && cpuEngines.some((e) => e.lib === 'torch')) {
      out.push(`CPU rows; PyTorch on ${torchBlas.label}`);
      if (torchBlas.tuning) out.push(`(${torchBlas.tuning})`);
    }
    const header = [
      'CPU row',
      'unit',
      'output',
      ...cpuEngines.map((e) => e.label),
      ...pairs.map((p) => p[2]),
      'x ms',
    ];
    out.push(
      table(
        header,
        grouped(cpuRows, titles, (row) => [
          row.label,
          row.unit,
          row.output,
          ...cpuEngines.map((e) => cell(e.id, row)),
          ...pairs.map(([a, b]) => ratio(row, a, b)),
          ms('x', row),
        ]),
      ),
    );
  }

  const gpuRows = rows.filter((r) => r.device === 'gpu');
  const gpuEngines = engines.filter((e) => e.device === 'gpu');
  if (gpuRows.length > 0 && gpuEngines.length > 0) {
    out.push('');
    out.push(`GPU rows, on ${adapter?.label ?? 'no WebGPU adapter'}`);
    const header = [
      'GPU row',
      'unit',
      'output',
      ...gpuEngines.map((e) => e.label),
      'x/tfjs',
      'x ms',
      'tfjs ms',
    ];
    out.push(
      table(
        header,
        grouped(gpuRows, titles, (row) => [
          row.label,
          row.unit,
          row.output,
          ...gpuEngines.map((e) => cell(e.id, row)),
          ratio(row, 'x-webgpu', 'tfjs-webgpu'),
          ms('x-webgpu', row),
          ms('tfjs-webgpu', row),
        ]),
      ),
    );
  }

  out.push('');
  if (torchBlas?.native === false && engines.some((e) => e.lib === 'torch')) {
    out.push(
      `No x/torch ratios: PyTorch runs on ${torchBlas.label}, not a native BLAS (OpenBLAS, MKL, ` +
        'BLIS), so its products are several times slower than PyTorch as users install it. ' +
        'Install one (Debian: apt-get install libopenblas0-pthread) and run again.',
      '',
    );
  }
  out.push(...legend(policy, rows, policyOf));
  // Rows sharing a note are listed together under it.
  const rowsByNote = new Map();
  for (const r of rows.filter((row) => row.note !== undefined)) {
    const label = `${r.device === 'gpu' ? 'GPU ' : ''}${r.label}`;
    rowsByNote.set(r.note, [...(rowsByNote.get(r.note) ?? []), label]);
  }
  if (rowsByNote.size > 0) {
    out.push('', 'Row notes:');
    for (const [note, labels] of rowsByNote) out.push(`  ${labels.join('; ')}: ${note}`);
  }
  if (notes.length > 0) {
    out.push('', 'n/a:');
    out.push(...notes.map((reason, i) => `  [${i + 1}] ${reason}`));
  }
  return out.join('\n');
}

function grouped(rows, titles, render) {
  const lines = [];
  let title;
  for (const row of rows) {
    if (titles[row.id] !== title) lines.push([`# ${(title = titles[row.id])}`]);
    lines.push(render(row));
  }
  return lines;
}

function legend(policy, rows, policyOf) {
  const own = rows
    .filter((row) => policyOf(row) !== policy)
    .map((row) => {
      const p = policyOf(row);
      return `${row.device === 'gpu' ? 'GPU ' : ''}${row.label} (${p.warmupMs / 1000} s, up to ${p.repeats})`;
    });
  return [
    `Figures: median of up to ${policy.repeats} timed runs after ${policy.warmupMs / 1000} s of ` +
      `warm-up runs (at least one); a cell stops early once its runs pass ${policy.budgetMs / 1000} s ` +
      `(at least ${policy.minRepeats} runs, or 1 when the first run alone took longer). ` +
      (own.length > 0 ? `Own warm-up and runs: ${own.join('; ')}. ` : '') +
      'Run counts and every sample are in the JSON.',
    "x/torch, x/wasm, x/cpu, x/tfjs: x's speed ÷ the other's for the same work, whatever the unit " +
      '(>1: x is faster); x 1T against single-thread PyTorch and tfjs-wasm. xNT/torchNT compares both ' +
      'on every thread; x NT runs only rows whose x kernels use threads (matmul, elementwise, MLP).',
    'output: new = every call allocates its output and the time includes that; in place / ' +
      'preallocated = the output exists before timing.',
    'Memory: x takes outputs from a size-keyed buffer pool (no fresh memory after the warm-up; ' +
      'temporaries left to the GC return only once collected and their finalizers have run, which ' +
      'needs a turn of the event loop: CPU steps never yield, GPU read-backs do). PyTorch mallocs each output: ' +
      'blocks over 32 MB (2^24 floats) are fresh mmap pages every call, so first touch is timed. ' +
      'tfjs-wasm reuses its WASM heap; tfjs-cpu makes a new Float32Array per op (fresh memory).',
    'GPU times run from the first submit to a one-element read-back of the result (queues run in ' +
      'order, so all work issued before it has finished).',
  ];
}
