/**
 * Presenter mode fits the screen: the lesson panel and the step's view each get a CSS `zoom` that
 * makes them as tall as the room under their top edge, so a 1280×720 projector shows the whole
 * step and its chart with no scrolling, and a 1920×1080 one shows them larger. The zoom follows
 * the content (tokens arriving, the answer revealed, a lab's charts growing) and the window.
 */
import { useEffect } from 'react';
import { fitZoom } from './fit';

/** The boxes presenter mode fits, each into the room between its top and the window's bottom. */
export const PRESENTER_BOXES = ['.lesson-fit', '.app > .explore', '.app > .bl', '.app > .grpo'];

/** Room left free under the boxes, px (the panels' bottom padding and border). */
const BOTTOM = 24;

const zoomOf = (el: HTMLElement) => Number(el.style.zoom) || 1;

/** Zooms one box to the room between its top and the window's bottom. */
function fit(el: HTMLElement): void {
  const room = window.innerHeight - el.getBoundingClientRect().top - BOTTOM;
  const measure = (z: number) => {
    el.style.zoom = String(z);
    return el.getBoundingClientRect().height;
  };
  const now = zoomOf(el);
  const z = fitZoom(now, measure, room);
  el.style.zoom = z === 1 ? '' : String(z);
}

export function usePresenterFit(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const fitted = new Set<HTMLElement>();
    let frame = 0;
    const fitAll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const boxes = PRESENTER_BOXES.flatMap((s) => [...document.querySelectorAll<HTMLElement>(s)]);
        for (const el of boxes) {
          if (!fitted.has(el)) {
            fitted.add(el);
            sizes.observe(el);
          }
          fit(el);
        }
      });
    };
    // a box's own size changes with its content; a new box (a view's chunk, a lab page) is a
    // change of the app's children
    const sizes = new ResizeObserver(fitAll);
    const children = new MutationObserver(fitAll);
    const app = document.querySelector('.app');
    if (app) {
      children.observe(app, { childList: true });
      sizes.observe(app); // what sits above a box (the transport) moves it down
    }
    window.addEventListener('resize', fitAll);
    fitAll();
    return () => {
      cancelAnimationFrame(frame);
      sizes.disconnect();
      children.disconnect();
      window.removeEventListener('resize', fitAll);
      for (const el of fitted) el.style.zoom = '';
    };
  }, [active]);
}
