export const log = (text: string) => console.log(`[bench] ${text}`);
export const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** The opening lines of one section of bench/RESULTS.md. */
export function heading(title: string): string[] {
  return ['', `## ${title}`, ''];
}
