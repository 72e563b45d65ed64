import {element} from "../../controls/element.js";
import {IMAGE_SIZE} from "./vlmScene.js";

/** A picture as the model reads it: 48 × 48 RGB floats in [0, 1], row by row, and what it was. */
export interface Picture {
  image: Float32Array; // [48 · 48 · 3]
  label: string;
}

const MAX_BYTES = 20 * 1024 * 1024; // a photo from a phone is a few MB
const MAX_SIDE = 10_000; // pixels a side this page will downscale

/** Any drawable source, centre-cropped to a square and downscaled to 48 × 48, as the model's floats. */
export function pictureImage(source: CanvasImageSource, width: number, height: number): Float32Array {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = IMAGE_SIZE;
  const context = canvas.getContext("2d", {willReadFrequently: true})!;
  const side = Math.min(width, height);
  context.imageSmoothingQuality = "high";
  context.drawImage(source, (width - side) / 2, (height - side) / 2, side, side, 0, 0, IMAGE_SIZE, IMAGE_SIZE);
  const {data} = context.getImageData(0, 0, IMAGE_SIZE, IMAGE_SIZE);
  const image = new Float32Array(IMAGE_SIZE * IMAGE_SIZE * 3);
  for (let i = 0; i < IMAGE_SIZE * IMAGE_SIZE; ++i) for (let c = 0; c < 3; ++c) image[3 * i + c] = data[4 * i + c] / 255;
  return image;
}

/** A file the reader chose, read as a Picture, or an Error whose message says in plain words what was wrong. */
export async function readPicture(file: File): Promise<Picture> {
  const name = `“${file.name}”`;
  if (!file.type.startsWith("image/")) throw new Error(`${name} is not a picture (${file.type || "its type is unknown"}): choose a PNG, JPEG, GIF or WebP image.`);
  if (file.size > MAX_BYTES) throw new Error(`${name} is ${(file.size / 1024 / 1024).toFixed(0)} MB; this page reads pictures up to ${MAX_BYTES / 1024 / 1024} MB.`);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error(`${name} could not be read as a picture: the file may be damaged, or in a format this browser cannot open.`);
  }
  try {
    if (Math.max(bitmap.width, bitmap.height) > MAX_SIDE) throw new Error(`${name} is ${bitmap.width} × ${bitmap.height} pixels; this page downscales pictures up to ${MAX_SIDE} pixels a side.`);
    return {image: pictureImage(bitmap, bitmap.width, bitmap.height), label: `${file.name}, ${bitmap.width} × ${bitmap.height} pixels`};
  } finally {
    bitmap.close();
  }
}

/** Why the camera gave no picture, in plain words, from getUserMedia's error. */
export function cameraProblem(error: unknown): string {
  const name = (error as {name?: string})?.name;
  if (name === "NotAllowedError" || name === "SecurityError") return "The camera was not allowed: the browser or you said no. Allow it in the site's settings to try again, or choose a file.";
  if (name === "NotFoundError" || name === "OverconstrainedError") return "No camera was found on this device. Choose a file instead.";
  if (name === "NotReadableError") return "The camera is in use by another program, or could not be started. Close it there, or choose a file.";
  if (!navigator.mediaDevices?.getUserMedia) return "This browser offers no camera to web pages here (a camera needs a secure page: https or localhost). Choose a file instead.";
  return `The camera could not be used: ${(error as Error)?.message ?? String(error)}`;
}

/**
 * A picture the reader brings: a file, or a photo from the camera (shown live until taken). An Observable view whose
 * value is the Picture, or null before one is read; every problem (not a picture, too large, unreadable, no or
 * denied camera) is said in words beside it, and the page keeps working. Nothing leaves the machine.
 */
export function PictureInput(): HTMLElement & {value: Picture | null} {
  const file = element("input", {type: "file", accept: "image/*", "aria-label": "choose a picture"}) as HTMLInputElement;
  const camera = element("button", {type: "button"}, "Use the camera");
  const take = element("button", {type: "button", hidden: true}, "Take the picture");
  const cancel = element("button", {type: "button", hidden: true}, "Cancel");
  const video = element("video", {class: "picture-input-video", playsinline: true, muted: true, hidden: true}) as HTMLVideoElement;
  const message = element("p", {class: "picture-input-message", role: "status"});
  const root = element("div", {class: "picture-input"}, element("div", {class: "picture-input-controls"}, file, camera, take, cancel), video, message) as unknown as HTMLElement & {value: Picture | null};
  let value: Picture | null = null;
  let stream: MediaStream | undefined;
  Object.defineProperty(root, "value", {get: () => value});

  const say = (text: string, problem = false) => {
    message.textContent = text;
    message.classList.toggle("picture-input-problem", problem);
    message.setAttribute("role", problem ? "alert" : "status");
  };
  const use = (picture: Picture) => {
    value = picture;
    say(`Read ${picture.label}, downscaled to ${IMAGE_SIZE} × ${IMAGE_SIZE}.`);
    root.dispatchEvent(new Event("input", {bubbles: true}));
  };
  const stop = () => {
    stream?.getTracks().forEach((track) => track.stop());
    stream = undefined;
    video.hidden = take.hidden = cancel.hidden = true;
    camera.hidden = false;
  };

  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    say(`Reading “${chosen.name}”…`);
    try {
      use(await readPicture(chosen));
    } catch (error) {
      say((error as Error).message, true);
    }
  });
  camera.addEventListener("click", async () => {
    try {
      if (!navigator.mediaDevices?.getUserMedia) throw new Error("no getUserMedia");
      stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false});
      video.srcObject = stream;
      await video.play();
      video.hidden = take.hidden = cancel.hidden = false;
      camera.hidden = true;
      say("The camera is on; nothing it sees leaves this machine. Take the picture when ready.");
    } catch (error) {
      stop();
      say(cameraProblem(error), true);
    }
  });
  take.addEventListener("click", () => {
    if (!video.videoWidth) return say("The camera has not sent a picture yet; try again in a moment.", true);
    const picture = {image: pictureImage(video, video.videoWidth, video.videoHeight), label: `a photo from the camera, ${video.videoWidth} × ${video.videoHeight} pixels`};
    stop();
    use(picture);
  });
  cancel.addEventListener("click", () => {
    stop();
    say("The camera is off.");
  });
  return root;
}
