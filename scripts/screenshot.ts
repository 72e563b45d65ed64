/** npm run screenshot -- <page> [out.png] [--width 1200] [--height 900] [--full | --from Y] [--dark]: a picture of a built page (from dist/), for the README and for looking. */
import {launchChromium} from "../test/browser/launchChromium.js";
import {serveStatic} from "../test/browser/staticServer.js";

const [page = "index.html", out = "screenshot.png"] = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && !["--width", "--height", "--from"].includes(all[i - 1]));
const option = (name: string, fallback: number) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
const [width, height] = [option("--width", 1200), option("--height", 900)];
const server = await serveStatic("dist");
const browser = await launchChromium(["--enable-unsafe-webgpu"]);
const tab = await browser.newPage({viewport: {width, height}, colorScheme: process.argv.includes("--dark") ? "dark" : "light"});
tab.on("console", (m) => console.log(`[${m.type()}] ${m.text()}`));
tab.on("pageerror", (e) => console.log(`[pageerror] ${e.message}`));
tab.on("requestfailed", (r) => console.log(`[requestfailed] ${r.url()} ${r.failure()?.errorText}`));
await tab.goto(server.base + page);
await tab.waitForTimeout(Number(process.env.WAIT ?? 8000));
const from = option("--from", -1); // with --from Y: the viewport-sized band of the full page starting at Y
await tab.screenshot({path: out, fullPage: process.argv.includes("--full") || from >= 0, clip: from >= 0 ? {x: 0, y: from, width, height} : undefined});
await browser.close();
await server.close();
