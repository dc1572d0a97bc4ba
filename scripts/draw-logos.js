// Draws every logo size from ONE description of the mark: a rounded badge with a forward bolt.
// Coordinates are in a 0..1 square; each size rasterises them with 4×4 supersampling. Deterministic output.
const fs = require('fs');
const path = require('path');
const { PNG } = require('pngjs');

const SIZES = {
  'logo.png': [130, 100],
  'logo_main.png': [400, 272],
  'logo_medium.png': [240, 84],
  'logo_min.png': [84, 84],
  'logo_small.png': [108, 108],
};
const SAMPLES = 4;
const TOP = [0x2f, 0x7c, 0xf6]; // amoCRM-like blue
const BOTTOM = [0x14, 0xb8, 0xa6]; // teal: "moving on"
const BOLT = [
  [0.58, 0.14], [0.27, 0.55], [0.47, 0.55], [0.4, 0.86], [0.74, 0.42], [0.53, 0.42], [0.62, 0.14],
];

function insideRoundedSquare(x, y, radius) {
  const cx = Math.min(Math.max(x, radius), 1 - radius);
  const cy = Math.min(Math.max(y, radius), 1 - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function insidePolygon(x, y, points) {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Colour of the mark at (x, y) in its own unit square, or null outside it. */
function markAt(x, y) {
  if (!insideRoundedSquare(x, y, 0.22)) return null;
  if (insidePolygon(x, y, BOLT)) return [255, 255, 255];
  const t = Math.min(1, Math.max(0, (x + y) / 2));
  return TOP.map((c, i) => Math.round(c + (BOTTOM[i] - c) * t));
}

function draw(width, height) {
  const png = new PNG({ width, height });
  const side = Math.min(width, height) * 0.86;
  const left = (width - side) / 2;
  const top = (height - side) / 2;
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      const sum = [0, 0, 0];
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const colour = markAt((px + (sx + 0.5) / SAMPLES - left) / side, (py + (sy + 0.5) / SAMPLES - top) / side);
          if (!colour) continue;
          covered++;
          for (let i = 0; i < 3; i++) sum[i] += colour[i];
        }
      }
      const o = (py * width + px) * 4;
      png.data[o] = covered ? Math.round(sum[0] / covered) : 0;
      png.data[o + 1] = covered ? Math.round(sum[1] / covered) : 0;
      png.data[o + 2] = covered ? Math.round(sum[2] / covered) : 0;
      png.data[o + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

module.exports = { draw, SIZES };

if (require.main === module) {
  const outDir = process.argv[2] || path.join(__dirname, '..', 'images');
  for (const [name, [w, h]] of Object.entries(SIZES)) fs.writeFileSync(path.join(outDir, name), draw(w, h));
}
