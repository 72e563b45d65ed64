import assert from "node:assert/strict";
import {existsSync} from "node:fs";
import {test} from "node:test";
import config from "../../observablehq.config.js";
import {CHAPTERS} from "../../components/chapters.js";
import {EXPERIMENTS} from "../../components/experiments.js";

test("the course lists all thirteen chapters in reading order", () => {
  assert.deepEqual(CHAPTERS.map((c) => c.number), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
});

test("a chapter is in the sidebar exactly when its page exists, and then it names its figures and experiment", () => {
  const sidebar = config.pages.flatMap((entry) => (entry.pages ?? [entry]).map((page) => page.path));
  for (const chapter of CHAPTERS) {
    const written = existsSync(`src/chapters/${chapter.slug}.md`);
    assert.equal(sidebar.includes(`/chapters/${chapter.slug}`), written, chapter.slug);
    assert.equal(Boolean(chapter.figures?.length), written, `${chapter.slug}: figures declared iff written`);
    if (written) assert.ok(chapter.experiment && EXPERIMENTS[chapter.experiment]?.chapter === chapter.number, `${chapter.slug}: experiment`);
  }
});

test("the sidebar has the machine page, whose source exists", () => {
  assert.ok(config.pages.some((entry) => !entry.pages && entry.path === "/machine"));
  assert.ok(existsSync("src/machine.md"));
});
