import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderPlatformFiles } from '@internal/plugin-certificates-node';
import { PlatformModel } from '@internal/plugin-certificates-common';
import { parse, stringify } from 'yaml';

/** One scraped series: its labels and a value per sample (undefined: absent then). */
export type SampledSeries = {
  labels: Record<string, string>;
  values: Array<number | undefined>;
};

/**
 * promtool's expanding notation, run-length encoded: `v+0xN` is N+1
 * samples of v, `_xN` is N missing samples.
 */
export function encodeValues(values: Array<number | undefined>): string {
  const out: string[] = [];
  let i = 0;
  while (i < values.length) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[i]) j++;
    const count = j - i + 1;
    if (values[i] === undefined) out.push(count === 1 ? '_' : `_x${count}`);
    else
      out.push(count === 1 ? String(values[i]) : `${values[i]}+0x${count - 1}`);
    i = j + 1;
  }
  return out.join(' ');
}

const seriesName = (labels: Record<string, string>) => {
  const { __name__: name, ...rest } = labels;
  return `${name}{${Object.entries(rest)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ')}}`;
};

/** Which certificates (by name) have a firing alert at `evalTime`: what promtool is asked to confirm. */
export type AlertExpectation = { evalTime: string; firingFor: string[] };

/**
 * Writes the platform's rendered alert rules and a `promtool test rules`
 * file whose input is the sampled metrics, then runs promtool. Each
 * expectation says exactly which certificate names have a firing alert
 * (`group by (name) (ALERTS{alertstate="firing"})`) at its time.
 */
export function runPromtool(options: {
  platform: PlatformModel;
  series: SampledSeries[];
  intervalMinutes: number;
  expectations: AlertExpectation[];
}): { ok: boolean; output: string; inputBytes: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simulator-promtool-'));
  try {
    const rule = renderPlatformFiles(options.platform).find(f =>
      f.path.endsWith('monitoring/prometheusrule.yaml'),
    );
    if (!rule) throw new Error('the platform renders no PrometheusRule');
    fs.writeFileSync(
      path.join(dir, 'rules.yaml'),
      stringify({ groups: parse(rule.content).spec.groups }),
    );
    const test = {
      rule_files: ['rules.yaml'],
      evaluation_interval: `${options.intervalMinutes}m`,
      tests: [
        {
          interval: `${options.intervalMinutes}m`,
          input_series: options.series.map(s => ({
            series: seriesName(s.labels),
            values: encodeValues(s.values),
          })),
          promql_expr_test: options.expectations.map(e => ({
            expr: 'group by (name) (ALERTS{alertstate="firing"})',
            eval_time: e.evalTime,
            exp_samples: e.firingFor.map(name => ({
              labels: `{name="${name}"}`,
              value: 1,
            })),
          })),
        },
      ],
    };
    const text = stringify(test, { lineWidth: 0 });
    fs.writeFileSync(path.join(dir, 'test.yaml'), text);
    const res = spawnSync('promtool', ['test', 'rules', 'test.yaml'], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (res.error)
      throw new Error(
        `promtool: ${res.error.message} (Debian package prometheus)`,
      );
    return {
      ok: res.status === 0,
      output: `${res.stdout}${res.stderr}`,
      inputBytes: text.length,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
