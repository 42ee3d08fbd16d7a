import { KEY_ALGORITHMS } from '@internal/plugin-certificates-common';
import { renderPlatformFiles, renderRequestFiles } from '../render';
import { createTestPlatform, resolveOrThrow } from '../testing/platforms';
import { createManifestValidator, ManifestValidator } from '../validation';

export type RenderBenchResult = {
  /** Request bundles rendered and strictly validated per second (schema compilation excluded). */
  bundlesPerSecond: number;
  bundles: number;
  files: number;
  seconds: number;
};

/**
 * Renders a request bundle and validates every document of it, in a loop, for
 * about `seconds` seconds, cycling through teams, names and key algorithms.
 * Schemas are compiled before the clock starts.
 */
export function runRenderBench(
  seconds = 5,
  validator: ManifestValidator = createManifestValidator(),
): RenderBenchResult {
  const platform = createTestPlatform();
  const bodies = [0, 1, 2, 3, 4, 5, 6, 7].map(i => ({
    team: 'team-a',
    domain: 'example.com',
    subdomain: i % 2 === 0 ? `api${i}.shop` : `svc${i}.team-a`,
    wildcard: i % 3 === 0,
    issuer: i % 2 === 0 ? 'letsencrypt-prod' : 'letsencrypt-staging',
    keyAlgorithm: KEY_ALGORITHMS[i % KEY_ALGORITHMS.length],
    additionalNames: i % 4 === 0 ? ['www.team-a.example.com'] : undefined,
  }));
  const resolved = bodies.map(b => resolveOrThrow(b, platform));
  validator.warmUp();
  const check = (files: ReturnType<typeof renderRequestFiles>) => {
    const problems = validator.validateFiles(files);
    if (problems.length > 0)
      throw new Error(`bench bundle invalid: ${JSON.stringify(problems[0])}`);
  };
  check(renderPlatformFiles(platform));

  let bundles = 0;
  let files = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  while (elapsed < budget) {
    const rendered = renderRequestFiles(
      resolved[bundles % resolved.length],
      platform,
    );
    check(rendered);
    bundles += 1;
    files += rendered.length;
    elapsed = process.hrtime.bigint() - start;
  }
  const secs = Number(elapsed) / 1e9;
  return { bundlesPerSecond: bundles / secs, bundles, files, seconds: secs };
}

/** The result as printed by `npm run bench`. */
export function formatRenderBench(r: RenderBenchResult): string[] {
  return [
    `render: ${r.bundlesPerSecond.toFixed(
      0,
    )} request bundles per second rendered and strictly validated on one core ` +
      `(${r.bundles} bundles, ${r.files} files in ${r.seconds.toFixed(1)} s)`,
  ];
}
