import type { IncomingMessage } from 'node:http';
import { boundHosts, createHostOriginCheck } from '../../../src/server/http/check-origin';
import { warnAboutExposure } from '../../../src/server/http/exposure-warnings';
import { bearerToken } from '../../../src/server/http/bearer';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('Host/Origin check', () => {
  const check = createHostOriginCheck({
    allowedHosts: [...boundHosts('127.0.0.1', 8080), 'mcp.example.com'],
    allowedOrigins: ['https://app.example/'],
  });

  it('accepts the bound address, the loopback names and allowed hosts (case-insensitively)', () => {
    for (const host of ['127.0.0.1:8080', 'LOCALHOST:8080', '[::1]:8080', 'mcp.example.com']) {
      expect(check(req({ host }))).toBeUndefined();
    }
  });

  it('refuses other hosts, other ports and a missing Host', () => {
    for (const host of ['evil.example:8080', '127.0.0.1:8081', 'mcp.example.com:444', 'localhost']) {
      expect(check(req({ host }))).toMatch(/Host/);
    }
    expect(check(req({}))).toMatch(/Host/);
  });

  it('accepts no Origin or an allowed one; refuses any other, including "null"', () => {
    const host = '127.0.0.1:8080';
    expect(check(req({ host, origin: 'https://app.example' }))).toBeUndefined();
    for (const origin of ['null', 'https://app.example.evil', 'http://app.example']) {
      expect(check(req({ host, origin }))).toMatch(/Origin/);
    }
  });

  it('does not add loopback names for a non-loopback bind', () => {
    expect(boundHosts('10.0.0.5', 80)).toEqual(['10.0.0.5:80']);
  });
});

describe('start-up warnings', () => {
  const collect = (host: string, options: object) => {
    const warnings: string[] = [];
    warnAboutExposure(host, options as never, { warn: (m: string) => warnings.push(m) } as never);
    return warnings;
  };

  it('warns about a non-loopback bind and about auth: false', () => {
    expect(collect('0.0.0.0', { auth: { audience: 'a' } }).join('\n')).toMatch(/non-loopback/);
    expect(collect('127.0.0.1', { auth: false }).join('\n')).toMatch(/DISABLED/);
    expect(collect('127.0.0.1', { auth: { audience: 'a' } })).toEqual([]);
  });
});

describe('bearerToken', () => {
  it('reads only a well-formed Bearer header', () => {
    expect(bearerToken(req({ authorization: 'Bearer abc.def.ghi' }))).toBe('abc.def.ghi');
    expect(bearerToken(req({ authorization: 'bearer abc' }))).toBe('abc');
    expect(bearerToken(req({ authorization: 'Basic abc' }))).toBeUndefined();
    expect(bearerToken(req({ authorization: 'Bearer a b' }))).toBeUndefined();
  });
});
