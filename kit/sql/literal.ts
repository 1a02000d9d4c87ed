/** A ClickHouse string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** Text that goes into a template must not open a template block by accident. */
export function assertTemplateSafe(text: string, what: string): string {
  if (/\{[{%#]/.test(text)) throw new Error(`${what} contains a template marker ({{, {% or {#)`);
  return text;
}

/**
 * Rounds half up (as JavaScript's Math.round) to `digits` decimals. ClickHouse's round()
 * rounds float ties to even, so 81.25 would show as 81.2 here and 81.3 in a browser.
 */
export function roundHalfUp(x: string, digits: number): string {
  const scale = 10 ** digits;
  return `floor((${x}) * ${scale} + 0.5) / ${scale}`;
}
