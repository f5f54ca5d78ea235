import { refusedCategory } from '../../../src/security/egress';

const strict = { denyPrivate: true, allowLoopback: false };

describe('refusedCategory', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['10.20.30.40', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.100.1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['224.0.0.251', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['fd12::1', 'unique-local'],
    ['fc00::1', 'unique-local'],
    ['169.254.169.254', 'cloud metadata'],
    ['169.254.170.2', 'cloud metadata'],
    ['100.100.100.200', 'cloud metadata'],
    ['168.63.129.16', 'cloud metadata'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['fd00:0ec2:0000::0254', 'cloud metadata'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'cloud metadata'],
    ['::ffff:0:10.0.0.1', 'private'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'cloud metadata'],
    ['64:ff9b:1::1', 'IPv6 transition'],
    ['2002:7f00:1::1', 'IPv6 transition'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'IPv6 transition'],
    ['::7f00:1', 'reserved'],
    ['4000::1', 'reserved'],
    ['[::1]', 'loopback'],
    ['127.1', 'invalid'],
    ['0x7f000001', 'invalid'],
    ['2130706433', 'invalid'],
    ['not-an-ip', 'invalid'],
  ])('%s → %s', (address, category) => {
    expect(refusedCategory(address, strict)).toBe(category);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])(
    'allows public %s',
    (address) => expect(refusedCategory(address, strict)).toBeUndefined(),
  );

  it('the test-only option opens exactly 127.0.0.1 and ::1', () => {
    const test = { denyPrivate: true, allowLoopback: true };
    expect(refusedCategory('127.0.0.1', test)).toBeUndefined();
    expect(refusedCategory('::1', test)).toBeUndefined();
    for (const other of ['127.0.0.2', '::ffff:127.0.0.1', '64:ff9b::7f00:1', '10.0.0.1', '169.254.169.254']) {
      expect(refusedCategory(other, test)).toBeDefined();
    }
  });

  it('denyPrivate: false still refuses cloud metadata, in any form', () => {
    const open = { denyPrivate: false, allowLoopback: false };
    expect(refusedCategory('10.0.0.1', open)).toBeUndefined();
    for (const meta of ['169.254.169.254', '::ffff:a9fe:a9fe', 'fd00:ec2::254', '100.100.100.200']) {
      expect(refusedCategory(meta, open)).toBe('cloud metadata');
    }
  });
});
