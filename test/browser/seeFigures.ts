import type {Page} from "playwright-core";

/**
 * Scrolls to figure `name` (opening the <details> it is in), as a reader does, and waits until it shows:
 * - `until: "newest"` (the default): its newest data. A figure far from the screen draws, and redraws, only once the reader
 *   comes near it (components/figures/figureTurn.ts); until then the figure, or the box holding its place, says data-redraw="waiting".
 * - `until: "chart"`: a chart over 50 × 50 px, not just its legend swatches. Figures redraw every frame while a chapter
 *   trains, so this is measured in one step inside the page.
 * This is the one place that finds a figure, or the box holding its place until it draws.
 */
export async function seeFigure(page: Page, name: string, {timeout = 30_000, until = "newest"}: {timeout?: number; until?: "newest" | "chart"} = {}): Promise<void> {
  const seen = page.waitForFunction(
    ({name, until}) => {
      const figure = document.querySelector(`figure[data-figure="${name}"]`) ?? document.querySelector(`[data-figure-place~="${name}"]`);
      for (let closed = figure?.closest<HTMLDetailsElement>("details:not([open])"); closed; closed = closed.closest<HTMLDetailsElement>("details:not([open])")) closed.open = true; // a figure in a closed <details>: open it, as a reader would
      figure?.scrollIntoView({block: "center"});
      if (until === "chart") return [...document.querySelectorAll(`figure[data-figure="${name}"] svg`)].some((svg) => svg.getBoundingClientRect().width > 50 && svg.getBoundingClientRect().height > 50);
      return figure?.matches("figure") === true && !figure.hasAttribute("data-redraw");
    },
    {name, until},
    {timeout}
  );
  await seen.catch(async (error) => {
    const state = await page.evaluate((name) => {
      const figure = document.querySelector(`figure[data-figure="${name}"]`) ?? document.querySelector(`[data-figure-place~="${name}"]`);
      return figure ? `${figure.tagName.toLowerCase()}, data-redraw=${figure.getAttribute("data-redraw")}, shown ${figure.checkVisibility()}, top ${Math.round(figure.getBoundingClientRect().top)} of ${innerHeight}, charts ${[...figure.querySelectorAll("svg")].map((svg) => `${Math.round(svg.getBoundingClientRect().width)}×${Math.round(svg.getBoundingClientRect().height)}`).join(" ") || "none"}` : "not on the page";
    }, name);
    throw new Error(`figure ${name} did not show ${until === "chart" ? "a chart" : "its newest data"} in ${timeout} ms (${state}): ${error.message.split("\n")[0]}`);
  });
}

/** seeFigure for every figure on the page, drawn or holding its place, in reading order, then back to the top. */
export async function seeAllFigures(page: Page): Promise<void> {
  const names = await page.locator("figure[data-figure], [data-figure-place]").evaluateAll((figures) => figures.flatMap((figure) => (figure as HTMLElement).dataset.figure ?? (figure as HTMLElement).dataset.figurePlace!.split(" "))); // a box may hold the place of several figures
  for (const name of names) await seeFigure(page, name);
  await page.evaluate(() => window.scrollTo(0, 0));
}
