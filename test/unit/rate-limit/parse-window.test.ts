import { parseWindow } from '../../../src/security/rate-limit';
import type { WindowSpec } from '../../../src/metadata/types';

describe('parseWindow', () => {
  it.each<[WindowSpec, number]>([
    [250, 250],
    ['500ms', 500],
    ['10s', 10_000],
    ['1.5s', 1_500],
    ['1m', 60_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
  ])('%p is %p ms', (input, ms) => {
    expect(parseWindow(input)).toBe(ms);
  });

  it.each<unknown>([
    '10',
    '10 s',
    '1w',
    's',
    '-1s',
    '',
    '0s',
    0,
    -5,
    1.5,
    Number.NaN,
    Infinity,
    '0.5ms',
    null,
  ])('rejects %p with a message that names the value', (input) => {
    expect(() => parseWindow(input as WindowSpec)).toThrow(/invalid rate-limit window/);
  });
});
