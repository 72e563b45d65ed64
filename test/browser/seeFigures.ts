import type {Page} from "playwright-core";

/**
 * Scrolls to figure `name` (opening the <details> it is in), as a reader does, and waits until it shows:
 * - `until: "newest"` (the default): its newest data. A figure far from the screen draws, and redraws, only once the reader
 *   comes near it (components/figures/figureTurn.ts); until then the figure, or the box holding its place, says data-redraw="waiting".
 * - `until: "chart"`: a chart over 50 × 50 px, not just its legend swatches. Figures redraw every frame while a chapter
 *   trains, so this is measured in one step inside the page.
 * This is the one place that finds a figure, or the box holding its place until it draws. A wait that fails says what
 * the page showed then, and what happened during the wait: frames drawn, figures of that name inserted, waits marked.
 */
export async function seeFigure(page: Page, name: string, {timeout = 30_000, until = "newest"}: {timeout?: number; until?: "newest" | "chart"} = {}): Promise<void> {
  // What happens to the figure during the wait, for the message when it fails: frames drawn, figures of that name inserted, and waits marked on them.
  await page.evaluate((name) => {
    if ((globalThis as any).figureWatch) (globalThis as any).figureWatch.stop = true;
    const seen = ((globalThis as any).figureWatch = {frames: 0, inserted: 0, waiting: 0, stop: false});
    const frame: FrameRequestCallback[] = []; // an array, not a named function: the test's TypeScript loader would name it with a helper the page lacks
    frame.push(() => seen.stop || (++seen.frames, requestAnimationFrame(frame[0])));
    requestAnimationFrame(frame[0]);
    const observer = new MutationObserver((records) => {
      if (seen.stop) return observer.disconnect();
      for (const record of records) {
        const target = record.target as Element;
        if (record.type === "attributes" && target.getAttribute("data-redraw") === "waiting" && (target.getAttribute("data-figure") === name || target.getAttribute("data-figure-place")?.split(" ").includes(name))) ++seen.waiting;
        for (const node of record.addedNodes) if (node instanceof Element && (node.matches(`figure[data-figure="${name}"]`) || node.querySelector(`figure[data-figure="${name}"]`))) ++seen.inserted;
      }
    });
    observer.observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ["data-redraw"]});
  }, name);
  const seen = page.waitForFunction(
    ({name, until}) => {
      const figure = document.querySelector(`figure[data-figure="${name}"]`) ?? document.querySelector(`[data-figure-place~="${name}"]`);
      for (let closed = figure?.closest<HTMLDetailsElement>("details:not([open])"); closed; closed = closed.closest<HTMLDetailsElement>("details:not([open])")) closed.open = true; // a figure in a closed <details>: open it, as a reader would
      figure?.scrollIntoView({block: "center"});
      if (until === "chart") return [...document.querySelectorAll(`figure[data-figure="${name}"] svg`)].some((svg) => svg.getBoundingClientRect().width > 50 && svg.getBoundingClientRect().height > 50);
      return figure?.matches("figure") === true && !figure.hasAttribute("data-redraw");
    },
    {name, until},
    // Checked every 100 ms, not every frame: in CI (4f4b3be) chapter 12's phase diagram was drawn and not waiting when a
    // frame-polled wait for it timed out after 30 s, as if the page had drawn no frame in that time.
    {timeout, polling: 100}
  );
  await seen.catch(async (error) => {
    const state = await page.evaluate((name) => {
      const figure = document.querySelector(`figure[data-figure="${name}"]`) ?? document.querySelector(`[data-figure-place~="${name}"]`);
      const {frames, inserted, waiting} = (globalThis as any).figureWatch;
      const during = `; during the wait ${frames} frames, ${inserted} figure(s) of that name inserted, ${waiting} marked waiting`;
      return (figure ? `${figure.tagName.toLowerCase()}, data-redraw=${figure.getAttribute("data-redraw")}, shown ${figure.checkVisibility()}, top ${Math.round(figure.getBoundingClientRect().top)} of ${innerHeight}, charts ${[...figure.querySelectorAll("svg")].map((svg) => `${Math.round(svg.getBoundingClientRect().width)}×${Math.round(svg.getBoundingClientRect().height)}`).join(" ") || "none"}` : "not on the page") + during;
    }, name);
    throw new Error(`figure ${name} did not show ${until === "chart" ? "a chart" : "its newest data"} in ${timeout} ms (${state}): ${error.message.split("\n")[0]}`);
  });
  await page.evaluate(() => ((globalThis as any).figureWatch.stop = true));
}

/** seeFigure for every figure on the page, drawn or holding its place, in reading order, then back to the top. */
export async function seeAllFigures(page: Page): Promise<void> {
  const names = await page.locator("figure[data-figure], [data-figure-place]").evaluateAll((figures) => figures.flatMap((figure) => (figure as HTMLElement).dataset.figure ?? (figure as HTMLElement).dataset.figurePlace!.split(" "))); // a box may hold the place of several figures
  for (const name of names) await seeFigure(page, name);
  await page.evaluate(() => window.scrollTo(0, 0));
}
