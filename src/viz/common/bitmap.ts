/**
 * Small pictures as data URLs without a canvas: an uncompressed 32-bit BMP (BITMAPV4HEADER with
 * an alpha mask, rows top-down). Encoding one is a byte copy and a base64 pass, far cheaper on the
 * main thread than a canvas's getContext + toDataURL (PNG) for the few-hundred-pixel heat pictures
 * the views redraw on every token, and it runs anywhere (no DOM needed).
 */

const FILE_HEADER = 14;
const INFO_HEADER = 108; // BITMAPV4HEADER

/** `rgba`: width × height pixels, row by row from the top, 4 bytes each (r, g, b, a). */
export function bmpDataUrl(width: number, height: number, rgba: Uint8Array | Uint8ClampedArray): string {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new RangeError(`a bitmap needs a positive whole size, not ${width}×${height}`);
  if (rgba.length !== width * height * 4)
    throw new RangeError(`${width}×${height} pixels need ${width * height * 4} bytes, not ${rgba.length}`);
  const offset = FILE_HEADER + INFO_HEADER;
  const bytes = new Uint8Array(offset + rgba.length);
  const v = new DataView(bytes.buffer);
  // BITMAPFILEHEADER
  bytes[0] = 0x42; // 'B'
  bytes[1] = 0x4d; // 'M'
  v.setUint32(2, bytes.length, true);
  v.setUint32(10, offset, true);
  // BITMAPV4HEADER
  v.setUint32(14, INFO_HEADER, true);
  v.setInt32(18, width, true);
  v.setInt32(22, -height, true); // negative: rows run top-down
  v.setUint16(26, 1, true); // planes
  v.setUint16(28, 32, true); // bits per pixel
  v.setUint32(30, 3, true); // BI_BITFIELDS
  v.setUint32(34, rgba.length, true);
  v.setUint32(54, 0x00ff0000, true); // red mask
  v.setUint32(58, 0x0000ff00, true); // green mask
  v.setUint32(62, 0x000000ff, true); // blue mask
  v.setUint32(66, 0xff000000, true); // alpha mask
  v.setUint32(70, 0x73524742, true); // 'sRGB' colour space
  // pixels as little-endian 0xAARRGGBB: b, g, r, a in memory
  for (let i = 0; i < rgba.length; i += 4) {
    bytes[offset + i] = rgba[i + 2]!;
    bytes[offset + i + 1] = rgba[i + 1]!;
    bytes[offset + i + 2] = rgba[i]!;
    bytes[offset + i + 3] = rgba[i + 3]!;
  }
  return `data:image/bmp;base64,${base64(bytes)}`;
}

function base64(bytes: Uint8Array): string {
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(s);
}
