/** A column of a text table: its heading and how its cells line up. */
export interface Column {
  readonly heading: string;
  readonly align?: 'left' | 'right';
}

/**
 * Lays rows out as a plain-text table, columns padded to their widest cell, with a rule
 * under the headings.
 *
 * @example
 * formatTable([{ heading: 'init' }, { heading: 'loss', align: 'right' }], [['xavier', '0.31']]);
 */
export function formatTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
): string {
  const widths = columns.map((column, i) =>
    Math.max(column.heading.length, ...rows.map((row) => row[i].length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) =>
        columns[i].align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i]),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(columns.map((column) => column.heading)), rule, ...rows.map(line)].join('\n');
}
