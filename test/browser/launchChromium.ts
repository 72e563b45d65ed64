/**
 * Debian's Chromium (or $CHROMIUM), headless, as every browser test, the bench and the screenshot
 * script start it: without the sandbox (these machines run as root), plus `args` such as
 * --enable-unsafe-webgpu for the SwiftShader WebGPU adapter.
 */
import {chromium, type Browser} from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export function launchChromium(args: readonly string[] = []): Promise<Browser> {
  return chromium.launch({executablePath: CHROMIUM, args: ["--no-sandbox", ...args]});
}
