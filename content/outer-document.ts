/**
 * The card of a link inside a frame is drawn over the top page, where the frame's edges cannot clip it: in the
 * outermost document this script may reach (same origin, about:blank and srcdoc frames), which is the top
 * document in practice. Inside a frame of another origin, that is the frame's own document.
 */
export interface OuterDocument {
  doc: Document;
  /** Where this frame's viewport starts in the outer document's viewport, now (it moves as either scrolls). */
  offset(): { x: number; y: number };
}

export function outerDocument(): OuterDocument {
  const frames: Element[] = [];
  let win: Window = window;
  while (win !== win.top) {
    let frame: Element | null;
    try {
      frame = win.frameElement; // null, or a SecurityError, when the parent is of another origin
    } catch {
      frame = null;
    }
    if (!frame) break;
    frames.push(frame);
    win = win.parent;
  }
  return {
    doc: win.document,
    offset() {
      let x = 0;
      let y = 0;
      for (const frame of frames) {
        // The frame's content box: its border box, less border and padding.
        const rect = frame.getBoundingClientRect();
        const style = frame.ownerDocument.defaultView?.getComputedStyle(frame);
        x += rect.left + frame.clientLeft + (Number.parseFloat(style?.paddingLeft ?? '') || 0);
        y += rect.top + frame.clientTop + (Number.parseFloat(style?.paddingTop ?? '') || 0);
      }
      return { x, y };
    },
  };
}
