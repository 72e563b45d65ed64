/**
 * One colour per modality, the same on the home page's cards, in the sidebar and in any figure that
 * colours by modality: a reader learns it once. Okabe–Ito hues (chosen to stay apart under the common
 * colour-vision deficiencies), adjusted so that each reaches at least 3:1 contrast against both the
 * light theme's white and the dark theme's near-black (#161616), so one colour serves both themes.
 * Brain is neutral grey ("grey matter"), the one hue no other modality is near. Colour is never the only
 * cue: every chip also names its modality.
 */

/** The modalities the course connects, in the order chips are listed. */
export const MODALITIES = ["text", "image", "audio", "table", "molecule", "brain"] as const;

/** One of MODALITIES. */
export type Modality = (typeof MODALITIES)[number];

/** Each modality's colour (contrast against #ffffff / #161616 in the comment). */
export const MODALITY_COLOURS: Readonly<Record<Modality, string>> = {
  text: "#2f7fc1", // blue, 4.3 / 4.3
  image: "#c87a00", // orange, 3.4 / 5.4
  audio: "#009e73", // bluish green, 3.4 / 5.3
  table: "#b8609a", // reddish purple, 4.1 / 4.5
  molecule: "#d55e00", // vermillion, 3.9 / 4.7
  brain: "#7f7f7f" // grey, 4.0 / 4.5
};

/** Whether a string names a modality. */
export function isModality(name: string): name is Modality {
  return (MODALITIES as readonly string[]).includes(name);
}

/** The colour of a modality; throws on a name that is not one, so a typo in data/chapters.json cannot pass unseen. */
export function modalityColour(name: string): string {
  if (!isModality(name)) throw new Error(`unknown modality "${name}": use one of ${MODALITIES.join(", ")}`);
  return MODALITY_COLOURS[name];
}
