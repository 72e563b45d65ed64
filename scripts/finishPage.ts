import {withPaintBeforeCells} from "./paintBeforeCells.js";
import {withContentSecurityPolicy} from "./contentSecurityPolicy.js";
import {withFontPreloads} from "./fontPreloads.js";

/** A page of Framework's build as the course serves it: lang="en", a viewport that allows pinch zoom, its fonts preloaded, its text painted before its cells run (paintBeforeCells.ts), and its Content-Security-Policy. */
export function finishPage(html: string): string {
  const zoomable = html.replace(/(<meta name="viewport" content="[^"]*?),\s*maximum-scale=1/, "$1");
  if (/maximum-scale/.test(zoomable)) throw new Error("the viewport still blocks pinch zoom");
  return withContentSecurityPolicy(withPaintBeforeCells(withFontPreloads(zoomable)).replace(/^(<!DOCTYPE html>\s*)<html>/i, '$1<html lang="en">'));
}
