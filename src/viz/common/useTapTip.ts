/**
 * Tap for hover (tapTip.ts) on a chart: put `onPointerDown` and `onClickCapture` on the element
 * around its marks and render `<TapTip text={tip} />` near it. By default the mark is the pressed
 * SVG element that has a <title> (its text is the details); `markAt` finds it another way.
 */
import { useCallback, useRef, useState, type MouseEvent, type PointerEvent } from 'react';
import { tapStep, type TapMark } from './tapTip';

/** The nearest <title> of the pressed element or its parents (its text names the mark too). */
function titledMark(e: PointerEvent<Element>): TapMark | null {
  const target = e.target instanceof Element ? e.target : null;
  for (let n: Element | null = target; n && n !== e.currentTarget; n = n.parentElement) {
    const title = n.querySelector(':scope > title');
    if (title?.textContent) return { key: title.textContent, text: title.textContent };
  }
  return null;
}

export function useTapTip(markAt: (e: PointerEvent<Element>) => TapMark | null = titledMark) {
  const [shown, setShown] = useState<TapMark | null>(null);
  const swallow = useRef(false);
  const onPointerDown = useCallback(
    (e: PointerEvent<Element>) => {
      const r = tapStep(shown, e.pointerType, markAt(e));
      swallow.current = !r.click;
      if (r.shown !== shown) setShown(r.shown);
    },
    [shown, markAt],
  );
  // capture phase: a tap that only revealed the details does not reach the marks' click handlers
  const onClickCapture = useCallback((e: MouseEvent<Element>) => {
    if (swallow.current) e.stopPropagation();
    swallow.current = false;
  }, []);
  return { tip: shown?.text ?? null, onPointerDown, onClickCapture, clear: () => setShown(null) };
}
