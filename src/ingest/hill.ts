/**
 * Hill order: with carbon present, C first, then H, then the rest alphabetically; without carbon,
 * everything alphabetically (H included). Returns each element once.
 */
export function hillOrder<E extends string>(elements: Iterable<E>): E[] {
  const distinct = [...new Set(elements)].sort();
  if (!distinct.some((e) => e === 'C')) return distinct;
  const isCH = (e: E) => e === 'C' || e === 'H';
  // sorted, so C comes before H
  return [...distinct.filter(isCH), ...distinct.filter((e) => !isCH(e))];
}

/** Hill formula of a list of atoms' elements, e.g. `C2H6O`; a count of 1 is not written. */
export function hillFormula(elements: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const element of elements) counts.set(element, (counts.get(element) ?? 0) + 1);
  return hillOrder(counts.keys())
    .map((element) => {
      const count = counts.get(element)!;
      return count === 1 ? element : `${element}${count}`;
    })
    .join('');
}
