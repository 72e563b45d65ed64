/**
 * Every chapter's editable cell by name, and running one with the reader's source in place of the
 * original: what the worker behind a CodeCell does, and what the tests call in Node.
 */
import {CellError, compileCell, lineOfError, sentence, type EditableCell} from "./editableCells.js";
import {PLASTICITY_CELL} from "../chapters/12-plasticity/plasticity.js";
import {ASR_CELL} from "../chapters/09-asr-rescoring/asrRescoring.js";
import {MASKED_CELL} from "../chapters/10-text-table/maskedTextTable.js";
import {POCKET_CELL} from "../chapters/11-pocket-ligand/pocketLigand.js";
import {HANDSHAKE_CELL} from "../chapters/01-bilinear-handshake/bilinearHandshake.js";
import {LOUD_FRAME_CELL} from "../chapters/02-loud-frame/loudFrame.js";
import {GROUNDING_CELL} from "../chapters/03-grounding/grounding.js";
import {CHANNEL_CELL} from "../chapters/04-channel-attention/channelAttention.js";
import {WINDOW_GATE_CELL} from "../chapters/05-multi-scale/multiScale.js";
import {PRUNING_SCORE_CELL} from "../chapters/06-cost/tokenPruning.js";
import {AFFINITY_CELL} from "../chapters/07-svd/coAttentionSVD.js";
import {ATTENTION_WEIGHTS_CELL} from "../chapters/08-rademacher/rademacher.js";
import {VLM_HEAD_SCORE_CELL} from "../chapters/13-vlm/headScoreCell.js";
import {messageOf} from "../runtime/messageOf.js";

export const EDITABLE_CELLS: Record<string, EditableCell> = {
  "rademacher.weights": ATTENTION_WEIGHTS_CELL,
  "svd.affinity": AFFINITY_CELL,
  "pruning.score": PRUNING_SCORE_CELL,
  "multiscale.gate": WINDOW_GATE_CELL,
  "plasticity.rule": PLASTICITY_CELL,
  "asr.alignment": ASR_CELL,
  "masked.crossAttend": MASKED_CELL,
  "pocket.attention": POCKET_CELL,
  "handshake.score": HANDSHAKE_CELL,
  "loudFrame.score": LOUD_FRAME_CELL,
  "grounding.query": GROUNDING_CELL,
  "channel.gate": CHANNEL_CELL,
  "vlm.headScore": VLM_HEAD_SCORE_CELL
};

/** Recomputes a cell's figure with `source` compiled in place of the original function. */
export async function runEditedCell(name: string, source: string, config: Record<string, unknown>): Promise<unknown> {
  const cell = EDITABLE_CELLS[name];
  if (!cell) throw new CellError("worker", `There is no editable cell "${name}" (cells: ${Object.keys(EDITABLE_CELLS).join(", ")}).`);
  const fn = compileCell(source);
  try {
    return await cell.run(fn, config);
  } catch (error) {
    if (error instanceof CellError) throw error;
    const line = lineOfError(error);
    throw new CellError("threw", `With your code the computation failed${line ? ` (line ${line} of your code)` : ""}: ${sentence(messageOf(error))}`);
  }
}
