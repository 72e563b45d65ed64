/**
 * Chapter 13's kept model as files, in tfjs's own layout (what `tf.io.browserDownloads` writes): `<name>.json`, whose
 * `weightsManifest` names `<name>.weights.bin`, the float32 weights. Plain TypeScript on the page's side, without tfjs:
 * the page's thread only draws; the worker checks what was read (keptModel.ts: vlmArtifactsProblem) before using it.
 */

/** The parts of tfjs's ModelArtifacts these files carry. */
export interface ModelFileArtifacts {
  modelTopology: unknown;
  format?: string;
  generatedBy?: string;
  weightSpecs: {name: string; shape: number[]; dtype: string}[];
  weightData: ArrayBuffer;
}

/** The model as the two files a reader downloads: the JSON, then the weights it names. */
export function modelFiles(artifacts: ModelFileArtifacts, name: string): {json: Blob; weights: Blob; names: [string, string]} {
  const weightsName = `${name}.weights.bin`;
  const json = {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{paths: [`./${weightsName}`], weights: artifacts.weightSpecs}]
  };
  return {json: new Blob([JSON.stringify(json)], {type: "application/json"}), weights: new Blob([artifacts.weightData], {type: "application/octet-stream"}), names: [`${name}.json`, weightsName]};
}

/**
 * The artifacts in the files a reader chose (the JSON and the weights file it names, chosen together), or an Error
 * saying what is missing or unreadable. Whether they are a usable model the worker checks.
 */
export async function readModelFiles(files: readonly File[]): Promise<ModelFileArtifacts> {
  const jsons = files.filter((file) => file.name.toLowerCase().endsWith(".json"));
  if (jsons.length !== 1) throw new Error(`Choose the model's two files together: one .json and the .weights.bin it names (you chose ${files.length === 0 ? "none" : files.map((file) => file.name).join(", ")}).`);
  let manifest: {modelTopology?: unknown; format?: string; generatedBy?: string; weightsManifest?: {paths?: string[]; weights?: ModelFileArtifacts["weightSpecs"]}[]};
  try {
    manifest = JSON.parse(await jsons[0].text());
  } catch {
    throw new Error(`${jsons[0].name} is not JSON, so it is not a model this page saved.`);
  }
  const groups = Array.isArray(manifest?.weightsManifest) ? manifest.weightsManifest : [];
  const paths = groups.flatMap((group) => group.paths ?? []);
  if (!manifest?.modelTopology || paths.length !== 1) throw new Error(`${jsons[0].name} does not describe a model this page saved (it has no model, or not exactly one weights file).`);
  const wanted = paths[0].split("/").pop()!;
  const others = files.filter((file) => file !== jsons[0]);
  const weightsFile = others.find((file) => file.name === wanted) ?? (others.length === 1 ? others[0] : undefined); // a browser may have renamed a second download ("… (1).bin")
  if (!weightsFile) throw new Error(`${jsons[0].name} names its weights ${wanted}; choose that file together with it.`);
  return {modelTopology: manifest.modelTopology, format: manifest.format, generatedBy: manifest.generatedBy, weightSpecs: groups.flatMap((group) => group.weights ?? []), weightData: await weightsFile.arrayBuffer()};
}
