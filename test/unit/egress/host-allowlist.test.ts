import { HostAllowlist } from '../../../src/security/egress';

describe('HostAllowlist', () => {
  const list = new HostAllowlist([
    'api.example.com',
    '*.example.org',
    'Bücher.example',
    '203.0.113.7',
    '[2001:DB8::1]',
  ]);

  it.each([
    'api.example.com',
    'api.example.com.',
    'docs.example.org',
    'a.b.example.org',
    'xn--bcher-kva.example',
    '203.0.113.7',
    '[2001:db8::1]',
  ])('allows %s', (host) => expect(list.allows(host)).toBe(true));

  it.each([
    'example.com',
    'evil-api.example.com',
    'api.example.com.evil.test',
    'example.org',
    'evilexample.org',
    'example.org.evil.test',
    '203.0.113.8',
    '',
  ])('refuses %s', (host) => expect(list.allows(host)).toBe(false));

  it('compares with what URL.hostname yields for the same text', () => {
    expect(list.allows(new URL('https://API.Example.COM/').hostname)).toBe(true);
    expect(list.allows(new URL('https://bücher.example/').hostname)).toBe(true);
  });
});
