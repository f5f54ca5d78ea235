import { IsInt, Max, Min } from 'class-validator';
import { ReadOnly, Tool } from '../../../src';

class SleepInput {
  @IsInt() @Min(0) @Max(10_000) ms!: number;
}

/** Answers after `ms`: a call that outlasts the request and idle timeouts. */
@Tool({ name: 'sleep', description: 'Waits, then answers', input: SleepInput })
@ReadOnly()
export class SleepTool {
  async execute(input: SleepInput, ctx: { signal: AbortSignal }) {
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, input.ms);
      ctx.signal.addEventListener('abort', () => clearTimeout(timer));
    });
    return `slept ${input.ms}`;
  }
}
