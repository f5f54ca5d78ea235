import { existsSync, promises as fs, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import validateName from 'validate-npm-package-name';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Where the templates are: the repository's `templates/` when running from a checkout (so an edit is seen at
 * once, even after a `npm pack` left a bundled copy), else the copy inside the published package.
 */
export function templatesRoot() {
  const pkg = path.join(here, '..');
  const repo = path.join(pkg, '..', 'templates');
  const candidates =
    path.basename(pkg) === 'create-app' ? [repo, path.join(pkg, 'templates')] : [path.join(pkg, 'templates')];
  for (const candidate of candidates) {
    if (existsSync(path.join(candidate, '_shared'))) return candidate;
  }
  throw new Error('templates not found: the create-secure-mcp package is incomplete');
}

/** Our own version: the default framework range follows it, as both are released together. */
export function ownVersion() {
  return JSON.parse(readFileSync(path.join(here, '..', 'package.json'), 'utf8')).version;
}

/** npm's rules for a new package name; returns the problems (empty when valid). */
export function nameProblems(name) {
  const result = validateName(name);
  return [...(result.errors ?? []), ...(result.warnings ?? [])];
}

/** A valid package name guessed from a directory name (`My Server` → `my-server`), or undefined. */
export function suggestName(dir) {
  const guess = path
    .basename(path.resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '');
  return guess && nameProblems(guess).length === 0 ? guess : undefined;
}

/**
 * The `secure-mcp` dependency spec. A folder or a `.tgz` that exists becomes an absolute `file:` spec, so
 * the project installs the same build wherever npm runs; anything else is a version, range or npm spec.
 */
export function frameworkSpec(framework, cwd = process.cwd()) {
  if (!framework) return `^${ownVersion()}`;
  const candidate = path.resolve(cwd, framework);
  const looksLikePath = /^(\.{1,2}[\\/]|[\\/]|~)|\.tgz$/.test(framework) || existsSync(candidate);
  if (looksLikePath) {
    if (!existsSync(candidate)) throw new Error(`--framework ${framework}: no such file or folder`);
    return `file:${candidate}`;
  }
  if (framework.startsWith('secure-mcp@')) return framework.slice('secure-mcp@'.length);
  return framework;
}

/** Files present in `dir` (ignoring nothing): the non-empty check must not hide a dot file. */
export async function existingEntries(dir) {
  try {
    return await fs.readdir(dir);
  } catch (error) {
    if (error.code === 'ENOENT') return [];
    if (error.code === 'ENOTDIR') throw new Error(`${dir} exists and is not a directory`);
    throw error;
  }
}

const RENAMES = { gitignore: '.gitignore' };

/** Every template file as `{ source, target }`; the template's own files win over `_shared`. */
export async function planFiles(template) {
  const root = templatesRoot();
  const files = new Map();
  for (const layer of ['_shared', template]) {
    const base = path.join(root, layer);
    if (!existsSync(base)) throw new Error(`template "${template}" not found in ${root}`);
    for (const source of await walk(base)) {
      let target = path.relative(base, source);
      if (target === 'template.json') continue;
      const name = path.basename(target);
      target = path.join(path.dirname(target), RENAMES[name] ?? name.replace(/\.tmpl$/, ''));
      files.set(target, source);
    }
  }
  return [...files]
    .map(([target, source]) => ({ target, source }))
    .sort((a, b) => (a.target < b.target ? -1 : 1));
}

/** The template's manifest: what it needs at run time (secrets, hosts) for the next steps. */
export function templateInfo(template) {
  const file = path.join(templatesRoot(), template, 'template.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
}

async function walk(dir) {
  const out = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // Left-overs of trying a template in place (installed, built) are not part of it.
      if (['node_modules', 'dist', 'logs', 'coverage'].includes(entry.name)) continue;
      out.push(...(await walk(full)));
    } else if (entry.isFile() && entry.name !== 'package-lock.json' && entry.name !== '.env') {
      out.push(full);
    }
  }
  return out;
}

/** Replaces `__KEY__` placeholders; an unknown one is a template bug and fails loudly. */
export function render(text, values) {
  return text.replace(/__([A-Z][A-Z0-9_]*)__/g, (match, key) => {
    if (!Object.hasOwn(values, key)) throw new Error(`template placeholder ${match} has no value`);
    return values[key];
  });
}

/**
 * Renders every file, then reports which existing files would change. Nothing is written here, so the
 * caller can show (and ask about) overwrites before touching the disk.
 */
export async function prepare(dir, template, values) {
  const files = [];
  for (const { source, target } of await planFiles(template)) {
    const content = render(await fs.readFile(source, 'utf8'), values);
    const destination = path.join(dir, target);
    let status = 'create';
    if (existsSync(destination)) {
      if (!statSync(destination).isFile()) throw new Error(`${target} exists in ${dir} and is not a file`);
      status = (await fs.readFile(destination, 'utf8')) === content ? 'same' : 'overwrite';
    }
    files.push({ target, destination, content, status, mode: (await fs.stat(source)).mode & 0o755 });
  }
  return files;
}

export async function write(files) {
  for (const file of files) {
    if (file.status === 'same') continue;
    await fs.mkdir(path.dirname(file.destination), { recursive: true });
    await fs.writeFile(file.destination, file.content, { mode: file.mode | 0o600 });
  }
}
