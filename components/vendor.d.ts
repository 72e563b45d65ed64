// Packages that ship no TypeScript types; the course uses them only from pages.
declare module "htl" {
  export const html: (strings: TemplateStringsArray, ...values: unknown[]) => HTMLElement;
  export const svg: (strings: TemplateStringsArray, ...values: unknown[]) => SVGElement;
}
declare module "@observablehq/inputs" {
  const Inputs: Record<string, (...args: any[]) => HTMLElement>;
  export = Inputs;
}
