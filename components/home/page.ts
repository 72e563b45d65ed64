/** Everything the home page (src/index.md) imports: one esbuild entry (scripts/bundle.ts), so the page loads only its own code. */
import "../runtime/pageSetup.js"; // first: registers the offline copy
export {CHAPTERS} from "../chapters.js";
export {element} from "../controls/element.js";
export {ChapterCard} from "./ChapterCard.js";
export {html} from "htl";
