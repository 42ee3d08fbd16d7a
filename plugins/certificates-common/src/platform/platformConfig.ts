import { z } from 'zod';

/**
 * The `certificates` section of app-config, as the platform team writes it.
 * Parsed once at start-up; the same parsed value feeds request validation,
 * rendering and (later) admission policies, so there is one ownership model.
 */

const secretKeyRef = z
  .object({
    name: z
      .string()
      .min(1)
      .describe('Secret name in the cert-manager namespace'),
    key: z.string().min(1).describe('Key inside the Secret'),
  })
  .strict();

export const dnsProviderSchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('cloudflare'), apiTokenSecretRef: secretKeyRef })
    .strict(),
  z
    .object({
      type: z.literal('route53'),
      region: z.string().min(1),
      hostedZoneID: z.string().optional(),
      role: z.string().optional(),
      accessKeyIDSecretRef: secretKeyRef.optional(),
      secretAccessKeySecretRef: secretKeyRef.optional(),
      serviceAccountName: z.string().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('cloudDNS'),
      project: z.string().min(1),
      serviceAccountSecretRef: secretKeyRef.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('azureDNS'),
      subscriptionID: z.string().min(1),
      resourceGroupName: z.string().min(1),
      hostedZoneName: z.string().optional(),
      environment: z
        .enum([
          'AzurePublicCloud',
          'AzureChinaCloud',
          'AzureGermanCloud',
          'AzureUSGovernmentCloud',
        ])
        .optional(),
      tenantID: z.string().optional(),
      clientID: z.string().optional(),
      clientSecretSecretRef: secretKeyRef.optional(),
      managedIdentityClientID: z.string().optional(),
    })
    .strict(),
  z
    .object({ type: z.literal('digitalocean'), tokenSecretRef: secretKeyRef })
    .strict(),
  z
    .object({
      type: z.literal('rfc2136'),
      nameserver: z.string().min(1),
      tsigKeyName: z.string().optional(),
      tsigAlgorithm: z.string().optional(),
      tsigSecretSecretRef: secretKeyRef.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('webhook'),
      groupName: z.string().min(1),
      solverName: z.string().min(1),
      config: z.record(z.unknown()).optional(),
    })
    .strict(),
]);
export type DnsProviderConfig = z.infer<typeof dnsProviderSchema>;

export const zoneConfigSchema = z
  .object({
    domain: z.string().min(1),
    dnsProvider: dnsProviderSchema,
    /** Every team owns `<team>.<domain>` unless turned off. */
    teamSubdomains: z.boolean().default(true),
    /** Whether teams get wildcard rights on their default subdomain. */
    teamSubdomainWildcards: z.boolean().default(true),
    allowIdn: z.boolean().default(false),
  })
  .strict();
export type ZoneConfig = z.infer<typeof zoneConfigSchema>;

export const grantConfigSchema = z
  .object({
    zone: z.string().min(1),
    /** Labels left of the zone; empty means the apex name alone. */
    subtree: z.string().default(''),
    wildcard: z.boolean().default(false),
  })
  .strict();

export const teamConfigSchema = z
  .object({
    name: z.string().min(1),
    /** Catalog Group whose members may request for this team; defaults to `group:default/<name>`. */
    group: z.string().optional(),
    grants: z.array(grantConfigSchema).default([]),
    /** GitHub users or teams (`@org/team`) whose review `tenants/<name>/` needs (rendered CODEOWNERS). */
    codeOwners: z.array(z.string().regex(/^@[A-Za-z0-9_./-]+$/)).default([]),
  })
  .strict();

export const issuerConfigSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    server: z.string().url(),
    email: z.string().email(),
    privateKeySecretName: z.string().optional(),
    /** Staging issuers sign with an untrusted root; shown to users as a hint. */
    staging: z.boolean().default(false),
  })
  .strict();
export type IssuerConfig = z.infer<typeof issuerConfigSchema>;

const quantity = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/);

