/**
 * How much of the page's main thread a task used, beside how long it lasted. The Long Tasks API measures a task from
 * start to end on the wall clock; on this 2-core machine, with the chapter's worker computing, the browser's other
 * threads and the test itself running too, the system sometimes takes the page's thread off its core mid-task: a trace
 * of chapter 7 taking the reader's changes showed a 57 ms task of which the thread ran 36 ms. A Chromium trace
 * ("toplevel": one event per task, with its thread time) tells the two apart.
 *
 * startTaskTrace marks the page's clock in the trace (a performance.mark, seen in "blink.user_timing"), so that
 * threadTimeOf can find a Long Tasks API entry's task in the trace by its time.
 */
import type {Browser, Page} from "playwright-core";

const tracing = new WeakSet<Browser>(); // a test that failed between start and stop leaves its trace running

/** Starts tracing `page`'s tasks and marks its clock in the trace; stopTaskTrace ends it. */
export async function startTaskTrace(browser: Browser, page: Page): Promise<void> {
  if (tracing.has(browser)) await browser.stopTracing();
  await browser.startTracing(page, {categories: ["toplevel", "blink.user_timing"]});
  tracing.add(browser);
  await page.evaluate(() => performance.mark("course-task-trace"));
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number; // µs
  dur?: number; // µs, wall
  tdur?: number; // µs, on the thread
}

/** The page's main-thread tasks in the trace, in the page's clock (ms since its time origin): start, wall and thread time. */
export interface TracedTask {
  start: number;
  duration: number;
  threadTime: number;
}

export async function stopTaskTrace(browser: Browser, page: Page): Promise<TracedTask[]> {
  const anchor = await page.evaluate(() => performance.getEntriesByName("course-task-trace")[0]?.startTime ?? NaN);
  tracing.delete(browser);
  const events = (JSON.parse((await browser.stopTracing()).toString()) as {traceEvents: TraceEvent[]}).traceEvents;
  const mark = events.find((event) => event.name === "course-task-trace");
  if (!mark || Number.isNaN(anchor)) throw new Error("the page's mark is not in the trace: its tasks cannot be matched");
  const offset = mark.ts / 1000 - anchor; // trace ms − page ms
  return events
    .filter((event) => event.pid === mark.pid && event.tid === mark.tid && event.ph === "X" && event.name === "ThreadControllerImpl::RunTask" && event.dur !== undefined)
    .map((event) => ({start: event.ts / 1000 - offset, duration: event.dur! / 1000, threadTime: (event.tdur ?? event.dur!) / 1000}));
}

/** The traced task a Long Tasks API entry (`start`, `duration`, page ms) is: the one that overlaps it most. */
export function threadTimeOf(tasks: TracedTask[], {start, duration}: {start: number; duration: number}): TracedTask | undefined {
  const overlap = (task: TracedTask) => Math.min(task.start + task.duration, start + duration) - Math.max(task.start, start);
  return tasks.filter((task) => overlap(task) > 0).sort((a, b) => overlap(b) - overlap(a))[0];
}
