import { resolve } from 'node:path';
import { buildIamPolicy, IamPolicyError } from '../../security/iam';
import { EXIT, type CliDeps } from '../deps';
import { capabilityLabel, projectTools } from '../tools-source';

export interface IamOptions {
  project?: string;
  entry?: string;
  readOnly?: boolean;
}

/** `secure-mcp iam-policy`: one least-privilege policy document from every `@IamPolicy`. */
export async function runIamPolicy(o: IamOptions, deps: CliDeps): Promise<number> {
  const project = resolve(deps.cwd, o.project ?? '.');
  const tools = (await projectTools(project, o.entry ? resolve(deps.cwd, o.entry) : undefined)).filter(
    (t) => !o.readOnly || t.readOnly,
  );
  try {
    const doc = buildIamPolicy(tools.map((t) => ({ tool: capabilityLabel(t), declarations: t.iam })));
    if (doc.Statement.length === 0)
      deps.err('No @IamPolicy declarations found: the tools need no AWS permissions.');
    deps.out(JSON.stringify(doc, null, 2));
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof IamPolicyError)) throw e;
    deps.err('Refusing to build the IAM policy:');
    for (const p of e.problems) deps.err(`  tool "${p.tool}": ${p.message}`);
    return EXIT.findings;
  }
}
