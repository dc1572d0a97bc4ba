/**
 * @jest-environment node
 */
// The committed logos are exactly what the drawing script produces, at the platform's pixel sizes.
const fs = require('fs');
const path = require('path');
const { PNG } = require('pngjs');
const { draw, SIZES } = require('./draw-logos');

const committed = (name) => fs.readFileSync(path.join(__dirname, '..', 'images', name));

test.each(Object.entries(SIZES))(
  '%s is drawn deterministically and matches the committed file',
  (name, size) => {
    const drawn = draw(...size);
    expect(drawn.equals(draw(...size))).toBe(true);
    expect(drawn.equals(committed(name))).toBe(true);
  },
  30000,
);

test.each(Object.entries(SIZES))(
  '%s is a still RGBA PNG of the exact size, under 300 KB',
  (name, [width, height]) => {
    const file = committed(name);
    expect(file.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(file.toString('latin1', 12, 16)).toBe('IHDR');
    expect({
      width: file.readUInt32BE(16),
      height: file.readUInt32BE(20),
      depth: file[24],
      colourType: file[25],
    }).toEqual({ width, height, depth: 8, colourType: 6 });
    expect(file.includes(Buffer.from('acTL'))).toBe(false);
    expect(file.length).toBeLessThan(300 * 1024);
  },
);

test('the mark is a badge with a white bolt, not a blank or placeholder square', () => {
  const { width, data } = PNG.sync.read(committed('logo_min.png'));
  const pixel = (x, y) => Array.from(data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4));
  expect(pixel(0, 0)[3]).toBe(0); // rounded corner stays transparent
  expect(pixel(42, 42)).toEqual([255, 255, 255, 255]); // bolt crosses the centre
  const [r, g, b, a] = pixel(20, 60); // badge body is opaque blue/teal
  expect(a).toBe(255);
  expect(b).toBeGreaterThan(r + 80);
  expect(g).toBeGreaterThan(r + 50);
});
