/** The heat pictures the Model flow draws: the bitmap encoder and the cells' colours. */
import { rgb } from 'd3';
import { describe, expect, it } from 'vitest';
import { bmpDataUrl } from '../../../src/viz/common/bitmap';
import { heatPixels } from '../../../src/viz/common/CellGrid';
import { stripColor } from '../../../src/viz/flow/FlowMarks';

function decode(url: string): { bytes: Uint8Array; view: DataView } {
  const [head, b64] = url.split(',');
  expect(head).toBe('data:image/bmp;base64');
  const bytes = Uint8Array.from(atob(b64!), (ch) => ch.charCodeAt(0));
  return { bytes, view: new DataView(bytes.buffer) };
}

describe('bmpDataUrl', () => {
  it('writes a top-down 32-bit BMP with an alpha mask, pixels as b g r a', () => {
    // 2 × 2: red, green / blue, half-clear white
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 128]);
    const { bytes, view } = decode(bmpDataUrl(2, 2, rgba));
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe('BM');
    expect(view.getUint32(2, true)).toBe(bytes.length);
    const offset = view.getUint32(10, true);
    expect(offset).toBe(14 + 108);
    expect(view.getUint32(14, true)).toBe(108); // BITMAPV4HEADER
    expect(view.getInt32(18, true)).toBe(2);
    expect(view.getInt32(22, true)).toBe(-2); // top-down
    expect(view.getUint16(28, true)).toBe(32);
    expect(view.getUint32(30, true)).toBe(3); // BI_BITFIELDS
    expect(view.getUint32(66, true)).toBe(0xff000000); // alpha mask
    expect([...bytes.subarray(offset)]).toEqual([0, 0, 255, 255, 0, 255, 0, 255, 255, 0, 0, 255, 255, 255, 255, 128]);
  });

  it('refuses a size that does not match its pixels', () => {
    expect(() => bmpDataUrl(2, 2, new Uint8Array(12))).toThrow(/need 16 bytes, not 12/);
    expect(() => bmpDataUrl(0, 2, new Uint8Array(0))).toThrow(/positive whole size/);
  });
});

describe('heatPixels', () => {
  it('colours each cell as the strips do (RdBu over [−max, max], clamped), to within one level', () => {
    const values = [-2, -1, -0.37, 0, 0.25, 1, 3, Number.NaN];
    const { width, height, rgba } = heatPixels(4, values, 2);
    expect([width, height]).toEqual([4, 2]);
    const color = stripColor(2);
    values.slice(0, 7).forEach((v, i) => {
      const want = rgb(color(v));
      const got = [rgba[i * 4], rgba[i * 4 + 1], rgba[i * 4 + 2]];
      // 256 levels over the ramp: neighbouring levels differ by a few units at most
      got.forEach((g, k) => expect(Math.abs(g! - [want.r, want.g, want.b][k]!)).toBeLessThanOrEqual(3));
      expect(rgba[i * 4 + 3]).toBe(255);
    });
    // NaN is drawn as 0 (white-ish middle of the ramp), not as a random colour
    expect([...rgba.subarray(28, 31)]).toEqual([...rgba.subarray(12, 15)]);
  });

  it('scales each row by its own max, and leaves a clear pixel row under each row with a gap', () => {
    const { width, height, rgba } = heatPixels(2, [1, -1, 10, -10], [1, 10], true);
    expect([width, height]).toEqual([2, 16]);
    const px = (x: number, y: number) => [...rgba.subarray((y * 2 + x) * 4, (y * 2 + x) * 4 + 4)];
    // both rows hit the ends of their own range: the same two colours
    expect(px(0, 0)).toEqual(px(0, 8));
    expect(px(1, 6)).toEqual(px(1, 14));
    expect(px(0, 0)).not.toEqual(px(1, 0));
    // the 8th pixel row of each table row is clear
    expect(px(0, 7)[3]).toBe(0);
    expect(px(1, 15)[3]).toBe(0);
  });
});
