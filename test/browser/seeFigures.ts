import type {Page} from "playwright-core";

/**
 * Scrolls to figure `name` (opening the <details> it is in), as a reader does, and waits until it shows its newest data: a figure far from the
 * screen redraws only once the reader comes near it (components/figures/figureTurn.ts), and says
 * data-redraw="waiting" until then.
 */
export async function seeFigure(page: Page, name: string, timeout = 30_000): Promise<void> {
  const seen = page.waitForFunction(
    (name) => {
      const figure = document.querySelector(`figure[data-figure="${name}"]`);
      for (let closed = figure?.closest<HTMLDetailsElement>("details:not([open])"); closed; closed = closed.closest<HTMLDetailsElement>("details:not([open])")) closed.open = true; // a figure in a closed <details>: open it, as a reader would
      figure?.scrollIntoView({block: "center"});
      return figure !== null && !figure.hasAttribute("data-redraw");
    },
    name,
    {timeout}
  );
  await seen.catch(async (error) => {
    const state = await page.evaluate((name) => {
      const figure = document.querySelector(`figure[data-figure="${name}"]`);
      return figure ? `data-redraw=${figure.getAttribute("data-redraw")}, shown ${figure.checkVisibility()}, top ${Math.round(figure.getBoundingClientRect().top)} of ${innerHeight}` : "not on the page";
    }, name);
    throw new Error(`figure ${name} did not show its newest data in ${timeout} ms (${state}): ${error.message.split("\n")[0]}`);
  });
}

/** seeFigure for every figure on the page, in reading order, then back to the top. */
export async function seeAllFigures(page: Page): Promise<void> {
  const names = await page.locator("figure[data-figure]").evaluateAll((figures) => figures.map((figure) => (figure as HTMLElement).dataset.figure!));
  for (const name of names) await seeFigure(page, name);
  await page.evaluate(() => window.scrollTo(0, 0));
}
