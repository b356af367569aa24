// The options of the bench scripts, given as `--name=value`.

/** Every value given as `--name=value`, in order (for options that may be repeated). */
export function optionValues(name: string): string[] {
  const prefix = `--${name}=`;
  return process.argv
    .filter((arg) => arg.startsWith(prefix))
    .map((arg) => arg.slice(prefix.length));
}

/** The value of the first `--name=value`, if any. */
export function optionValue(name: string): string | undefined {
  return optionValues(name)[0];
}

/** A whole number above zero given as `--name=N`, if any. */
export function countOption(name: string): number | undefined {
  const value = optionValue(name);
  return value !== undefined && /^\d+$/.test(value) && Number(value) > 0
    ? Number(value)
    : undefined;
}
