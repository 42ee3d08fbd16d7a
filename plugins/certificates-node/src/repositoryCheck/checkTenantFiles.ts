/**
 * One file of the GitOps repository as git holds it: `mode` is git's tree
 * mode (`100644` a file, `100755` an executable, `120000` a symbolic link,
 * `160000` a submodule); `content` the blob (a link's target for a link).
 */
export type RepositoryFile = { path: string; mode: string; content: string };

/** One kind a team may keep in its folder, and the file name it must have. */
export type TenantFileKind = {
  apiVersion: string;
  kind: string;
  fileName: string;
};

/** What the check allows, rendered from the platform model (`tenantFileRules`). */
export type TenantFileRules = {
  /** Top folder of the team folders (`tenants`). */
  tenantsDir: string;
  /** Folder below a team's folder holding one folder per certificate (`certificates`). */
  certificatesDir: string;
  teams: string[];
  kinds: TenantFileKind[];
};

/**
 * Judges every file under `tenants/` of a GitOps repository: each must be a
 * regular file `tenants/<team>/certificates/<name>/<kind file>` of a
 * configured team holding exactly one manifest of the kind its file name
 * names, in the team's namespace, named `<name>`. Anything else (an Argo CD
 * source override `.argocd-source*.yaml`, a `kustomization.yaml`, a
 * `Chart.yaml`, Jsonnet, a symbolic link, a Secret, a manifest for another
 * namespace) is a problem: Argo CD's repo-server would read some of them
 * before it picks the tool (docs/security.md, escape 7). Returns one line per
 * problem, each starting with the file's path; empty when all is well.
 *
 * Deliberately self-contained (no imports, no closures over module state):
 * the platform bundle ships this very function's source as its CI check
 * (`renderRepositoryCheckFiles`), so the backend and the pull request check
 * run one unit of code. `parseYaml` returns every document of a file.
 */
export function checkTenantFiles(
  files: RepositoryFile[],
  rules: TenantFileRules,
  parseYaml: (text: string) => unknown[],
): string[] {
  const problems: string[] = [];
  const known: Array<[RegExp, string]> = [
    [/^\.argocd-source/, 'an Argo CD source override'],
    [/^kustomization\.ya?ml$|^Kustomization$/, 'a Kustomize file'],
    [/^(Chart|values)\.ya?ml$/, 'a Helm chart file'],
    [/\.(jsonnet|libsonnet)$/, 'Jsonnet'],
  ];
  const describe = (name: string) => {
    for (const [pattern, what] of known)
      if (pattern.test(name)) return ` (${what})`;
    return '';
  };
  const allowedNames = rules.kinds.map(k => k.fileName).join(' or ');
  for (const file of files) {
    const parts = file.path.split('/');
    if (parts[0] !== rules.tenantsDir) continue;
    const team = parts[1];
    const name = parts[parts.length - 1];
    const where = `${file.path}:`;
    if (!rules.teams.includes(team)) {
      problems.push(`${where} ${team} is not a configured team`);
      continue;
    }
    const kind = rules.kinds.find(k => k.fileName === name);
    if (
      parts.length !== 5 ||
      parts[2] !== rules.certificatesDir ||
      kind === undefined
    ) {
      problems.push(
        `${where} not allowed${describe(name)}; a team folder holds only ${
          rules.tenantsDir
        }/${team}/${
          rules.certificatesDir
        }/<name>/${allowedNames}, one manifest each`,
      );
      continue;
    }
    if (file.mode !== '100644') {
      problems.push(
        `${where} must be a regular file (git mode 100644), not ${
          file.mode === '120000' ? 'a symbolic link' : `mode ${file.mode}`
        }`,
      );
      continue;
    }
    let docs: unknown[];
    try {
      docs = parseYaml(file.content).filter(d => d !== null && d !== undefined);
    } catch (error) {
      problems.push(`${where} is not valid YAML: ${String(error)}`);
      continue;
    }
    if (docs.length !== 1) {
      problems.push(
        `${where} must hold exactly one manifest, found ${docs.length}`,
      );
      continue;
    }
    const doc = docs[0] as {
      apiVersion?: unknown;
      kind?: unknown;
      metadata?: { name?: unknown; namespace?: unknown };
    };
    if (doc.apiVersion !== kind.apiVersion || doc.kind !== kind.kind)
      problems.push(
        `${where} must be a ${kind.kind} (apiVersion ${
          kind.apiVersion
        }), found ${String(doc.kind)} (${String(doc.apiVersion)})`,
      );
    if (doc.metadata?.namespace !== team)
      problems.push(
        `${where} metadata.namespace must be ${team}, found ${String(
          doc.metadata?.namespace,
        )}`,
      );
    if (doc.metadata?.name !== parts[3])
      problems.push(
        `${where} metadata.name must be ${
          parts[3]
        } (its folder), found ${String(doc.metadata?.name)}`,
      );
  }
  return problems;
}
