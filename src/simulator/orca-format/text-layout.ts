/** `4.51e-03`: C-style exponent with at least two digits, as ORCA prints. */
export function sci(value: number, digits = 2): string {
  const [mantissa, exponent = '0'] = value.toExponential(digits).split('e');
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

export function rule(length: number, char = '-'): string {
  return char.repeat(length);
}

export function titled(title: string): string[] {
  return [rule(title.length), title, rule(title.length)];
}

export function centeredBox(lines: readonly string[]): string[] {
  const width = 51;
  const border = `               ${'*'.repeat(width + 2)}`;
  return [
    '',
    border,
    ...lines.map((line) => {
      const left = Math.ceil((width - line.length) / 2);
      return `               *${' '.repeat(left)}${line}${' '.repeat(width - left - line.length)}*`;
    }),
    border,
    '',
  ];
}
