import { describe, expect, it } from 'vitest';
import { RenderError } from '../../src/errors.ts';
import { browserEnvironment, checkPngSize, MAX_PNG_PIXELS } from '../../src/io/render-mermaid.ts';

describe('PNG pixel limit', () => {
  it('allows up to the limit and refuses beyond it, naming the size and the limit', () => {
    expect(MAX_PNG_PIXELS).toBe(64_000_000);
    expect(() => checkPngSize(8000, 8000, 1)).not.toThrow();
    expect(() => checkPngSize(2000, 2000, 4)).not.toThrow();
    expect(() => checkPngSize(8000, 8001, 1)).toThrow(
      new RenderError('the PNG would be 8,000 × 8,001 pixels (64 million), more than the limit of 64 million; lower --scale or --width'),
    );
    expect(() => checkPngSize(7951, 1213, 8)).toThrow(/^the PNG would be 63,608 × 9,704 pixels \(617 million\)/);
  });
});

describe('the browser environment', () => {
  it("moves home, config and cache into the scratch folder and keeps the user's fonts (XDG_DATA_HOME)", () => {
    expect(browserEnvironment({ HOME: '/home/jane', PATH: '/bin', UNSET: undefined }, '/tmp/s')).toEqual({
      HOME: '/tmp/s/home',
      PATH: '/bin',
      XDG_CONFIG_HOME: '/tmp/s/config',
      XDG_CACHE_HOME: '/tmp/s/cache',
      XDG_DATA_HOME: '/home/jane/.local/share',
    });
    expect(browserEnvironment({ HOME: '/h', XDG_DATA_HOME: '/data' }, '/s').XDG_DATA_HOME).toBe('/data');
  });
});
