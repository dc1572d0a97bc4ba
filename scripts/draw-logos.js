// Draws every logo size from ONE description of the mark: a blue→teal squircle badge with a white bolt
// ("act on the deal now"), plus a pipeline-stage strip ("move it on") on the wide card images.
// Shapes live in their own normalized coordinates; each size places them in pixels and rasterises
// with 4×4 supersampling and premultiplied "over" compositing. No randomness, no time: same bytes every run.
const fs = require('fs');
const path = require('path');
const { PNG } = require('pngjs');

// file → [width, height, layout]: 'card' = marketplace card, 'header' = card block header, 'mark' = badge only.
const SIZES = {
  'logo.png': [130, 100, 'mark'],
  'logo_main.png': [400, 272, 'card'],
  'logo_medium.png': [240, 84, 'header'],
  'logo_min.png': [84, 84, 'mark'],
  'logo_small.png': [108, 108, 'mark'],
};
const SAMPLES = 4;
// Local aliases: inside jest's vm sandbox every lookup of the global `Math` is ~10× slower.
const { abs, hypot, max, min, round } = Math;

const BLUE = [0x2b, 0x6c, 0xf0];
const TEAL = [0x10, 0xb9, 0xa3];
const WHITE = [255, 255, 255];
const mix = (a, b, t) => a.map((c, i) => c + (b[i] - c) * min(1, max(0, t)));
const rgba = (rgb, alpha) => [rgb[0], rgb[1], rgb[2], alpha];
const solid =
  (rgb, alpha = 1) =>
  () =>
    rgba(rgb, alpha);
const diagonal = (x, y) => rgba(mix(BLUE, TEAL, (x * 0.55 + y * 0.45 - 0.05) / 0.9), 1);

// --- shape tests, each in the shape's own coordinates ---------------------------------------------
const squircle = (cx, cy, r, n) => (x, y) => abs((x - cx) / r) ** n + abs((y - cy) / r) ** n <= 1;
const polygon = (points) => (x, y) => {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const xi = points[i][0];
    const yi = points[i][1];
    const xj = points[j][0];
    const yj = points[j][1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
};
const shifted = (test, dx, dy) => (x, y) => test(x - dx, y - dy);

// --- the mark, in a unit square -------------------------------------------------------------------
const BOLT = polygon([
  [0.6, 0.12],
  [0.25, 0.57],
  [0.47, 0.57],
  [0.38, 0.88],
  [0.76, 0.42],
  [0.54, 0.42],
  [0.66, 0.12],
]);
const BADGE = squircle(0.5, 0.5, 0.5, 4);
const MARK = [
  { test: BADGE, paint: diagonal },
  // Soft sheen on the upper half gives the flat badge a little depth without a visible edge.
  { test: (x, y) => BADGE(x, y) && y < 0.5, paint: (x, y) => rgba(WHITE, 0.1 * (1 - y / 0.5)) },
  { test: shifted(BOLT, 0.018, 0.03), paint: solid([0x0b, 0x3d, 0x8f], 0.28) },
  { test: BOLT, paint: solid(WHITE) },
];

// --- the pipeline strip, in units where its height is 1 and its width STRIP_WIDTH -----------------
const STAGES = 4;
const STRIP_WIDTH = 7.2;
const STAGE_COLOURS = [mix(BLUE, TEAL, 0), mix(BLUE, TEAL, 0.5), TEAL, [0xdd, 0xe5, 0xee]];
const stage = (i) => {
  const step = STRIP_WIDTH / STAGES;
  const tip = 0.42;
  const x0 = i * step;
  const x1 = x0 + step - 0.22;
  const notch = i === 0 ? x0 : x0 + tip; // the first stage starts flat, the others nest into the previous one
  return polygon([
    [x0, 0],
    [x1 - tip, 0],
    [x1, 0.5],
    [x1 - tip, 1],
    [x0, 1],
    [notch, 0.5],
  ]);
};
const STRIP = Array.from({ length: STAGES }, (_, i) => ({ test: stage(i), paint: solid(STAGE_COLOURS[i]) }));

// --- soft background panel for the marketplace card, in units of the image height ------------------
const PANEL = (aspect) => [
  { test: () => true, paint: (x) => rgba(mix([0xec, 0xf3, 0xff], [0xe3, 0xf7, 0xf2], x / aspect), 1) },
  // A soft white glow behind the mark lifts it off the panel.
  {
    test: () => true,
    paint: (x, y) => rgba(WHITE, 0.8 * max(0, 1 - hypot(x - aspect / 2, y - 0.4) / 0.55) ** 2),
  },
];

/** Places shapes whose coordinates span [0, extent]: at `left, top` in pixels, `sx`/`sy` pixels per unit. */
const place = (layers, [left, top, sx, sy = sx], [ew, eh] = [1, 1]) =>
  layers.map(({ test, paint }) => ({
    test: (x, y) => {
      const u = (x - left) / sx;
      const v = (y - top) / sy;
      return u >= 0 && v >= 0 && u <= ew && v <= eh && test(u, v); // cheap box check first
    },
    paint: (x, y) => paint((x - left) / sx, (y - top) / sy),
  }));

/** The scene for one image: which shapes go where. */
function scene(width, height, layout) {
  if (layout === 'card') {
    const side = 150;
    const stripH = 26;
    const stripW = stripH * STRIP_WIDTH;
    const gap = 24;
    const top = (height - side - gap - stripH) / 2;
    return [
      ...place(PANEL(width / height), [0, 0, height], [width / height, 1]),
      ...place(MARK, [(width - side) / 2, top, side]),
      ...place(STRIP, [(width - stripW) / 2, top + side + gap, stripH], [STRIP_WIDTH, 1]),
    ];
  }
  if (layout === 'header') {
    const side = 68;
    const left = 10;
    const stripLeft = left + side + 16;
    const stripH = (width - left - stripLeft) / STRIP_WIDTH; // fills the rest, same margin on the right
    return [
      ...place(MARK, [left, (height - side) / 2, side]),
      ...place(STRIP, [stripLeft, (height - stripH) / 2, stripH], [STRIP_WIDTH, 1]),
    ];
  }
  const side = round(min(width, height) * 0.9);
  return place(MARK, [(width - side) / 2, (height - side) / 2, side]);
}

function draw(width, height, layout = 'mark') {
  const layers = scene(width, height, layout);
  const png = new PNG({ width, height });
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      const acc = [0, 0, 0, 0]; // premultiplied sum over the samples
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = px + (sx + 0.5) / SAMPLES;
          const y = py + (sy + 0.5) / SAMPLES;
          const c = [0, 0, 0, 0];
          for (let l = 0; l < layers.length; l++) {
            if (!layers[l].test(x, y)) continue;
            const p = layers[l].paint(x, y);
            const a = p[3];
            for (let i = 0; i < 3; i++) c[i] = p[i] * a + c[i] * (1 - a);
            c[3] = a + c[3] * (1 - a);
          }
          for (let i = 0; i < 4; i++) acc[i] += c[i];
        }
      }
      const o = (py * width + px) * 4;
      const alpha = acc[3] / (SAMPLES * SAMPLES);
      for (let i = 0; i < 3; i++) png.data[o + i] = alpha ? round(acc[i] / acc[3]) : 0;
      png.data[o + 3] = round(alpha * 255);
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

module.exports = { draw, SIZES };

if (require.main === module) {
  const outDir = process.argv[2] || path.join(__dirname, '..', 'images');
  for (const [name, size] of Object.entries(SIZES)) fs.writeFileSync(path.join(outDir, name), draw(...size));
}
