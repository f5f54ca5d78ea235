import { ReadOnly, Scopes, Tool, type ToolContext } from '../../../src';

class Empty {}

/** Counts runs, so a refused call can be shown not to have reached a tool. */
export const runs = { read: 0, write: 0 };

@Tool({ name: 'whoami', description: 'Returns the caller', input: Empty })
@ReadOnly()
export class WhoAmITool {
  execute(_input: Empty, ctx: ToolContext) {
    runs.read++;
    return `principal=${ctx.principal.id}`;
  }
}

@Tool({ name: 'write_docs', description: 'Needs docs:write', input: Empty })
@Scopes('docs:write')
export class WriteDocsTool {
  execute() {
    runs.write++;
    return 'written';
  }
}
