/**
 * A query string whose every "%" starts a valid escape: a stray one (a link cut short, "?cell.x=%%%")
 * becomes "%25". tfjs decodes every parameter of the page's URL when it loads and throws on a
 * malformed escape, which would stop the whole page.
 */
export function repairQuery(search: string): string {
  return search.replace(/%(?![0-9a-fA-F]{2})/g, "%25");
}

/** Puts the repaired query in the address bar, without a new history entry. */
function repairAddress(repair: (search: string) => string): void {
  const repaired = repair(location.search);
  if (repaired !== location.search) history.replaceState(history.state, "", `${location.pathname}${repaired}${location.hash}`);
}

/**
 * The repair as a classic inline script for every page's <head> (observablehq.config.ts): it runs before
 * any module, so before tfjs-core (a chunk a page's bundle imports, evaluated ahead of the bundle's own
 * code) reads the address.
 */
export const REPAIR_QUERY_SCRIPT = `(${repairAddress.toString()})(${repairQuery.toString()});`;
