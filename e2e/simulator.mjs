// The platform simulator the app reads on embedded defaults (packages/platform-simulator):
// its address and tokens come from app-config.yaml, the one place they are written.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { root } from './lib.mjs';

const status = parse(
  fs.readFileSync(path.join(root, 'app-config.yaml'), 'utf8'),
).certificates.status;
const cluster = status.clusters[0];

/** GET on the simulated Kubernetes API, as the backend's service account. */
export async function kubeGet(apiPath) {
  const res = await fetch(`${cluster.url}${apiPath}`, {
    headers: { authorization: `Bearer ${cluster.serviceAccountToken}` },
  });
  return { status: res.status, body: await res.json() };
}

let vaultToken;

/** Signs in to the simulated Vault as the backend does (Kubernetes auth with the service account token). */
async function vaultLogin() {
  const auth = status.vault.kubernetes;
  const res = await fetch(
    `${status.vault.address}/v1/auth/${auth.mountPath ?? 'kubernetes'}/login`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        role: auth.role,
        jwt: cluster.serviceAccountToken,
      }),
    },
  );
  if (!res.ok) throw new Error(`Vault login failed: ${await res.text()}`);
  return (await res.json()).auth.client_token;
}

/** The current version of a Vault key, undefined when it does not exist. */
export async function vaultVersion(key) {
  vaultToken ??= await vaultLogin();
  const res = await fetch(`${status.vault.address}/v1/kv/metadata/${key}`, {
    headers: { 'x-vault-token': vaultToken },
  });
  if (res.status === 404) return undefined;
  return (await res.json()).data.current_version;
}

/** Scripts a fault (see docs/simulator.md), e.g. `challenge-stuck` on a certificate name. */
export async function scriptFault(kind, target) {
  const res = await fetch(`${cluster.url}/_simulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind, target }),
  });
  if (res.status !== 201)
    throw new Error(`simulator refused the fault: ${await res.text()}`);
}

/** The certificate of team-a holding `dnsName`, as the simulated cluster has it. */
export async function certificateFor(dnsName) {
  const { body } = await kubeGet(
    '/apis/cert-manager.io/v1/namespaces/team-a/certificates',
  );
  return body.items.find(c => c.spec.dnsNames.includes(dnsName));
}

/** Names of the CertificateRequests of one certificate, newest revision first. */
export async function requestsOf(name) {
  const { body } = await kubeGet(
    '/apis/cert-manager.io/v1/namespaces/team-a/certificaterequests',
  );
  return body.items
    .filter(
      r => r.metadata.annotations['cert-manager.io/certificate-name'] === name,
    )
    .sort(
      (a, b) =>
        b.metadata.annotations['cert-manager.io/certificate-revision'] -
        a.metadata.annotations['cert-manager.io/certificate-revision'],
    )
    .map(r => r.metadata.name);
}

/** Fails unless the certificate's objects and its Vault copy are gone from the simulator. */
export async function expectGoneFromCluster(name) {
  const cert = await kubeGet(
    `/apis/cert-manager.io/v1/namespaces/team-a/certificates/${name}`,
  );
  const push = await kubeGet(
    `/apis/external-secrets.io/v1alpha1/namespaces/team-a/pushsecrets/${name}`,
  );
  const requests = await requestsOf(name);
  const version = await vaultVersion(`certs/team-a/${name}`);
  if (
    cert.status !== 404 ||
    push.status !== 404 ||
    requests.length ||
    version !== undefined
  )
    throw new Error(
      `${name} is still on the simulated cluster: Certificate ${cert.status}, PushSecret ${push.status}, ${requests.length} CertificateRequests, Vault version ${version}`,
    );
}

/**
 * Opens `url` again every 5 s until `locator` shows: an open card updates on
 * its team's signals, and a change only the cluster saw (a Certificate pruned
 * by Argo CD) is signalled at the notifier's next run, minutes away.
 */
export async function reloadUntil(page, url, locator, seconds) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    await page.goto(url);
    try {
      await locator.waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}
