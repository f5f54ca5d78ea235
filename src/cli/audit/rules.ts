import type { Severity } from './finding';

/** What each finding id means; used for SARIF rules and docs. */
export interface RuleInfo {
  id: string;
  severity: Severity;
  name: string;
  description: string;
}

export const RULES: readonly RuleInfo[] = [
  {
    id: 'client-secret',
    severity: 'high',
    name: 'HardCodedSecretInClientConfig',
    description: 'A credential is written into an MCP client configuration (env, args, headers or url).',
  },
  {
    id: 'client-insecure-url',
    severity: 'high',
    name: 'RemoteServerOverHttp',
    description: 'A remote MCP server is reached over plain http.',
  },
  {
    id: 'client-remote-url',
    severity: 'medium',
    name: 'RemoteServer',
    description: 'An MCP server is reached over the network, not on this machine.',
  },
  {
    id: 'client-command-missing',
    severity: 'medium',
    name: 'ServerCommandMissing',
    description: 'The command that starts an MCP server is neither on PATH nor an existing file.',
  },
  {
    id: 'client-placeholder',
    severity: 'medium',
    name: 'PlaceholderNotExpandedByClient',
    description:
      'A ${VAR}-style placeholder the client does not expand (any in Claude Desktop; ${VAR} in Cursor or VS Code, which need ${env:VAR}; ${env:VAR} in Claude Code): the server receives the text itself.',
  },
  {
    id: 'client-script-missing',
    severity: 'medium',
    name: 'ServerScriptMissing',
    description: 'The script an MCP server entry runs (node /path/server.js) does not exist.',
  },
  {
    id: 'client-config-invalid',
    severity: 'medium',
    name: 'ClientConfigUnreadable',
    description: 'An MCP client configuration file cannot be parsed.',
  },
  {
    id: 'client-server-unused',
    severity: 'low',
    name: 'UnusedServer',
    description: 'An MCP server has not been called for longer than the allowed number of days.',
  },
  {
    id: 'client-usage-unknown',
    severity: 'info',
    name: 'ServerUsageUnknown',
    description: 'No usage record exists for an MCP server (it may not be built with secure-mcp).',
  },
  {
    id: 'source-secret',
    severity: 'high',
    name: 'HardCodedSecretInSource',
    description: 'A credential is written into a project file.',
  },
  {
    id: 'file-unreadable',
    severity: 'medium',
    name: 'FileUnreadable',
    description: 'A project file could not be read, so it was not scanned; the rest of the audit went on.',
  },
  {
    id: 'file-not-scanned',
    severity: 'low',
    name: 'FileNotScanned',
    description:
      'A project file (or some of its lines) was not scanned for secrets: over 1 MB, binary, or lines over 2,000 characters.',
  },
  {
    id: 'env-tracked',
    severity: 'high',
    name: 'DotEnvTracked',
    description: 'A .env file is tracked by git.',
  },
  {
    id: 'env-not-ignored',
    severity: 'medium',
    name: 'DotEnvNotIgnored',
    description: 'A .env file exists and is not git-ignored.',
  },
  {
    id: 'iam-wildcard',
    severity: 'high',
    name: 'IamWildcard',
    description: 'An @IamPolicy declares wildcard actions or resources without allowWildcard and a reason.',
  },
  {
    id: 'iam-wildcard-allowed',
    severity: 'low',
    name: 'IamWildcardAllowed',
    description: 'An @IamPolicy declares a wildcard that is allowed with a reason.',
  },
  {
    id: 'policy-violation',
    severity: 'high',
    name: 'PolicyViolation',
    description: 'A tool breaks a rule of secure-mcp.config.json.',
  },
  {
    id: 'policy-invalid',
    severity: 'high',
    name: 'PolicyInvalid',
    description: 'secure-mcp.config.json (or a policy it extends) is invalid or cannot be loaded.',
  },
  {
    id: 'policy-weakened',
    severity: 'medium',
    name: 'PolicyWeakened',
    description:
      'secure-mcp.config.json (or a policy between it and the team policy) weakens a rule of the policy it extends.',
  },
  {
    id: 'policy-missing',
    severity: 'low',
    name: 'PolicyMissing',
    description: 'The project has no secure-mcp.config.json.',
  },
  {
    id: 'secret-stale',
    severity: 'medium',
    name: 'SecretNotRotated',
    description: 'A secret is older than maxSecretAgeDays.',
  },
  {
    id: 'secret-date-invalid',
    severity: 'medium',
    name: 'SecretDateInvalid',
    description:
      'A secret record has a missing, malformed or future rotation date, so its age cannot be known; treated as due for rotation.',
  },
  {
    id: 'tool-no-rate-limit',
    severity: 'medium',
    name: 'ToolWithoutRateLimit',
    description: 'A tool has no @RateLimit.',
  },
  { id: 'tool-no-audit', severity: 'medium', name: 'ToolWithoutAudit', description: 'A tool has no @Audit.' },
  {
    id: 'tool-write',
    severity: 'info',
    name: 'WriteTool',
    description: 'A tool is not @ReadOnly (medium when it also lacks @Audit or @RateLimit).',
  },
  {
    id: 'scan-incomplete',
    severity: 'high',
    name: 'ScanIncomplete',
    description:
      'Part of the project or of a client config was not scanned (a limit was reached, or a file could not be read); the audit cannot call it clean.',
  },
  {
    id: 'state-unreadable',
    severity: 'low',
    name: 'StateUnreadable',
    description: 'A secure-mcp state file (usage or secret catalog) cannot be read.',
  },
];

export const RULE_BY_ID: ReadonlyMap<string, RuleInfo> = new Map(RULES.map((r) => [r.id, r]));
