/** The source excerpts the pages show (scripts/codeRegions.ts), read at build time so the page shows exactly the code that runs. */
import {codeRegions} from "../scripts/codeRegions.js";

process.stdout.write(JSON.stringify(codeRegions()));
