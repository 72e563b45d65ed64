import type {Page} from "playwright-core";

/**
 * Scrolls to figure `name` (opening the <details> it is in), as a reader does, and waits until it shows its newest data: a figure far from the
 * screen draws, and redraws, only once the reader comes near it (components/figures/figureTurn.ts); until then the figure, or the
 * box holding its place, says data-redraw="waiting".
 */
export async function seeFigure(page: Page, name: string, timeout = 30_000): Promise<void> {
  const seen = page.waitForFunction(
    (name) => {
      const figure = document.querySelector(`figure[data-figure="${name}"]`) ?? document.querySelector(`[data-figure-place~="${name}"]`);
      for (let closed = figure?.closest<HTMLDetailsElement>("details:not([open])"); closed; closed = closed.closest<HTMLDetailsElement>("details:not([open])")) closed.open = true; // a figure in a closed <details>: open it, as a reader would
      figure?.scrollIntoView({block: "center"});
      return figure?.matches("figure") === true && !figure.hasAttribute("data-redraw");
    },
    name,
    {timeout}
  );
  await seen.catch(async (error) => {
    const state = await page.evaluate((name) => {
      const figure = document.querySelector(`figure[data-figure="${name}"]`) ?? document.querySelector(`[data-figure-place~="${name}"]`);
      return figure ? `${figure.tagName.toLowerCase()}, data-redraw=${figure.getAttribute("data-redraw")}, shown ${figure.checkVisibility()}, top ${Math.round(figure.getBoundingClientRect().top)} of ${innerHeight}` : "not on the page";
    }, name);
    throw new Error(`figure ${name} did not show its newest data in ${timeout} ms (${state}): ${error.message.split("\n")[0]}`);
  });
}

/** seeFigure for every figure on the page, drawn or holding its place, in reading order, then back to the top. */
export async function seeAllFigures(page: Page): Promise<void> {
  const names = await page.locator("figure[data-figure], [data-figure-place]").evaluateAll((figures) => figures.flatMap((figure) => (figure as HTMLElement).dataset.figure ?? (figure as HTMLElement).dataset.figurePlace!.split(" "))); // a box may hold the place of several figures
  for (const name of names) await seeFigure(page, name);
  await page.evaluate(() => window.scrollTo(0, 0));
}
