import { stateDir } from '../../src/state-dir';

describe('stateDir (the one state directory of secure-mcp)', () => {
  it('SECURE_MCP_STATE_DIR wins on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const)
      expect(stateDir({ SECURE_MCP_STATE_DIR: '/x/state', XDG_STATE_HOME: '/xdg' }, platform, '/h')).toBe(
        '/x/state',
      );
  });

  it('Linux and others: $XDG_STATE_HOME/secure-mcp, else ~/.local/state/secure-mcp; relative XDG ignored', () => {
    expect(stateDir({}, 'linux', '/home/u')).toBe('/home/u/.local/state/secure-mcp');
    expect(stateDir({ XDG_STATE_HOME: '/xdg' }, 'linux', '/home/u')).toBe('/xdg/secure-mcp');
    expect(stateDir({ XDG_STATE_HOME: 'relative' }, 'freebsd', '/home/u')).toBe(
      '/home/u/.local/state/secure-mcp',
    );
  });

  it('macOS: ~/Library/Application Support/secure-mcp (XDG is not a macOS convention)', () => {
    expect(stateDir({ XDG_STATE_HOME: '/xdg' }, 'darwin', '/Users/u')).toBe(
      '/Users/u/Library/Application Support/secure-mcp',
    );
  });

  it('Windows: %LOCALAPPDATA%\\secure-mcp, else <home>\\AppData\\Local\\secure-mcp', () => {
    expect(stateDir({ LOCALAPPDATA: 'C:/Users/u/AppData/Local' }, 'win32', 'C:/Users/u')).toMatch(
      /^C:\/Users\/u\/AppData\/Local[\\/]secure-mcp$/,
    );
    expect(stateDir({}, 'win32', 'C:/Users/u')).toMatch(
      /^C:\/Users\/u[\\/]AppData[\\/]Local[\\/]secure-mcp$/,
    );
  });

  it('takes the home folder from the given environment (HOME, then USERPROFILE) when none is passed', () => {
    expect(stateDir({ HOME: '/h' }, 'linux')).toBe('/h/.local/state/secure-mcp');
    expect(stateDir({ HOME: '/h' }, 'darwin')).toBe('/h/Library/Application Support/secure-mcp');
    expect(stateDir({ USERPROFILE: 'C:/Users/p' }, 'win32')).toMatch(/^C:\/Users\/p[\\/]AppData/);
  });
});
