import { clientRootScope } from '../../../src/security/paths/root-scope';

const root = (real: string) => ({ configured: real, real });

describe('clientRootScope', () => {
  const configured = [root('/srv/data'), root('/srv/other')];

  it('narrow: intersects both ways, ignores unrelated and sibling-prefix roots', () => {
    const scope = clientRootScope('narrow', configured, [
      root('/srv/data/team'),
      root('/srv'),
      root('/srv/data-evil'),
    ]);
    expect(scope.base).toBe(configured);
    expect(scope.allowed).toEqual(['/srv/data/team', '/srv/data', '/srv/other']);
  });

  it('narrow: no common directory allows nothing and says why', () => {
    const scope = clientRootScope('narrow', configured, [root('/home/me')]);
    expect(scope.allowed).toEqual([]);
    expect(scope.reason).toMatch(/none of the server's roots lies inside the client's roots/);
  });

  it('narrow: a client without roots keeps the configured roots', () => {
    expect(clientRootScope('narrow', configured, undefined).allowed).toEqual(['/srv/data', '/srv/other']);
  });

  it("only: the client's roots; none, or no capability, allows nothing", () => {
    expect(clientRootScope('only', [], [root('/home/me')]).allowed).toEqual(['/home/me']);
    expect(clientRootScope('only', [], []).reason).toMatch(/shares no roots/);
    expect(clientRootScope('only', [], undefined).reason).toMatch(/no "roots" capability/);
  });
});
