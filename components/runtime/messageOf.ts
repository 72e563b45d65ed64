/** An error's message, or the thrown value as text: what a reader is shown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
