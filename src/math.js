// mathjs's expression evaluator for the pages that show evaluated formulas (src/_build/math.js, made by `npm run bundle`).
export * from "./_build/math.js";
