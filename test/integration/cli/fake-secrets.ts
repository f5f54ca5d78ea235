// Obviously fake credentials in the formats the detector knows. They are assembled here at run time so that
// no file in the repository holds a secret-looking literal; fixtures use {{NAME}} placeholders instead.
const j = (...parts: string[]) => parts.join('');

export const FAKE = {
  /** The seed guide's "Bad" example value. */
  SEED_KEY: j('sk-', '1234567890', 'abcdef'),
  OPENAI: j('sk-', 'proj-', 'FAKEfake', '0000111122223333'),
  AWS: j('AK', 'IA', 'FAKE', 'EXAMPLE0', '1234'),
  GITHUB: j('gh', 'p_', 'FAKE', 'a1b2c3d4e5f6g7h8', 'i9j0k1l2m3n4o5p6'),
  SLACK: j('xo', 'xb-', '000000', '-FAKEfakeFAKE'),
  GOOGLE: j('AI', 'za', 'FAKE', 'fake_FAKE-fake', '0123456789abcdefg'),
  HIGH_ENTROPY: j('Zq8', 'vT2m', 'K9pL', '4xWr', '7Ys'),
  JWT: j('ey', 'JhbGciOiJIUzI1NiJ9', '.', 'ey', 'JzdWIiOiJmYWtlIn0', '.', 'FAKEsignatureFAKE0'),
  /** Must never appear in any output, in full or after its first four characters. */
  CANARY: j('sk-', 'ant-', 'CANARY', 'q7Vb4Nc8Kd2Lm9Xz'),
} as const;

export type FakeName = keyof typeof FAKE;
