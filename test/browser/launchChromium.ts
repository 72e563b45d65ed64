/**
 * Debian's Chromium (or $CHROMIUM), headless, as every browser test, the bench and the screenshot
 * script start it: without the sandbox (these machines run as root), plus `args` such as
 * --enable-unsafe-webgpu for the SwiftShader WebGPU adapter.
 *
 * Chromium 156's headless mode builds each new window's omnibox popup as a WebUI page (chrome://omnibox-popup)
 * in a renderer of its own. Every test and bench navigation opens a new window, so each one shared this
 * machine's two cores with that page: about 0.6 s of CPU during the chapter's load, which put chapter 1's first
 * training step at 0.8 s instead of 0.47 s. A reader's browser builds the popup once per window, not per page,
 * so the harness turns those features off.
 */
import {chromium, type Browser} from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/**
 * The features Playwright turns off itself (playwright-core 1.65.1's chromiumSwitches). Chromium keeps only the last
 * --disable-features it is given, so ours repeats them; test/browser/launchChromium.test.ts checks the list against
 * the one Playwright passes.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = ["AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades", "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding", "ThirdPartyStoragePartitioning", "AvoidCorsURLLoaderRestartOnRedirect", "TcpPortRandomizationWin", "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled", "PreconnectToSearch", "msForceBrowserSignIn", "msEdgeUpdateLaunchServicesPreferredVersion"];
/** The omnibox popup's WebUI, above. */
const HARNESS_DISABLED_FEATURES = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "WebUIOmniboxFullPopup"];

/** The switches launchChromium adds to Playwright's own, then `args`. */
export function chromiumArgs(args: readonly string[] = []): string[] {
  return ["--no-sandbox", `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...HARNESS_DISABLED_FEATURES].join(",")}`, ...args];
}

export function launchChromium(args: readonly string[] = []): Promise<Browser> {
  return chromium.launch({executablePath: CHROMIUM, args: chromiumArgs(args)});
}
