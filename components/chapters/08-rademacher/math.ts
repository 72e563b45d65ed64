/**
 * The slice of mathjs the pages evaluate formulas with (parse and evaluate, arithmetic, sqrt, sum,
 * max, element-wise powers and π), bundled apart from the pages' bundles by scripts/bundle.ts so only the
 * pages that show evaluated formulas load it.
 */
import {addDependencies, create, divideDependencies, dotPowDependencies, evaluateDependencies, maxDependencies, multiplyDependencies, piDependencies, powDependencies, sqrtDependencies, subtractDependencies, sumDependencies, unaryMinusDependencies} from "mathjs";

export const math = create({evaluateDependencies, addDependencies, subtractDependencies, multiplyDependencies, divideDependencies, unaryMinusDependencies, powDependencies, dotPowDependencies, sqrtDependencies, sumDependencies, maxDependencies, piDependencies});
