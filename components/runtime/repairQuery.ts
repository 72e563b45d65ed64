/**
 * A query string whose every "%" starts a valid escape: a stray one (a link cut short, "?cell.x=%%%")
 * becomes "%25". tfjs decodes every parameter of the page's URL when it loads and throws on a
 * malformed escape, which would stop the whole page; course.ts imports this module first, and in a
 * browser it repairs the address before tfjs reads it.
 */
export function repairQuery(search: string): string {
  return search.replace(/%(?![0-9a-fA-F]{2})/g, "%25");
}

if (typeof location !== "undefined" && typeof history !== "undefined") {
  const repaired = repairQuery(location.search);
  if (repaired !== location.search) history.replaceState(history.state, "", `${location.pathname}${repaired}${location.hash}`);
}
