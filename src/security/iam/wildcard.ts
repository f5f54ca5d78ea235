/** True for an IAM action with a wildcard: `*`, `s3:*`, `s3:Get*`. */
export function isWildcardAction(action: string): boolean {
  return action.includes('*') || action.includes('?');
}

/**
 * True for a resource that grants more than named things: `*`, a `*` in the partition, service, region or
 * account of an ARN, or a resource part that is only a wildcard (`table/*`, `function:*`). Objects inside
 * one named S3 bucket (`arn:aws:s3:::my-bucket/*`) are not a wildcard: that is how S3 names "the objects of
 * this bucket".
 */
export function isWildcardResource(resource: string): boolean {
  if (!resource.includes('*') && !resource.includes('?')) return false;
  if (resource === '*') return true;
  const parts = resource.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return true;
  if (parts.slice(1, 5).some((p) => /[*?]/.test(p))) return true;
  const service = parts[2];
  const rest = parts.slice(5).join(':');
  if (service === 's3') {
    const slash = rest.indexOf('/');
    const bucket = slash === -1 ? rest : rest.slice(0, slash);
    return /[*?]/.test(bucket);
  }
  // `table/*`, `function:*`, `*`: only the resource type is named.
  return /^([A-Za-z0-9_-]+[/:])?[*?]+$/.test(rest);
}
