import {element} from "./element.js";

/** Saves `blob` as `file` through a link the reader's browser downloads from (nothing leaves the machine). */
export function download(blob: Blob, file: string): void {
  const url = URL.createObjectURL(blob);
  const link = element("a", {href: url, download: file, hidden: true});
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
