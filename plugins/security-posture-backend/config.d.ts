export interface Config {
  /** Golden Path Security: the security-posture backend plugin. */
  securityPosture?: {
    /**
     * Admission of each replica's reads (GET): a few run at once and the others wait in order, so
     * that uploads and other writes are not starved by many concurrent reads on the replica's one
     * thread. Writes are never queued here.
     */
    http?: {
      /** Reads (GET) one replica runs at once. Default 4. */
      maxConcurrentReads?: number;
      /** Reads that may wait for their turn; past it a read answers 503 with Retry-After. Default 1000. */
      maxQueuedReads?: number;
      /**
       * While a write (an upload, a decision) is in flight on the replica, how long in milliseconds
       * a waiting read lets it go first before it runs anyway (reads already running go on). 0 never
       * defers. Default 500.
       */
      maxReadDelayForWritesMs?: number;
    };
    /** Limits applied to every uploaded report. */
    ingest?: {
      /** Largest report body in bytes (answer 413 above it). Default 67108864 (64 MiB). */
      maxBodyBytes?: number;
      /** Deepest JSON nesting accepted. Default 64. */
      maxDepth?: number;
      /** Longest single JSON string accepted, in characters. Default 1048576. */
      maxStringLength?: number;
      /** Most findings one report may hold (answer 413 naming the count above it). Default 250000. */
      maxFindings?: number;
      /** Most inventory packages one report (an SBOM, a scanner's package list) may list (answer 413 naming the count above it). Default 250000. */
      maxPackages?: number;
      /**
       * Tools (as reports name them, e.g. `grype`) whose own suppressions (SARIF `suppressions`, a
       * scanner's VEX `not_affected`) are trusted to stop a finding from counting. Other tools'
       * suppressed findings stay open, shown as suppressed by the scanner, until an exception is
       * approved. Default: none.
       */
      trustSuppressionsOf?: string[];
    };
    /**
     * Who may report for which components (docs/security.md). People need the upload permission;
     * service callers are bound here, since Backstage allows every permission to a service.
     */
    uploads?: {
      /**
       * CI identity tokens the plugin trusts: each names the `subjectPrefix` of a
       * `backend.auth.externalAccess` entry of `type: jwks` (which verifies signature, issuer,
       * audience and expiry) and how its `sub` names a repository and branch. A token may report
       * only for components whose `github.com/project-slug` / `gitlab.com/project-slug` or
       * source location names its repository, and only for its own branch (a pull request's,
       * tag's or environment's token never for the default branch). Default: `github-actions`
       * (provider github) and `gitlab-ci` (provider gitlab).
       */
      trust?: Array<{
        /** The jwks entry's `subjectPrefix`. */
        subjectPrefix: string;
        /** How the token's `sub` reads: github (`repo:OWNER/REPO:ref:refs/heads/BRANCH`) or gitlab (`project_path:GROUP/PROJECT:ref_type:branch:ref:BRANCH`). */
        provider: 'github' | 'gitlab';
      }>;
      /**
       * Static credentials (for CI systems without identity tokens) and what each may write: the
       * `subject` of a `backend.auth.externalAccess` entry of `type: static`. Any other service
       * caller may write nothing.
       */
      tokens?: Array<{
        /** The static token's subject (or `plugin:<id>` for another plugin on its own behalf). */
        subject: string;
        /** Components it may report for (entity refs). */
        entities?: string[];
        /** Groups whose components (owned by the group or a sub-group) it may report for. */
        groups?: string[];
      }>;
      /** Most uploads one credential may make per minute, across replicas (then 429 with Retry-After). Default 120. */
      perMinute?: number;
    };
    /** The deployment gate (POST /v1/gate). */
    gate?: {
      /**
       * Identical decisions for a component within this many minutes write one audit event and
       * one notification (0: every call). Default 60.
       */
      repeatWindowMinutes?: number;
    };
    /** The branch whose findings make the posture. Reports of other branches are kept apart. Default main. */
    defaultBranch?: string;
    /** The score model. See docs/scoring.md. */
    scoring?: {
      /** Points one open finding of each severity takes off the score of 100. */
      weights?: {
        critical?: number;
        high?: number;
        medium?: number;
        low?: number;
        info?: number;
      };
      /** Multiplier of a finding's weight once it is past its SLA due date. Default 2. */
      overdueMultiplier?: number;
      /** Points taken off for each required scanner kind that has never reported. Default 10. */
      missingScannerPenalty?: number;
      /** Share of the score given by OpenSSF Scorecard checks when present (0-1). Default 0.2. */
      scorecardWeight?: number;
      /** Lowest score of each grade; below D is F. Defaults A 90, B 80, C 70, D 60. */
      grades?: { A?: number; B?: number; C?: number; D?: number };
    };
    /** Days to remediate an open finding, by severity. Defaults critical 7, high 30, medium 90, low 180. */
    sla?: {
      critical?: number;
      high?: number;
      medium?: number;
      low?: number;
      /**
       * SLA days for one security tier, overriding the days above for its components; a severity
       * left out keeps the value above. Example: tiers: { tier1: { critical: 3, high: 14 } }.
       */
      tiers?: {
        tier1?: {
          critical?: number;
          high?: number;
          medium?: number;
          low?: number;
        };
        tier2?: {
          critical?: number;
          high?: number;
          medium?: number;
          low?: number;
        };
        tier3?: {
          critical?: number;
          high?: number;
          medium?: number;
          low?: number;
        };
      };
    };
    /**
     * Posture policies (docs/policies.md): evaluated on every ingest, by the daily snapshot task
     * (`snapshot.cron`), whenever a stored evaluation is stale, and by the gate.
     */
    policies?: {
      /** Load the built-in posture policies of @golden-path/policy. Default true. */
      builtin?: boolean;
      /**
       * Directories of more policy files (YAML, target: posture), relative to the backend's
       * working directory. A file with an error stops start-up, naming the file and line.
       */
      directories?: string[];
      /**
       * The licences posture policies see as copyleft (`inventory.licenses[].copyleft`,
       * `inventory.packages[].copyleft`; the built-in `copyleft-licences` policy warns about them
       * in tier 1 services): SPDX ids, or id prefixes ending in `*`. A package is copyleft when its
       * licence leaves no choice but one of them (`GPL-2.0-only OR MIT` is not). Part of the policy
       * set every replica shares (campaigns' policy goals see the same): changing it re-evaluates
       * the stored postures. Default GPL-*,
       * AGPL-*, LGPL-*, SSPL-*, EUPL-*, OSL-*.
       */
      copyleftLicenses?: string[];
    };
    /**
     * Notifications to the owning group through Backstage's notifications plugin: new critical or
     * known-exploited findings, SLA breaches, gate denials, exceptions about to expire and expired.
     */
    notifications?: {
      /** Send them. Default true; turn off when the notifications backend is not installed. */
      enabled?: boolean;
    };
    /** The golden-path templates page. */
    templates?: {
      /**
       * Folders (absolute, or relative to the backend's working directory) whose templates,
       * registered as `file:` locations, may have the CHANGELOG.md beside their template.yaml read
       * from disk. Templates at `url:` locations are read through the UrlReader. Default none.
       */
      localRoots?: string[];
      /**
       * Folders holding template versions published before this backend kept them, one
       * template directory each (template.yaml with its version annotation, skeleton/,
       * ownership.yaml, ...). They are recorded at start-up, so repositories made from those
       * versions can be upgraded. Relative paths are resolved against the working directory.
       * Default none.
       */
      archives?: string[];
      /** Template upgrades (POST /v1/templates/{namespace}/{name}/upgrades). */
      upgrades?: {
        /** Most components one request may upgrade. Default 25. */
        maxPerRequest?: number;
        /** Most upgrades started per minute over all requests (then 429). Default 60. */
        perMinute?: number;
        /**
         * Where upgrades may write, besides the backend's local repositories: `host` or
         * `host/organisation` entries (like `github.com/acme` or `gitlab.example.com/platform`),
         * matched against the catalog location the component was read from
         * (`backstage.io/managed-by-location`). Default none: upgrades into GitHub or GitLab are
         * refused until the hosts are named here.
         */
        allowedRepositories?: string[];
        /** Jobs of upgrade runs (POST .../upgrade-runs) one replica runs at once. Default 4. */
        concurrency?: number;
        /** Jobs of one repository host running at once, over every replica. Default 2. */
        perHost?: number;
        /**
         * How long a job's claim holds, in seconds, before another replica may take it over (a
         * replica that died mid-way). Default 600.
         */
        leaseSeconds?: number;
        /** How often an idle replica looks for queued jobs, in seconds. Default 2. */
        pollSeconds?: number;
      };
    };
    /** Finding priority (docs/prioritisation.md): exploitation data sources. */
    priority?: {
      /** CISA KEV feed (known_exploited_vulnerabilities.json). Unset: the shipped offline seed only. */
      kev?: { url?: string };
      /** FIRST EPSS CSV (plain or gzip). Unset: the shipped offline seed only. */
      epss?: { url?: string };
      /** Cron of the download and re-ranking task, when a URL is set. Default '0 3 * * *'. */
      refreshCron?: string;
    };
    /**
     * Advisories in OSV format matched against the dependency inventories (README, "Advisory
     * matching"): the shipped seed and OSV's per-ecosystem exports, refreshed by a task that runs
     * once across replicas.
     */
    advisories?: {
      /** Store the shipped seed (data/advisories/osv-seed.json). Default true. */
      seed?: boolean;
      /**
       * OSV exports to download: a zip of one record per file (OSV's `<ecosystem>/all.zip`) or a
       * JSON array of records. Default none.
       */
      sources?: Array<{ url: string }>;
      /** Cron of the refresh and matching task. Default '30 3 * * *'. */
      refreshCron?: string;
    };
    /**
     * Campaigns (issue #17): each owning group with components in a campaign's scope is told when
     * the campaign starts, at these milestones before its deadline while it still has failing
     * components, and once after the deadline if any are still failing (each once, across
     * replicas).
     */
    campaigns?: {
      /** Days before the deadline at which groups with failing components are reminded. Default [14, 7, 1]. */
      milestoneDays?: number[];
      /** Cron of the daily evaluation of every active campaign (once across replicas). Default '45 0 * * *'. */
      evaluateCron?: string;
    };
    /**
     * Scanner kinds each security tier must have (sast, sca, secret, container, iac, repo).
     * Defaults: tier 1 secret, sca, sast, container; tier 2 secret, sca, sast; tier 3 secret, sca.
     */
    requiredScanners?: {
      tier1?: string[];
      tier2?: string[];
      tier3?: string[];
    };
    /** Exceptions (risk acceptance), docs/exceptions.md. */
    exceptions?: {
      /**
       * The furthest an exception may expire, in days from its request: a request with a later
       * expiresAt is refused. Default 90.
       */
      maxDays?: number;
      /**
       * How many days before an approved exception expires its owners are told, once. 0 turns
       * the warning off. Default 7.
       */
      expiryWarningDays?: number;
      /**
       * How often, in minutes, the scheduled task expires due exceptions (their findings count
       * again from that run; reads of the posture already count them once expiresAt passes).
       * Default 15.
       */
      checkEveryMinutes?: number;
    };
    /** Scorecards (every team, system and domain graded). */
    scorecards?: {
      /**
       * How long the organisation read from the catalog (components, groups, systems, domains)
       * is reused for scorecards and group histories, in seconds, through Backstage's cache
       * service (shared by replicas when the app configures a shared store such as Redis). A
       * change in the catalog shows in the scorecards after at most this long. 0 reads the
       * catalog for every request. Default 30.
       */
      catalogCacheSeconds?: number;
    };
    /** The daily snapshot task (trends). */
    snapshot?: {
      /** Cron expression of the task. Default '15 0 * * *' (00:15 UTC). */
      cron?: string;
    };
  };
}
