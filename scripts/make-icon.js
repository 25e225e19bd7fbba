#!/usr/bin/env node
// Draws media/icon.png (256x256): a dark shield with a red claw-scratched plate and a green check.
// Kept as a script so the icon can be regenerated without an image editor.
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const S = 256;
const px = new Float32Array(S * S * 4);

function inPolygon(x, y, pts) {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i];
    const [xj, yj] = pts[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function distToSegment(x, y, [ax, ay], [bx, by]) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}
const outer = [[128, 10], [230, 48], [224, 140], [198, 194], [128, 246], [58, 194], [32, 140], [26, 48]];
const inner = [[128, 28], [212, 60], [207, 138], [185, 183], [128, 227], [71, 183], [49, 138], [44, 60]];
const claws = [[[96, 66], [74, 196]], [[130, 62], [108, 200]], [[164, 66], [142, 196]]];

function colorAt(x, y) {
  if (Math.hypot(x - 196, y - 196) < 42) {
    if (Math.hypot(x - 196, y - 196) > 36) return [27, 31, 36];
    const check = Math.min(distToSegment(x, y, [176, 198], [191, 213]), distToSegment(x, y, [191, 213], [218, 180]));
    return check < 6 ? [255, 255, 255] : [46, 160, 67];
  }
  if (inPolygon(x, y, inner)) {
    if (claws.some(([a, b]) => distToSegment(x, y, a, b) < 8)) return [255, 244, 236];
    return [220, 60, 48];
  }
  if (inPolygon(x, y, outer)) return [27, 31, 36];
  return null;
}

// 4x4 supersampling for smooth edges.
for (let y = 0; y < S; y++) {
  for (let x = 0; x < S; x++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) {
      const c = colorAt(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4);
      if (c) { r += c[0]; g += c[1]; b += c[2]; a += 1; }
    }
    const i = (y * S + x) * 4;
    px[i] = a ? r / a : 0; px[i + 1] = a ? g / a : 0; px[i + 2] = a ? b / a : 0; px[i + 3] = (a / 16) * 255;
  }
}

const raw = Buffer.alloc(S * (S * 4 + 1));
for (let y = 0; y < S; y++) {
  raw[y * (S * 4 + 1)] = 0;
  for (let x = 0; x < S * 4; x++) raw[y * (S * 4 + 1) + 1 + x] = Math.round(px[y * S * 4 + x]);
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(zlib.crc32 ? zlib.crc32(body) >>> 0 : crc32(body));
  return Buffer.concat([len, body, crc]);
}
function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(S, 0); ihdr.writeUInt32BE(S, 4); ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
fs.writeFileSync(path.join(__dirname, '..', 'media', 'icon.png'), png);
console.log(`media/icon.png: ${png.length} bytes`);
