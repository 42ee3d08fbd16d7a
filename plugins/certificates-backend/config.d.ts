export interface Config {
  /** Self-service TLS certificates. */
  certificates: {
    /**
     * The GitOps repository pull requests go to.
     * @visibility backend
     */
    gitops?: {
      /**
       * `local`: a git repository on the backend's machine (the embedded default);
       * `github`: a repository on GitHub, with credentials from `integrations.github`.
       * @visibility frontend
       */
      target?: 'local' | 'github';
      /** Branch pull requests target. @visibility backend */
      baseBranch?: string;
      /** Folder of the local repository, created on first start. @visibility backend */
      local?: { path?: string };
      /** GitHub repository, e.g. https://github.com/org/platform-gitops. @visibility backend */
      github?: { repoUrl: string };
      /** Labels added to every pull request. @visibility backend */
      labels?: string[];
      /** Reviewers (users) asked on every pull request. @visibility backend */
      reviewers?: string[];
    };
    /**
     * How a failed publish is retried: exponential backoff from
     * `initialDelaySeconds` (default 30), doubling up to `maxDelaySeconds`
     * (default 3600); after `maxAttempts` (default 6) the request is failed
     * with its last error. `leaseSeconds` (default 300) bounds how long a
     * crashed publisher keeps a request from the other instances.
     * @visibility backend
     */
    publish?: {
      /** @visibility backend */
      maxAttempts?: number;
      /** @visibility backend */
      initialDelaySeconds?: number;
      /** @visibility backend */
      maxDelaySeconds?: number;
      /** @visibility backend */
      leaseSeconds?: number;
    };
    /**
     * ACME issuers rendered as ClusterIssuers.
     * @visibility frontend
     */
    issuers: Array<{
      /** ClusterIssuer name. @visibility frontend */
      name: string;
      /** One line shown to users. @visibility frontend */
      description?: string;
      /** ACME directory URL. @visibility backend */
      server: string;
      /** ACME account e-mail. @visibility backend */
      email: string;
      /** Secret holding the ACME account key. @visibility backend */
      privateKeySecretName?: string;
      /** Whether certificates from it are untrusted test certificates. @visibility frontend */
      staging?: boolean;
    }>;
    /**
     * DNS zones the platform issues certificates in, each with its DNS-01 provider.
     * Credentials are Secret references only.
     * @visibility backend
     */
    zones: Array<{
      /** @visibility frontend */
      domain: string;
      /** @visibility backend */
      dnsProvider: { type: string; [key: string]: unknown };
      /** Every team owns `<team>.<domain>` (default true). @visibility backend */
      teamSubdomains?: boolean;
      /** Teams may request `*.` under their default subdomain (default true). @visibility backend */
      teamSubdomainWildcards?: boolean;
      /** Whether punycode (IDN) labels are allowed (default false). @visibility backend */
      allowIdn?: boolean;
    }>;
    /**
     * Teams and the names they own beyond their default subdomain.
     * @visibility backend
     */
    teams?: Array<{
      /** Team name, also its namespace. @visibility backend */
      name: string;
      /** Catalog Group whose members may request for it; default `group:default/<name>`. @visibility backend */
      group?: string;
      /** @visibility backend */
      grants?: Array<{ zone: string; subtree?: string; wildcard?: boolean }>;
      /**
       * GitHub users or teams (`@org/team`) whose review `tenants/<name>/`
       * needs, rendered into the GitOps repository's CODEOWNERS. Without
       * them the team's folder falls to `repository.platformOwners`.
       * @visibility backend
       */
      codeOwners?: string[];
    }>;
    /**
     * Catalog Groups whose members administer the platform (preview and publish the
     * platform bundle) and read every team's requests and status, e.g.
     * `[group:default/platform-team]`. Bare names are groups in the default namespace.
     * Read by the certificates permission policy module.
     * @visibility backend
     */
    platformAdmins?: string[];
    /**
     * Catalog Groups whose members read every team's requests and status without
     * administering anything (auditors, on-call).
     * @visibility backend
     */
    readAllGroups?: string[];
    /** Namespaces no team may be named after, besides the built-in ones. @visibility backend */
    reservedNamespaces?: string[];
    /** cert-manager renewBefore, e.g. 720h. @visibility backend */
    renewBefore?: string;
    /** cert-manager duration, e.g. 2160h. @visibility backend */
    duration?: string;
    /** Vault key of a certificate; `{team}` and `{certificate}` are replaced. @visibility backend */
    remoteKeyTemplate?: string;
    /** @visibility backend */
    vault?: {
      server?: string;
      kvMount?: string;
      kubernetesAuthMount?: string;
      /**
       * Platform namespace holding every team's vault-config-operator Policy and
       * KubernetesAuthEngineRole (default certificates-vault); never a team's.
       * @visibility backend
       */
      configNamespace?: string;
    };
    /**
     * The cert-manager controller: the only creator of CertificateRequests,
     * Orders and Challenges admitted in tenant namespaces, and the requester
     * approver-policy is bound to.
     * @visibility backend
     */
    certManager?: {
      /** Default cert-manager. @visibility backend */
      namespace?: string;
      /** Default cert-manager. @visibility backend */
      serviceAccount?: string;
    };
    /** @visibility backend */
    tenant?: {
      resourceQuota?: { [resource: string]: string };
      limitRange?: {
        defaultCpu?: string;
        defaultMemory?: string;
        defaultRequestCpu?: string;
        defaultRequestMemory?: string;
      };
      ingressControllerNamespace?: string;
      allowedClusterRoles?: string[];
      /**
       * Most Certificates per tenant namespace (ResourceQuota
       * count/certificates.cert-manager.io). Default 25: half of Let's
       * Encrypt's 50 certificates per registered domain per week, far below
       * 300 new orders per account per 3 hours. See docs/security.md.
       * @visibility backend
       */
      maxCertificates?: number;
    };
    /**
     * Where the status card reads cert-manager, Argo CD, ESO and Vault state.
     * Without it, only the Requested and PR steps are known.
     * @visibility backend
     */
    status?: {
      /** Clusters, in the shape of the kubernetes plugin's `config` cluster locator. */
      clusters?: Array<{
        name: string;
        url: string;
        authProvider: 'serviceAccount';
        /** @visibility secret */
        serviceAccountToken: string;
        caData?: string;
        skipTLSVerify?: boolean;
        /**
         * Lets team members "renew now" on this cluster (what `cmctl renew`
         * does: patch `certificates/status`). Off by default: without it the
         * renew API answers 503.
         * @visibility backend
         */
        allowRenew?: boolean;
        /**
         * Token used for renewing instead of `serviceAccountToken`, for a
         * service account whose only write right is `patch` on
         * `certificates/status`.
         * @visibility secret
         */
        renewServiceAccountToken?: string;
      }>;
      vault?: {
        address: string;
        /** @visibility secret */
        token?: string;
        kubernetes?: { role: string; mountPath?: string; jwtPath?: string };
        kvMount?: string;
        namespace?: string;
      };
      /** How long a team's status is cached (default 30). */
      cacheTtlSeconds?: number;
      /**
       * The background refresher, on whenever clusters or Vault are configured:
       * one runner across instances reads every cluster (one LIST per kind) and
       * the changed Vault keys each period; views only read its snapshots, so
       * with several instances the cache must be shared (redis, memcache).
       */
      refresh?: {
        /** false: views read the clusters and Vault themselves (cached for cacheTtlSeconds). */
        enabled?: boolean;
        /** Seconds between refreshes (default 60). */
        periodSeconds?: number;
        /** Vault metadata is read again after this many minutes even when the Secret did not change (default 60). */
        vaultMaxAgeMinutes?: number;
        /** Parallel Vault reads of one refresh (default 8). */
        vaultConcurrency?: number;
      };
      /**
       * Bounds of the in-process status memory (team snapshots and built answers
       * together), shared by every viewer; the least recently used entry goes first.
       * @visibility backend
       */
      cache?: {
        /** Entries kept (default 500). @visibility backend */
        maxEntries?: number;
        /** Serialised bytes kept (default 134217728, 128 MiB). @visibility backend */
        maxBytes?: number;
      };
      requestTimeoutMs?: number;
    };
    /**
     * Alert rules and the Grafana dashboard rendered into `platform/monitoring/`.
     * Every field has a default; see docs/runbooks for what each alert means.
     * @visibility backend
     */
    monitoring?: {
      /** Hours past cert-manager's planned renewal before CertificateExpiryWarning fires (default 48). */
      expiryWarningMarginHours?: number;
      /** Prometheus durations of the alerts' `for` windows. */
      expiryWarningFor?: string;
      notReadyFor?: string;
      expiredFor?: string;
      issuerNotReadyFor?: string;
      pushSecretFailedFor?: string;
      acmeRateLimitWindow?: string;
      /** Extra labels on every alert, for Alertmanager routing. */
      alertLabels?: { [name: string]: string };
      /** Labels on the PrometheusRule, e.g. for the Prometheus ruleSelector. */
      ruleLabels?: { [name: string]: string };
      /** Regex of the tenant namespaces to alert on (default `.*`). */
      namespaceSelector?: string;
      ruleNamespace?: string;
      dashboardNamespace?: string;
      dashboardFolder?: string;
      /** Where the runbooks are served, e.g. the repository's docs/runbooks on GitHub. */
      runbookBaseUrl?: string;
    };
    /**
     * Backstage notifications to the requester and the team's group about pull
     * requests, publishing failures, issuance, expiry and stale Vault copies,
     * each event once. Needs the notifications and signals backends.
     * @visibility backend
     */
    notifications?: {
      /** Whether the watcher runs (default true). @visibility backend */
      enabled?: boolean;
      /** How often the watcher looks for new events, in minutes (default 2). @visibility backend */
      frequencyMinutes?: number;
      /**
       * Events older than this many hours are not sent (default 24), so the
       * first run after installing does not announce the past.
       * @visibility backend
       */
      maxEventAgeHours?: number;
    };
    /** @visibility backend */
    argocd?: {
      namespace?: string;
      repoURL?: string;
      targetRevision?: string;
      destinationServer?: string;
    };
    /**
     * The GitOps repository's own protection, rendered into the platform
     * bundle (`.github/CODEOWNERS`, the tenant files check workflow).
     * @visibility backend
     */
    repository?: {
      /**
       * GitHub users or teams (`@org/platform-admins`) who own `platform/`,
       * `.github/` and every team folder without its own `codeOwners`.
       * Required for the isolation to hold (docs/security.md).
       * @visibility backend
       */
      platformOwners?: string[];
    };
    /**
     * Issuance budgets, enforced by the request API (single, bulk, renew
     * now) and watched by an alert. Certificates from staging issuers are
     * not counted. Defaults stay inside Let's Encrypt's limits: 50 new
     * certificates per registered domain and 5 duplicates per 7 days.
     * @visibility backend
     */
    issuance?: {
      /**
       * New certificates all teams together may request per registered
       * domain in 7 days; 1-50, default 40.
       * @visibility backend
       */
      perRegisteredDomainPerWeek?: number;
      /** New certificates one team may request in 7 days; default 10. @visibility backend */
      perTeamPerWeek?: number;
      /**
       * Hours between two "renew now" of one certificate; at least 48
       * (default 72), so renewals stay within 5 duplicates a week.
       * @visibility backend
       */
      renewCooldownHours?: number;
      /**
       * Registered domains the zones belong to when a zone is not one
       * itself (e.g. `example.co.uk` for zone `shop.example.co.uk`).
       * @visibility backend
       */
      registeredDomains?: string[];
    };
  };
}
