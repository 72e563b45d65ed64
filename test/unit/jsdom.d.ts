// jsdom ships no types and is not a dependency of the course (it comes with @observablehq/framework); the little
// test/unit/modalityColours.test.ts uses of it.
declare module "jsdom" {
  export class JSDOM {
    constructor(html?: string, options?: {pretendToBeVisual?: boolean});
    readonly window: Window & typeof globalThis;
  }
}
