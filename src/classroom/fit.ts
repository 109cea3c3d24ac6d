/**
 * Presenter mode's fit: the largest CSS `zoom` at which a box's content is no taller than the
 * room it has. Zooming a block also changes its line breaks (a zoomed-out block is wider in its
 * own pixels), so its height falls faster than the zoom and no single ratio lands on the room:
 * the zoom is found by bisection on the measured height, which grows with the zoom.
 */

export interface FitLimits {
  /** the smallest zoom (text below it is too small to read from the back of a room). */
  min: number;
  /** the largest zoom (a projector's 1920×1080 gets larger type and charts, not a stretched page). */
  max: number;
  /** a zoom that fits and fills the room to within this share of it is kept (stops a resize loop). */
  settle: number;
  /** bisection rounds (each one lays the box out once). */
  rounds: number;
}

export const FIT_LIMITS: FitLimits = { min: 0.35, max: 1.6, settle: 0.04, rounds: 9 };

/**
 * The zoom to use.
 * @param zoom the zoom in force (1 = none).
 * @param measure the box's height on screen, px, at a given zoom (sets it, lays it out, reads it).
 * @param room the height the box may take, px.
 */
export function fitZoom(zoom: number, measure: (zoom: number) => number, room: number, limits = FIT_LIMITS): number {
  if (!(room > 0)) return zoom;
  const h = measure(zoom);
  if (!(h > 0)) return zoom;
  const fits = h <= room;
  if (fits && (h >= room * (1 - limits.settle) || zoom >= limits.max)) return zoom;
  if (!fits && zoom <= limits.min) return zoom;
  let lo = limits.min; // the largest zoom known to fit (or the floor)
  let hi = limits.max; // the smallest zoom known not to fit (or the ceiling)
  if (fits) lo = zoom;
  else hi = zoom;
  if (measure(hi) <= room) return hi;
  for (let i = 0; i < limits.rounds; i++) {
    const mid = (lo + hi) / 2;
    if (measure(mid) <= room) lo = mid;
    else hi = mid;
  }
  return Math.floor(lo * 1000) / 1000;
}
