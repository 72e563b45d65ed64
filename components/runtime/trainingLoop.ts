/**
 * Drives any step-wise experiment with play / pause / step, yielding to the browser between
 * chunks of steps so no task runs long, and stopping cleanly when asked.
 */

/** Something that can take training steps; `advance` resolves once the steps' numbers are read back. */
export interface Trainable {
  readonly step: number; // steps taken so far
  readonly steps: number; // steps in the whole run
  advance(count: number): Promise<void>;
}

export type LoopState = "paused" | "running" | "done" | "stopped" | "failed";

export interface TrainingLoopOptions {
  /** Target milliseconds of training between two yields to the browser (default 25: with the figures redrawn after each chunk, tasks stay well under 200 ms). */
  frameBudgetMs?: number;
}

const now = () => (globalThis.performance ?? Date).now();

/**
 * Resolves in a task of its own (a macrotask). Several loops that yield this way take turns in
 * separate tasks; loops that all wait for the next animation frame resume in one task together,
 * so their slices add up to one long task. With a signal that was aborted meanwhile, it rejects
 * with the signal's reason instead, so a computation the reader has replaced stops at its next turn.
 */
export function nextTask(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => macrotask(() => (signal?.aborted ? reject(signal.reason) : resolve())));
}

/**
 * Runs `callback` in a macrotask of its own. In a worker, without a timer's clamp: browsers hold each
 * turn of a chain of setTimeout(0) to at least 4 ms once five are nested (the HTML standard's timer
 * nesting), which a computation that yields between slices pays at every slice. In a worker here,
 * 100 chained turns took 433 ms through setTimeout and 3 ms through a MessageChannel. Node has
 * setImmediate. The page's thread keeps setTimeout: it yields between figures, not in long chains.
 */
const macrotask: (callback: () => void) => void = (() => {
  if (typeof setImmediate === "function") return (callback) => void setImmediate(callback);
  if (typeof document !== "undefined" || typeof MessageChannel !== "function") return (callback) => void setTimeout(callback, 0);
  const channel = new MessageChannel();
  const waiting: (() => void)[] = []; // one message per callback, delivered in order
  channel.port1.onmessage = () => waiting.shift()?.();
  return (callback) => {
    waiting.push(callback);
    channel.port2.postMessage(null);
  };
})();

/** How a caller stops a computation it no longer needs: the run rejects with the signal's reason at its next turn (nextTask(signal)), its tensors freed. */
export interface RunOptions {
  signal?: AbortSignal;
}

/** A signal that aborts once `replaced` resolves: a page cell's `invalidation`, so the cell's run stops when a newer setting re-runs it. */
export function abortWhen(replaced: Promise<unknown>): AbortSignal {
  const controller = new AbortController();
  replaced.then(() => controller.abort(new Error("replaced by a newer setting")));
  return controller.signal;
}

/** Resolves on the next animation frame in a page, on a timer in a hidden page (which the browser slows down), or on the next macrotask in a worker or Node. */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof document === "undefined") macrotask(resolve);
    else if (typeof requestAnimationFrame === "function" && !document.hidden) requestAnimationFrame(() => resolve());
    else setTimeout(resolve, 0);
  });
}

export class TrainingLoop {
  state: LoopState = "paused";
  error: unknown = undefined;
  private chunk = 1; // steps per frame, adapted to the frame budget
  private running: Promise<void> | undefined;
  private advancing = false; // a chunk of steps is in flight (in a worker, it can take a frame or more)
  private readonly budget: number;
  private readonly listeners = new Set<(loop: TrainingLoop) => void>();

  constructor(readonly trainable: Trainable, options: TrainingLoopOptions = {}) {
    this.budget = options.frameBudgetMs ?? 25;
  }

  /** Calls `listener` after every chunk of steps and on every change of state; returns the unsubscribe. */
  subscribe(listener: (loop: TrainingLoop) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private onFrame(): void {
    for (const listener of this.listeners) listener(this);
  }

  /** Runs until the last step, a pause or a stop; resolves when it halts. */
  play(): Promise<void> {
    if (this.state === "paused") {
      this.state = "running";
      this.running = this.run();
      this.onFrame();
    }
    return this.running ?? Promise.resolve();
  }

  /** Pauses after the chunk in flight, if any: "paused" is reported with the step the run holds still at. */
  pause(): void {
    if (this.state === "running") this.state = "paused";
    if (!this.advancing) this.onFrame(); // else the chunk's end reports it (run, below)
  }

  /** Takes exactly one step (when paused). */
  async stepOnce(): Promise<void> {
    if (this.state !== "paused" || this.trainable.step >= this.trainable.steps) return;
    await this.guard(() => this.trainable.advance(1));
    this.onFrame();
  }

  /** Stops for good; the loop never touches the trainable again after the current chunk. */
  stop(): void {
    if (this.state !== "failed") this.state = "stopped"; // a finished run too: its model is about to be freed
    this.listeners.clear();
  }

  private async run(): Promise<void> {
    while (this.state === "running") {
      if (this.trainable.step >= this.trainable.steps) {
        this.state = "done";
        break;
      }
      const count = Math.min(this.chunk, this.trainable.steps - this.trainable.step);
      const start = now();
      this.advancing = true;
      const advanced = await this.guard(() => this.trainable.advance(count));
      this.advancing = false;
      if (!advanced) break;
      const elapsed = Math.max(now() - start, 0.1);
      this.chunk = Math.max(1, Math.min(256, Math.floor(count * (this.budget / elapsed))));
      if (this.trainable.step >= this.trainable.steps && this.state === "running") this.state = "done";
      this.onFrame();
      await nextFrame();
    }
  }

  private async guard(work: () => Promise<void>): Promise<boolean> {
    try {
      await work();
      return true;
    } catch (error) {
      if (this.state === "stopped") return false; // the work of a run already stopped (its model freed meanwhile) has nothing to report
      this.error = error;
      this.state = "failed";
      this.onFrame();
      return false;
    }
  }
}

/**
 * Trains `trainer` to its last step, calling `onFrame` after each chunk, then returns
 * `summarize(trainer)` and frees it: the command line's and the tests' way to run an experiment.
 */
export async function trainToEnd<T extends Trainable & {dispose(): void}, R>(trainer: T, summarize: (trainer: T) => R | Promise<R>, onFrame?: (trainer: T) => void): Promise<R> {
  try {
    const loop = new TrainingLoop(trainer);
    if (onFrame) loop.subscribe(() => onFrame(trainer));
    await loop.play();
    if (loop.state === "failed") throw loop.error;
    return await summarize(trainer);
  } finally {
    trainer.dispose();
  }
}
