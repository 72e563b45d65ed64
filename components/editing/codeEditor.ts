/**
 * The code editor behind every editable cell: CodeMirror 6 with JavaScript highlighting, a diff
 * against the original shown in place (CodeMirror's unified merge view), light and dark themes.
 * Bundled on its own (src/_build/editor.js) and loaded only when a reader asks to edit.
 */
import {EditorView, basicSetup} from "codemirror";
import {javascript} from "@codemirror/lang-javascript";
import {unifiedMergeView} from "@codemirror/merge";
import {oneDark} from "@codemirror/theme-one-dark";
import {Compartment} from "@codemirror/state";

export interface CodeEditor {
  readonly view: EditorView;
  /** The text in the editor now. */
  value(): string;
  /** Replaces the whole text (as a reader's edit would: the change event fires). */
  setValue(text: string): void;
  /** Shows or hides the changes against the original, inline. */
  showChanges(on: boolean): void;
  destroy(): void;
}

export interface CodeEditorOptions {
  doc: string; // the text to start with
  original: string; // what the changes are shown against
  label: string; // the editor's accessible name
  dark?: boolean;
  onChange?: (text: string) => void;
}

/** A CodeMirror editor in `parent`. */
export function createCodeEditor(parent: HTMLElement, {doc, original, label, dark = false, onChange}: CodeEditorOptions): CodeEditor {
  const changes = new Compartment();
  const view = new EditorView({
    doc,
    parent,
    extensions: [
      basicSetup,
      javascript(),
      dark ? oneDark : [],
      changes.of([]),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({"aria-label": label}),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange?.(update.state.doc.toString());
      })
    ]
  });
  return {
    view,
    value: () => view.state.doc.toString(),
    setValue: (text) => view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: text}}),
    showChanges: (on) => view.dispatch({effects: changes.reconfigure(on ? unifiedMergeView({original, mergeControls: false, highlightChanges: true}) : [])}),
    destroy: () => view.destroy()
  };
}
