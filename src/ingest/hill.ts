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
  return hillSummary(elements).formula;
}

/** `hillOrder` and `hillFormula` of one list of atoms' elements, counting them once. */
export function hillSummary<E extends string>(elements: readonly E[]): { order: E[]; formula: string } {
  // a molecule has few distinct elements: a list beats a Map
  const distinct: E[] = [];
  const counts: number[] = [];
  for (const element of elements) {
    const index = distinct.indexOf(element);
    if (index === -1) {
      distinct.push(element);
      counts.push(1);
    } else {
      counts[index]! += 1;
    }
  }
  const order = hillOrder(distinct);
  let formula = '';
  for (const element of order) {
    const count = counts[distinct.indexOf(element)]!;
    formula += count === 1 ? element : `${element}${count}`;
  }
  return { order, formula };
}