export const tenantDefaultsSchema = z
  .object({
    resourceQuota: z.record(quantity).default({
      'requests.cpu': '2',
      'requests.memory': '4Gi',
      'limits.cpu': '4',
      'limits.memory': '8Gi',
      pods: '20',
      secrets: '50',
    }),
    limitRange: z
      .object({
        defaultCpu: quantity.default('500m'),
        defaultMemory: quantity.default('512Mi'),
        defaultRequestCpu: quantity.default('100m'),
        defaultRequestMemory: quantity.default('128Mi'),
      })
      .strict()
      .default({}),
    ingressControllerNamespace: z.string().default('ingress-nginx'),
    allowedClusterRoles: z.array(z.string()).default(['view']),
    /**
     * Most Certificates one tenant namespace may hold (ResourceQuota
     * `count/certificates.cert-manager.io`). All teams share one ACME account
     * and often one registered domain; Let's Encrypt allows 50 new
     * certificates per registered domain per week and 300 new orders per
     * account per 3 hours. 25 is half the weekly per-domain budget: one team
     * filling its quota in one burst leaves room for the others, and stays
     * far below the order limit. See docs/security.md.
     */
    maxCertificates: z.number().int().min(1).max(10000).default(25),
  })
  .strict();

/**
 * Issuance budgets, enforced where requests enter (the backend) and watched
 * on the cluster (an alert). Defaults stay inside Let's Encrypt's limits
 * (https://letsencrypt.org/docs/rate-limits/): 50 new certificates per
 * registered domain per 7 days, and 5 duplicate certificates (the same set
 * of names, which every renewal is) per 7 days.
 */
export const issuanceBudgetSchema = z
  .object({
    /** New certificates all teams together may request per registered domain in 7 days (40 of Let's Encrypt's 50 leaves room for hand-made pull requests). */
    perRegisteredDomainPerWeek: z.number().int().min(1).max(50).default(40),
    /** New certificates one team may request in 7 days, across all domains. */
    perTeamPerWeek: z.number().int().min(1).default(10),
    /** Hours between two "renew now" of one certificate (at least 48: at most 4 in 7 days, plus an automatic renewal, stays within 5 duplicates; the default 72 allows 3). */
    renewCooldownHours: z.number().int().min(48).default(72),
    /**
     * Registered domains (the part bought from a registrar) the zones belong
     * to, when a zone is not itself one; a name outside all of them counts
     * against its topmost configured zone.
     */
    registeredDomains: z.array(z.string()).default([]),
  })
  .strict();
export type IssuanceBudgetConfig = z.infer<typeof issuanceBudgetSchema>;

export const platformConfigSchema = z
  .object({
    zones: z.array(zoneConfigSchema).min(1),
    issuers: z.array(issuerConfigSchema).min(1),
    teams: z.array(teamConfigSchema).default([]),
    reservedNamespaces: z.array(z.string()).default([]),
    renewBefore: z
      .string()
      .regex(/^[0-9]+(h|m|s)$/)
      .default('720h'),
    duration: z
      .string()
      .regex(/^[0-9]+(h|m|s)$/)
      .default('2160h'),
    remoteKeyTemplate: z.string().default('certs/{team}/{certificate}'),
    vault: z
      .object({
        server: z.string().default('http://vault.vault.svc:8200'),
        kvMount: z.string().default('kv'),
        kubernetesAuthMount: z.string().default('kubernetes'),
        /**
         * Platform namespace that holds every team's vault-config-operator
         * Policy and KubernetesAuthEngineRole, out of every tenant's reach.
         */
        configNamespace: z.string().default('certificates-vault'),
      })
      .strict()
      .default({}),
    tenant: tenantDefaultsSchema.default({}),
    certManager: z
      .object({
        /** Namespace and ServiceAccount of the cert-manager controller, the only creator of CertificateRequests, Orders and Challenges. */
        namespace: z.string().default('cert-manager'),
        serviceAccount: z.string().default('cert-manager'),
      })
      .strict()
      .default({}),
    /** The GitOps repository's own protection: who owns `platform/` and the CI files (rendered CODEOWNERS). */
    repository: z
      .object({
        platformOwners: z
          .array(z.string().regex(/^@[A-Za-z0-9_./-]+$/))
          .default([]),
      })
      .strict()
      .default({}),
    issuance: issuanceBudgetSchema.default({}),
    argocd: z
      .object({
        namespace: z.string().default('argocd'),
        repoURL: z
          .string()
          .default('https://github.com/example/platform-gitops.git'),
        targetRevision: z.string().default('main'),
        destinationServer: z.string().default('https://kubernetes.default.svc'),
      })
      .strict()
      .default({}),
  })
  .passthrough();
export type PlatformConfig = z.infer<typeof platformConfigSchema>;
