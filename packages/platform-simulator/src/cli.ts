/*
 * `yarn workspace @internal/platform-simulator start [--config app-config.yaml ...]`:
 * serves the simulated cluster and Vault that the given app-config points
 * the backend at (see readSimulatorConfig), until stopped. `npm start` and
 * the browser test run it beside the app through scripts/dev.sh.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { parse } from 'yaml';
import { readSimulatorConfig } from './config';
import { createPlatformSimulator } from './simulator';

/** The repository root: the nearest folder up from here whose package.json has workspaces. */
function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (
      fs.existsSync(manifest) &&
      JSON.parse(fs.readFileSync(manifest, 'utf8')).workspaces
    )
      return dir;
    if (path.dirname(dir) === dir)
      throw new Error(`no workspace root above ${from}`);
  }
}

const root = findRoot(process.cwd());

function configFiles(argv: string[]): string[] {
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++)
    if (argv[i] === '--config' && argv[i + 1])
      files.push(path.resolve(argv[++i]));
  return files.length ? files : [path.join(root, 'app-config.yaml')];
}

async function main() {
  const files = configFiles(process.argv.slice(2));
  const config = ConfigReader.fromConfigs(
    files.map(f => ({
      context: path.basename(f),
      data: parse(fs.readFileSync(f, 'utf8')),
    })),
  );
  const options = readSimulatorConfig(
    config,
    path.join(root, 'packages/backend'),
  );
  if (!options) {
    console.log(
      'platform-simulator: no cluster on a loopback URL in certificates.status.clusters; nothing to simulate',
    );
    return;
  }
  if (options.vaultJwtPath && options.vaultKubernetesAuth) {
    fs.mkdirSync(path.dirname(options.vaultJwtPath), { recursive: true });
    fs.writeFileSync(options.vaultJwtPath, options.vaultKubernetesAuth.jwt, {
      mode: 0o600,
    });
  }
  const rate = Number(process.env.SIMULATOR_CLOCK_RATE ?? 1);
  const sim = await createPlatformSimulator({
    ...options,
    log: message =>
      console.log(`platform-simulator: ${new Date().toISOString()} ${message}`),
  });
  if (rate !== 1) sim.clock.setRate(rate);
  console.log(
    `platform-simulator: cluster "${options.clusterName}" and Vault on ${sim.url}, following ${options.gitopsPath} (${options.branch}); control API ${sim.url}/_simulator/state`,
  );
  const stop = () => {
    sim.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch(error => {
  console.error(`platform-simulator: ${error.message}`);
  process.exit(1);
});
