import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTextFitter, type MeasureText } from './fitText';

/** A monospaced font of 10 px a code point, 30 px for a wide one, in any font. */
const measure: MeasureText = (text) =>
  Array.from(text).reduce((width, c) => width + (c === 'W' ? 30 : 10), 0);

describe('fitText', () => {
  it('keeps text that fits, and cuts the rest to the longest prefix that fits with an ellipsis', () => {
    const fit = createTextFitter(measure);
    expect(fit('Orders', 'f', 60)).toBe('Orders');
    expect(fit('Orders service', 'f', 60)).toBe('Order…');
    expect(fit('WWWW', 'f', 60)).toBe('W…');
    // A trailing space before the ellipsis is dropped.
    expect(fit('Order service', 'f', 70)).toBe('Order…');
  });

  it('always fits (or is only the ellipsis) and never splits a surrogate pair', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.integer({ min: 10, max: 400 }),
        (text, width) => {
          const fitted = createTextFitter(measure)(text, 'f', width);
          if (fitted === text) {
            expect(measure(text, 'f')).toBeLessThanOrEqual(width);
            return;
          }
          expect(fitted.endsWith('…')).toBe(true);
          expect(measure(fitted, 'f')).toBeLessThanOrEqual(Math.max(width, 10));
          const prefix = fitted.slice(0, -1);
          expect(text.startsWith(prefix)).toBe(true);
          // No lone high surrogate at the cut.
          expect(/[\uD800-\uDBFF]$/.test(prefix)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('measures each text, font and width once', () => {
    let calls = 0;
    const fit = createTextFitter((text, font) => {
      calls++;
      return measure(text, font);
    });
    fit('Orders service', 'a', 60);
    const first = calls;
    fit('Orders service', 'a', 60);
    expect(calls).toBe(first);
    fit('Orders service', 'b', 60);
    expect(calls).toBeGreaterThan(first);
  });
});
