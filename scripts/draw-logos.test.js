/**
 * @jest-environment node
 */
// The committed logos are exactly what the drawing script produces, at the platform's pixel sizes.
const fs = require('fs');
const path = require('path');
const { draw, SIZES } = require('./draw-logos');
const { pngInfo } = require('./validate');

test.each(Object.entries(SIZES))('%s is drawn from the one source at %j and matches the committed file', (name, [width, height]) => {
  const drawn = draw(width, height);
  expect(drawn.equals(draw(width, height))).toBe(true);
  expect(pngInfo(drawn)).toMatchObject({ width, height, animated: false });
  expect(drawn.equals(fs.readFileSync(path.join(__dirname, '..', 'images', name)))).toBe(true);
  expect(drawn.length).toBeLessThan(300 * 1024);
});
