// Number formatting shared by the status bar, treemap and table, so they always agree.

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const rate = new Intl.NumberFormat('en', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

export function formatCount(n: number): string {
  return integer.format(n);
}

export function formatRate(n: number): string {
  return rate.format(n);
}

/**
 * A fraction (0..1) as a percentage with one decimal, e.g. 0.1234 → "12.3%"; tiny non-zero
 * shares say so. The page prints languages' shares through SharePrinter, which uses this.
 */
export function formatPercent(fraction: number): string {
  if (!(fraction > 0)) return '0%';
  const percent = fraction * 100;
  if (percent < 0.1) return '<0.1%';
  return `${percent.toFixed(1)}%`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}
