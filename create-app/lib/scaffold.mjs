import { randomBytes } from 'node:crypto';
import { constants, existsSync, promises as fs, lstatSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import validateName from 'validate-npm-package-name';
import { withSdkLine } from './sdk-lines.mjs';

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

const VENDOR = 'vendor';

/** The absolute path of a `--framework` tarball (copied into the project by {@link vendorFramework}), or undefined. */
export function frameworkTarball(framework, cwd = process.cwd()) {
  if (!framework || !/\.(tgz|tar\.gz)$/.test(framework)) return undefined;
  const candidate = path.resolve(cwd, framework);
  return existsSync(candidate) && lstatSync(candidate).isFile() ? candidate : undefined;
}

/** Copies the `--framework` tarball into `<target>/vendor/`, where the `file:vendor/...` dependency points. */
export async function vendorFramework(tarball, target) {
  await fs.mkdir(path.join(target, VENDOR), { recursive: true });
  const copy = path.join(target, VENDOR, path.basename(tarball));
  await fs.copyFile(tarball, copy);
  return copy;
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
 * The `secure-mcp` dependency spec. A `.tgz` is copied into the project's `vendor/` folder and referenced
 * relatively (`file:vendor/x.tgz`), so CI and other machines install the same build from the repository; a
 * folder stays an absolute `file:` path (the caller warns: it only installs on this machine). Anything else
 * is a version, range or npm spec.
 */
export function frameworkSpec(framework, cwd = process.cwd()) {
  if (!framework) return `^${ownVersion()}`;
  const candidate = path.resolve(cwd, framework);
  const looksLikePath = /^(\.{1,2}[\\/]|[\\/]|~)|\.tgz$/.test(framework) || existsSync(candidate);
  if (looksLikePath) {
    if (!existsSync(candidate)) throw new Error(`--framework ${framework}: no such file or folder`);
    const tarball = frameworkTarball(framework, cwd);
    return tarball ? `file:${VENDOR}/${path.basename(tarball)}` : `file:${candidate}`;
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
 * Renders a JSON template (package.json) as data: placeholders are replaced inside the parsed strings and the
 * result is serialised again, so a value such as `--framework 'x", "scripts": ...'` stays one string.
 */
export function renderJson(text, values) {
  const fill = (node) => {
    if (typeof node === 'string') return render(node, values);
    if (Array.isArray(node)) return node.map(fill);
    if (node && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [render(k, values), fill(v)]));
    return node;
  };
  return `${JSON.stringify(fill(JSON.parse(text)), null, 2)}\n`;
}

/** A refusal to touch a folder that is not safe to write into (a planted link); nothing has been written. */
export class UnsafeTargetError extends Error {}

/**
 * How `target` (relative to `root`) exists on disk, without following any link: `missing`, `file`, or a
 * refusal naming the first path component that is a link or not what it should be.
 */
function inspect(root, target) {
  const parts = target.split(path.sep);
  let current = root;
  for (let i = 0; i < parts.length; i++) {
    current = path.join(current, parts[i]);
    let stat;
    try {
      stat = lstatSync(current);
    } catch (error) {
      if (error.code === 'ENOENT') return { kind: 'missing' };
      throw error;
    }
    const rel = parts.slice(0, i + 1).join('/');
    const last = i === parts.length - 1;
    if (stat.isSymbolicLink()) return { kind: 'link', rel };
    if (!last && !stat.isDirectory()) return { kind: 'other', rel, want: 'a folder' };
    if (last) return stat.isFile() ? { kind: 'file', stat } : { kind: 'other', rel, want: 'a file' };
  }
  return { kind: 'missing' };
}

/**
 * Renders every file, then reports which existing files would change. Nothing is written here, so the
 * caller can show (and ask about) overwrites before touching the disk. With `sdk`, package.json lists that
 * MCP SDK line's packages and no other's. A symbolic link anywhere on the way to a file (the file itself,
 * or a folder such as `src/`) is refused: writing through it could change files outside the target folder.
 *
 * @param {string} dir
 * @param {string} template
 * @param {Record<string, string>} values
 * @param {{ sdk?: import('./sdk-lines.mjs').SdkLine }} [options]
 */
export async function prepare(dir, template, values, { sdk } = {}) {
  const root = realRoot(dir);
  const files = [];
  const links = [];
  for (const { source, target } of await planFiles(template)) {
    const raw = await fs.readFile(source, 'utf8');
    // JSON with placeholders (package.json) is built as data, so no value can break out of its string.
    let content =
      path.extname(target) === '.json' && /__[A-Z]/.test(raw) ? renderJson(raw, values) : render(raw, values);
    if (target === 'package.json' && sdk) {
      content = `${JSON.stringify(withSdkLine(JSON.parse(content), sdk), null, 2)}\n`;
    }
    const destination = path.join(root, target);
    const found = inspect(root, target);
    let status = 'create';
    if (found.kind === 'link') {
      links.push(found.rel);
      continue;
    }
    if (found.kind === 'other')
      throw new UnsafeTargetError(`${found.rel} exists in ${dir} and is not ${found.want}`);
    if (found.kind === 'file') {
      // Only a file of the same size can be the same: a huge planted file is never read.
      const same =
        found.stat.size === Buffer.byteLength(content) &&
        (await fs.readFile(destination, 'utf8')) === content;
      status = same ? 'same' : 'overwrite';
    }
    files.push({ root, target, destination, content, status, mode: (await fs.stat(source)).mode & 0o755 });
  }
  if (links.length > 0) {
    const unique = [...new Set(links)];
    throw new UnsafeTargetError(
      `${dir} has symbolic links where the project's files go: ${unique.join(', ')}. ` +
        'create-secure-mcp never writes through a link (it could change files outside the folder). ' +
        'Remove the links, or choose an empty folder, and run it again. Nothing was written.',
    );
  }
  return files;
}

/** The target folder with its own links resolved once: the folder the user named is where files go. */
function realRoot(dir) {
  try {
    return realpathSync(dir);
  } catch (error) {
    if (error.code === 'ENOENT') return path.resolve(dir);
    throw error;
  }
}

/** Creates each missing folder of `rel` under `root`, refusing any component that is (or became) a link. */
async function makeFolders(root, rel) {
  await fs.mkdir(root, { recursive: true }); // the folder the user named (resolved by prepare)
  let current = root;
  for (const part of rel === '.' ? [] : rel.split(path.sep)) {
    current = path.join(current, part);
    try {
      await fs.mkdir(current, { mode: 0o755 });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const stat = await fs.lstat(current);
    if (stat.isSymbolicLink() || !stat.isDirectory()) {
      throw new UnsafeTargetError(
        `${path.relative(root, current)} is not a folder (a link?): stopped writing`,
      );
    }
  }
}

/**
 * Writes each file without ever following a link: the content goes to a new file with a random name created
 * with O_EXCL | O_NOFOLLOW next to the destination, which is then renamed over it (a rename replaces a link
 * itself, never its target). A folder swapped for a link after {@link prepare} checked it stops the run.
 */
export async function write(files) {
  for (const file of files) {
    if (file.status === 'same') continue;
    await makeFolders(file.root, path.dirname(file.target));
    const temp = path.join(
      path.dirname(file.destination),
      `.${path.basename(file.destination)}.${randomBytes(6).toString('hex')}.tmp`,
    );
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
    const handle = await fs.open(temp, flags, file.mode | 0o600);
    try {
      await handle.writeFile(file.content);
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(temp, file.destination);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }
}
