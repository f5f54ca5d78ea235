import { IsBoolean } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { CallDenied, StartupError } from '../../errors';
import { readConfirm } from '../../metadata/read-confirm';
import { readSensitiveFields } from '../../metadata/read-tool-definition';
import type { StepFactory } from '../pipeline/types';

/** The yes/no form of `@Confirm`. */
class Confirmation {
  @JSONSchema({ title: 'Confirm', description: 'Allow this action to run' })
  @IsBoolean()
  confirm = false;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const MAX_QUOTED_LENGTH = 200;
const PLACEHOLDER = /\{([A-Za-z_$][\w$]*)\}/g;

/**
 * `@Confirm`: after validation and before anything runs, asks the human to approve the call with its
 * arguments quoted. Anything but an explicit yes refuses the call as `denied` (`not confirmed`); a client
 * without elicitation is refused (`client cannot confirm`) unless the tool allows it. Placeholders are checked
 * at start-up: each must name an input field, and never a `@Sensitive` one.
 */
export const confirm: StepFactory = (tool) => {
  if (tool.kind !== 'tool') return undefined; // reads and renders change nothing: nothing to confirm
  const owner = `${tool.definition.target.name} (tool "${tool.name}")`;
  const declaration = readConfirm(tool.definition.target, owner);
  if (!declaration) return undefined;
  const fields = new Set(Object.keys(tool.listing.inputSchema.properties));
  const sensitive = new Set(readSensitiveFields(tool.definition.input));
  for (const [, field] of declaration.message.matchAll(PLACEHOLDER)) {
    if (sensitive.has(field)) {
      throw new StartupError(
        `${owner}: @Confirm message quotes {${field}}, a @Sensitive field; sensitive values are never shown`,
      );
    }
    if (!fields.has(field)) {
      throw new StartupError(`${owner}: @Confirm message quotes {${field}}, which is not an input field`);
    }
  }
  const allowUnsupported = declaration.ifUnsupported === 'allow';
  const timeoutMs = declaration.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const refused = (why: string) => new CallDenied('not confirmed', `${tool.name} was not run: ${why}`);

  return async (call, next) => {
    const { ctx } = call;
    if (!ctx.clientSupports('elicitation')) {
      if (!allowUnsupported) {
        throw new CallDenied(
          'client cannot confirm',
          `${tool.name} must be confirmed by the user, and this client cannot ask (it does not support ` +
            'elicitation); use a client that supports elicitation',
        );
      }
      call.reason = 'confirm-skipped';
      return next();
    }
    const message = render(declaration.message, call.input as Record<string, unknown>);
    let answer;
    try {
      answer = await ctx.elicit(Confirmation, message, { timeoutMs });
    } catch (error) {
      if (ctx.clientSignal.aborted) throw error; // the client cancelled the call itself
      throw refused(`no confirmation (${(error as Error).message})`);
    }
    if (answer.action === 'accept' && answer.content.confirm === true) return next();
    throw refused(
      answer.action === 'accept' ? 'the user did not confirm it' : `the user chose ${answer.action}`,
    );
  };
};

/** `{field}` → the validated value, on one line and capped: a quoted value cannot restyle the question. */
function render(template: string, input: Record<string, unknown>): string {
  return template.replace(PLACEHOLDER, (_, field: string) => {
    const value = input?.[field];
    const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
    // eslint-disable-next-line no-control-regex
    const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
    return flat.length > MAX_QUOTED_LENGTH ? `${flat.slice(0, MAX_QUOTED_LENGTH)}…` : flat;
  });
}
