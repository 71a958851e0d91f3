// ******************************************************************
// * GENERATED from plugins/security-posture-backend/src/schema/openapi.yaml
// * by scripts/generate-openapi.mjs. DO NOT EDIT: edit the spec and rerun.
// ******************************************************************
/* eslint-disable */
export interface paths {
  '/v1/reports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Ingest one scanner report for one component.
     * @description The body is the raw report (JSON). The format is detected unless given. A report is applied in one transaction; the answer counts new, unchanged, fixed and reopened findings.
     */
    post: operations['UploadReport'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/components': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Enroll a component (from the scaffolder) so its posture says "awaiting first scan". */
    post: operations['EnrollComponent'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/gate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * The deployment gate (allow, warn or deny a component, with the reasons).
     * @description Evaluates the enforced and warning posture policies against the component's current posture (findings under an approved exception do not count). deny when an enforce-mode policy is violated, warn when only warn-mode ones are, allow otherwise. An entity the catalog does not know is a 404, never an allow. Every decision is audit-logged.
     */
    post: operations['EvaluateGate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/templates': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The golden-path templates with their versions, changelog and adoption.
     * @description Template entities of the catalog carrying golden-path.dev/template-version; versions and changelog entries come from the CHANGELOG.md beside each template, adoption from the components' template annotations.
     */
    get: operations['ListTemplates'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/templates/{namespace}/{name}/components': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The components made from one template, how far behind they are, most behind first. */
    get: operations['ListTemplateComponents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/templates/{namespace}/{name}/upgrades': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The latest upgrade of each component made from a template. */
    get: operations['ListTemplateUpgrades'];
    put?: never;
    /**
     * Upgrades components to a template version (three-way merge into an upgrade branch).
     * @description For each component (the ones named, or every one behind), renders its recorded version with its recorded answers and the target version with the same answers, merges them into its repository by ownership class, checks the result against the policies and writes it to the branch golden-path/upgrade-<template>. Asking again updates the same branch or changes nothing. A component that cannot be upgraded (no provenance, digest mismatch, an answer the new form refuses, a person's commit on the branch) is answered as failed with the reason and its branch is not touched. At most securityPosture.templates.upgrades.maxPerRequest components per request and perMinute per minute (429 with Retry-After).
     */
    post: operations['StartTemplateUpgrades'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/templates/{namespace}/{name}/upgrade-runs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Enqueues a run of upgrades, one durable job per component, for any number of components.
     * @description The components named, or every one behind, each become a job in the database that workers on any replica claim (at most securityPosture.templates.upgrades.perHost at once per repository host across replicas, within perMinute), run like StartTemplateUpgrades and record. A job whose replica stops is taken over once its claim's lease runs out. Follow the run with GetUpgradeRun.
     */
    post: operations['StartTemplateUpgradeRun'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/upgrade-runs/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A run of upgrades with its progress and a page of its components' jobs. */
    get: operations['GetUpgradeRun'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/entities/{kind}/{namespace}/{name}/posture': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A component's grade, score, counts, coverage, SLA and Scorecard checks. */
    get: operations['GetPosture'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/entities/{kind}/{namespace}/{name}/expected-scanners': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Set what a component must be scanned by, lowering it included (its owners' decision).
     * @description Replaces the scanner kinds an enrolled component must be scanned by; an empty list returns it to its tier's defaults. Needs security-posture.component.scanners.update on the entity (enrolling never lowers them). Audit-logged with the reason, before and after.
     */
    put: operations['SetExpectedScanners'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/entities/{kind}/{namespace}/{name}/findings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A component's findings, filtered, sorted and paginated by cursor. */
    get: operations['ListFindings'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/entities/{kind}/{namespace}/{name}/findings/{findingId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One finding with its history of scans. */
    get: operations['GetFinding'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/entities/{kind}/{namespace}/{name}/inventory': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A component's dependency inventory (default branch), with the open findings each package carries.
     * @description The packages the component's SBOMs and scanners' package lists name on the default branch, one entry per package URL (the tools that listed it merged), sorted by name and version, each with its licences, direct or transitive, the manifests or layers it was found in, the tools that reported it, and its open findings (matched by package URL, else by name) by severity. `licences` counts the packages per licence of the whole inventory (for a filter). Cursor-paged. Needs security-posture.posture.read on the entity, as its findings.
     */
    get: operations['ListEntityInventory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/scorecards': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Roll-ups of every owning group (nested groups included), system or domain. */
    get: operations['GetScorecards'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/inventory': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The components whose dependency inventory has a package, optionally within a version range.
     * @description Fleet search over the inventories of the default branch (SBOMs and scanners' package lists). The package is a purl (`pkg:maven/org.apache.logging.log4j/log4j-core`; a version in it asks for exactly that version) or `type` and `name` with an optional `namespace` (any when omitted). `range` is in the ecosystem's own syntax: npm semver (npm), PEP 440 (pypi), Maven ranges (maven), semver with a `v` prefix (golang); ADR010. Only the components the caller may read the security posture of are answered, ordered by entity ref.
     */
    get: operations['SearchInventory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/affected': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Who is affected by an advisory, or runs a package in a version range (the zero-day view).
     * @description Either `advisory` (an OSV id, CVE or GHSA id: the stored advisory with that id or alias, matched against every inventory of the default branch, together with the open scanner findings that name the id) or a package (`purl`, or `type` and `name` with an optional `namespace`) with an optional `range` in the ecosystem's syntax. Answers every affected component the caller may read (at most 5,000, `truncated` beyond), with its owner, tier, exposure, versions found, fixed versions, KEV and EPSS, and the owning teams with nested groups rolled up. Needs `security-posture.scorecard.read`.
     */
    get: operations['GetAffected'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/affected/notify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Notify the owning group of every affected component (one notification per group).
     * @description The same question as `GET /v1/affected` in the body; every owning group of an affected component the caller may read gets one notification (re-sending the same question updates that notification instead of adding another), and the request is audit-logged (`affected.notified`). Needs `security-posture.affected.notify`. 503 when notifications are turned off.
     */
    post: operations['NotifyAffectedOwners'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/campaigns': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Every campaign, the nearest deadline first.
     * @description Needs `security-posture.scorecard.read`.
     */
    get: operations['ListCampaigns'];
    put?: never;
    /**
     * Create a campaign (a goal over a scope of components, with a deadline).
     * @description Needs `security-posture.campaign.manage`. Refused (400, naming the field) when the title is empty, a policy goal's expression does not compile, a template goal names an unknown template, the scope matches no component of the catalog, or the deadline is in the past or before `startsAt`. Audit-logged (`campaign.created`) with the campaign.
     */
    post: operations['CreateCampaign'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/campaigns/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One campaign with its stored progress, per component and per team, and its daily series.
     * @description Every component in the campaign's scope that the caller may read, compliant or failing against the goal as last evaluated (on each ingest, template change and daily, once across replicas), the owning teams with nested groups rolled up, and the daily series. Needs `security-posture.scorecard.read`.
     */
    get: operations['GetCampaign'];
    /**
     * Replace a campaign's fields, naming the version read (a stale version is refused, 409).
     * @description Needs `security-posture.campaign.manage`. The same checks as creating one; audit-logged (`campaign.updated`) with the campaign before and after.
     */
    put: operations['UpdateCampaign'];
    post?: never;
    /**
     * Delete a campaign, its stored progress and its daily series.
     * @description Needs `security-posture.campaign.manage`. Audit-logged (`campaign.deleted`) with the campaign as it was, in the same transaction.
     */
    delete: operations['DeleteCampaign'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/entities/{kind}/{namespace}/{name}/campaigns': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The campaigns a component is in, with whether it meets each goal and what it still has to do.
     * @description Every campaign whose scope holds the component, the nearest deadline first, with the component's stored evaluation. Needs security-posture.posture.read on the entity.
     */
    get: operations['ListEntityCampaigns'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/evidence': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Compliance evidence for a period and a scope, per control (SOC 2, ISO/IEC 27001:2022 Annex A).
     * @description Per control referenced by a posture or workspace policy: the policies mapped to it, the components in scope with their daily pass/fail over the period (from the daily snapshots), the exceptions (approver, expiry) in force during the period, and the audit events of the period. `format` json (default), csv or html (a printable report, every text escaped). The SHA-256 digest of the bytes served is recorded in the audit log (`evidence.exported`) and sent as the `Digest` header (`sha-256=<base64>`). Days of the period with no retained snapshot are named in `coverage.missingDays`; a period with none at all is a 400 naming the retained range. Needs `security-posture.evidence.read`.
     */
    get: operations['GetEvidence'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Daily score and open-finding series for a component, group, system or domain. */
    get: operations['GetHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/exceptions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Exceptions, newest request first, filtered and paginated by cursor.
     * @description With entityRef, needs read access to the component's posture; without it (every component, the approvers' queue), needs security-posture.exception.approve.
     */
    get: operations['ListExceptions'];
    put?: never;
    /**
     * Request an exception (risk acceptance) for one finding or for a rule on a component.
     * @description Needs security-posture.exception.request on the component. expiresAt must be in the future and at most securityPosture.exceptions.maxDays (default 90) ahead. Starts pending: another person holding security-posture.exception.approve approves or rejects it.
     */
    post: operations['RequestException'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/exceptions/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve a pending exception (not your own); its findings stop counting until it expires. */
    post: operations['ApproveException'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/exceptions/{id}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reject a pending exception (not your own). */
    post: operations['RejectException'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/exceptions/{id}/revoke': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Withdraw a pending or approved exception (its requester, or an approver); its findings count again. */
    post: operations['RevokeException'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/entities/{kind}/{namespace}/{name}/vex': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The triage decisions of a component as a CycloneDX 1.6 VEX document.
     * @description Approved, unexpired exceptions with their analysis (state, justification, response, detail), pending ones as in_triage.
     */
    get: operations['GetVex'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The audit log (exception requests, decisions, revocations, expiries; gate decisions), newest first.
     * @description Needs the security-posture.audit.read permission. Every filter narrows; pages are read with the cursor of the previous page.
     */
    get: operations['QueryAudit'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Error: {
      error: {
        name: string;
        message: string;
      } & {
        [key: string]: unknown;
      };
      request?: {
        [key: string]: unknown;
      };
      response: {
        statusCode: number;
      };
    } & {
      [key: string]: unknown;
    };
    /** @enum {string} */
    ReportFormat:
      | 'sarif'
      | 'trivy'
      | 'gitleaks'
      | 'grype'
      | 'osv-scanner'
      | 'cyclonedx'
      | 'scorecard'
      | 'npm-audit'
      | 'spdx';
    /** @enum {string} */
    Severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
    /** @enum {string} */
    FindingKind: 'sast' | 'sca' | 'secret' | 'container' | 'iac' | 'repo';
    /** @enum {string} */
    FindingStatus: 'open' | 'fixed' | 'suppressed';
    /** @enum {string} */
    Grade: 'A' | 'B' | 'C' | 'D' | 'F';
    SeverityCounts: {
      critical: number;
      high: number;
      medium: number;
      low: number;
      info: number;
    };
    IngestResult: {
      scanId: string;
      entityRef: string;
      format: string;
      branch: string;
      tools: string[];
      counts: {
        new: number;
        unchanged: number;
        fixed: number;
        reopened: number;
        suppressed: number;
        checks: number;
      };
      /** @description What the upload did to the dependency inventory of its tools on the branch, per package (purl type, namespace and name); present when the report lists packages (SBOMs, Trivy, Grype, OSV-Scanner). */
      inventory?: {
        added: number;
        removed: number;
        /** @description Packages found at other versions */
        changed: number;
        unchanged: number;
      };
      posture: {
        score: number | null;
        grade: string | null;
      };
    };
    Enrollment: {
      entityRef: string;
      tier?: number;
      lifecycle?: string;
      expectedScanners?: string[];
      template?: {
        ref: string;
        version: string;
      };
    };
    ExpectedScannersChange: {
      expectedScanners: string[];
      reason: string;
    };
    ScannerCoverage: {
      kind: components['schemas']['FindingKind'];
      required: boolean;
      lastScanAt: string | null;
      tools: string[];
    };
    PostureCheck: {
      name: string;
      score: number;
      reason: string;
      documentationUrl?: string;
      details?: string[];
    };
    /** @description One term of the score, so the grade can be explained. */
    ScoreComponent: {
      label: string;
      points: number;
    };
    Posture: {
      entityRef: string;
      /**
       * @description not-enrolled means the component is in the catalog but nothing is known yet.
       * @enum {string}
       */
      state: 'scanned' | 'awaiting-first-scan' | 'not-enrolled';
      score: number | null;
      /** @enum {string|null} */
      grade: 'A' | 'B' | 'C' | 'D' | 'F' | null;
      scoreBreakdown: components['schemas']['ScoreComponent'][];
      tier: number | null;
      lifecycle: string | null;
      owner: string | null;
      system: string | null;
      domain: string | null;
      open: components['schemas']['SeverityCounts'];
      suppressed: number;
      overdue: number;
      slaDays: components['schemas']['SeverityCounts'];
      lastScanAt: string | null;
      coverage: components['schemas']['ScannerCoverage'][];
      missingScanners: components['schemas']['FindingKind'][];
      checks: components['schemas']['PostureCheck'][];
      template: {
        ref: string;
        version: string;
        latestVersion?: string;
        behindBy?: number;
        securityReleasesBehind?: number;
        /** @description Whether its managed files differ from what its template version renders with its recorded answers (as of the posture's computation); null when that cannot be told. */
        drifted?: boolean | null;
      } | null;
      topFindings: components['schemas']['Finding'][];
      overdueBySeverity?: components['schemas']['SeverityCounts'];
      /** @description Open findings on CISA's Known Exploited Vulnerabilities catalog. */
      knownExploited?: number;
      /** @description Mean days from first seen to fixed over the component's fixed findings. */
      mttrDays?: number | null;
      /** @description Open findings that do not count because an approved exception covers them. */
      acceptedRisks?: number;
      policy?: components['schemas']['PolicyEvaluation'];
    };
    Finding: {
      id: string;
      accepted?: components['schemas']['AcceptedRisk'];
      fingerprint: string;
      tool: string;
      kind: components['schemas']['FindingKind'];
      ruleId: string;
      title: string;
      severity: components['schemas']['Severity'];
      status: components['schemas']['FindingStatus'];
      branch: string;
      aliases: string[];
      cwes: string[];
      package: {
        name: string;
        purl: string | null;
        installedVersion: string | null;
        fixedVersion: string | null;
      } | null;
      location: {
        path: string;
        startLine: number | null;
        endLine: number | null;
      } | null;
      message: string;
      remediation: string | null;
      remediationUrl: string | null;
      cvssScore: number | null;
      suppression: {
        source: string;
        state: string;
        justification: string | null;
      } | null;
      secretRedacted: string | null;
      firstSeenAt: string;
      lastSeenAt: string;
      fixedAt: string | null;
      reopenCount: number;
      slaDueAt: string | null;
      overdue: boolean;
      /** @description One of its CVEs is on CISA's Known Exploited Vulnerabilities catalog. */
      kev: boolean;
      /** @description The highest EPSS probability (0-1) among its CVEs, when known. */
      epss: number | null;
      priority: components['schemas']['Priority'];
    };
    TemplateVersion: {
      version: string;
      releasedAt: string | null;
      changelog: {
        text: string;
        security: boolean;
      }[];
    };
    TemplateSummary: {
      ref: string;
      namespace: string;
      name: string;
      title: string;
      latestVersion: string;
      versions: components['schemas']['TemplateVersion'][];
      adoption: {
        version: string;
        components: number;
      }[];
    };
    TemplateList: {
      items: components['schemas']['TemplateSummary'][];
    };
    TemplateComponent: {
      entityRef: string;
      owner: string | null;
      version: string;
      behindBy: number;
      securityReleasesBehind: number;
      /** @description Whether its managed files differ from what its recorded template version renders with its recorded answers; null when that cannot be told (no readable repository, the version is not stored, or the provenance does not match it). */
      drifted: boolean | null;
      /** @description Its latest template upgrade; null while none was started. */
      upgrade: components['schemas']['TemplateUpgrade'] | null;
    };
    TemplateComponentList: {
      items: components['schemas']['TemplateComponent'][];
    };
    TemplateUpgradeRequest: {
      /** @description The components to upgrade; omit with allBehind. */
      entityRefs?: string[];
      /** @description Every component of the template that is behind the target version. */
      allBehind?: boolean;
      /** @description Default the newest published version. */
      targetVersion?: string;
      /** @description Answers for questions the new version asks, or replacing ones it refuses. */
      answers?: {
        [key: string]: unknown;
      };
      dryRun?: boolean;
    };
    UpgradeRunRequest: {
      /** @description The components to upgrade; omit with allBehind. */
      entityRefs?: string[];
      /** @description Every component of the template that is behind its newest version. */
      allBehind?: boolean;
      /** @description Default the newest published version when each job runs. */
      targetVersion?: string;
      answers?: {
        [key: string]: unknown;
      };
    };
    UpgradeRun: {
      id: string;
      templateRef: string;
      targetVersion: string | null;
      requestedBy: string;
      total: number;
      /** @enum {string} */
      state: 'queued' | 'running' | 'done';
      queued: number;
      running: number;
      done: number;
      /** @description Finished jobs by upgrade state (opened, updated, up-to-date, blocked, failed). */
      outcomes: {
        [key: string]: number;
      };
      createdAt: string;
      finishedAt: string | null;
    };
    UpgradeJob: {
      entityRef: string;
      /** @enum {string} */
      state: 'queued' | 'running' | 'done';
      attempts: number;
      /** @enum {string|null} */
      outcome:
        | 'opened'
        | 'updated'
        | 'up-to-date'
        | 'blocked'
        | 'failed'
        | null;
      error: string | null;
      branch: string | null;
      changeUrl: string | null;
      updatedAt: string;
    };
    UpgradeRunPage: {
      run: components['schemas']['UpgradeRun'];
      items: components['schemas']['UpgradeJob'][];
      nextCursor: string | null;
    };
    TemplateFileChange: {
      path: string;
      /** @enum {string} */
      ownership: 'managed' | 'merged' | 'seeded' | 'ignored' | 'team';
      /** @enum {string} */
      action:
        | 'add'
        | 'update'
        | 'merge'
        | 'conflict'
        | 'delete'
        | 'rename'
        | 'patch'
        | 'keep';
      conflicts?: number;
      note?: string;
    };
    TemplateUpgrade: {
      entityRef: string;
      templateRef: string;
      fromVersion: string;
      toVersion: string;
      /** @enum {string} */
      state:
        | 'opened'
        | 'updated'
        | 'unchanged'
        | 'up-to-date'
        | 'blocked'
        | 'failed';
      branch: string | null;
      commit: string | null;
      changeUrl: string | null;
      conflicts: number;
      changes: components['schemas']['TemplateFileChange'][];
      /** @description Markdown; render as text or sanitized Markdown. */
      description: string;
      error: string | null;
      requestedBy: string;
      /** Format: date-time */
      updatedAt: string;
    };
    TemplateUpgradeList: {
      items: components['schemas']['TemplateUpgrade'][];
    };
    /** @description Risk-based priority from severity, exploitation and exposure (docs/prioritisation.md). */
    Priority: {
      score: number;
      /** @enum {string} */
      label: 'P1' | 'P2' | 'P3' | 'P4';
    };
    PolicyResult: {
      policy: string;
      rule: string;
      /** @enum {string} */
      mode: 'enforce' | 'warn' | 'log';
      /** @enum {string} */
      severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
      message: string;
      fix: string;
    };
    PolicyEvaluation: {
      evaluatedAt: string;
      /** @description The names of the policies that applied to this component. */
      policies: string[];
      violations: components['schemas']['PolicyResult'][];
    };
    GateRequest: {
      entityRef: string;
    };
    GateDecision: {
      entityRef: string;
      /** @enum {string} */
      decision: 'allow' | 'warn' | 'deny';
      reasons: components['schemas']['PolicyResult'][];
      /** @enum {string|null} */
      grade: 'A' | 'B' | 'C' | 'D' | 'F' | null;
      score: number | null;
      evaluatedAt: string;
    };
    /** @description `policy`: a CEL `expression` over `component`, `posture` and `inventory`, as a posture policy rule, true when compliant. `template`: made from `templateRef` at `minVersion` or later (semver). `no-finding`: no open finding matching `filter.rule` (a rule, CVE or GHSA id, aliases included) and/or `filter.package` (a purl or a package name). */
    CampaignGoal: {
      /** @enum {string} */
      type: 'policy' | 'template' | 'no-finding';
      expression?: string;
      templateRef?: string;
      minVersion?: string;
      filter?: {
        rule?: string;
        package?: string;
      };
    };
    /** @description The components in scope match every list given (any value of a list); an empty scope is every component. */
    CampaignScope: {
      kinds?: string[];
      tiers?: number[];
      lifecycles?: string[];
      systems?: string[];
      domains?: string[];
      owners?: string[];
      templates?: string[];
    };
    CampaignInput: {
      title: string;
      description?: string;
      goal: components['schemas']['CampaignGoal'];
      scope: components['schemas']['CampaignScope'];
      /** @description ISO 8601 date-time; now when not given. */
      startsAt?: string;
      /** @description ISO 8601 date-time. */
      deadline: string;
      /** @description The campaign's owner (a group or user ref); the caller when not given. */
      ownerRef?: string;
    };
    CampaignUpdate: {
      title: string;
      description?: string;
      goal: components['schemas']['CampaignGoal'];
      scope: components['schemas']['CampaignScope'];
      /** @description ISO 8601 date-time; now when not given. */
      startsAt?: string;
      /** @description ISO 8601 date-time. */
      deadline: string;
      /** @description The campaign's owner (a group or user ref); the caller when not given. */
      ownerRef?: string;
      /** @description The version the change was made from. */
      version: number;
    };
    Campaign: {
      id: string;
      title: string;
      description: string;
      goal: components['schemas']['CampaignGoal'];
      scope: components['schemas']['CampaignScope'];
      startsAt: string;
      deadline: string;
      ownerRef: string;
      createdBy: string;
      createdAt: string;
      updatedAt: string;
      version: number;
    };
    CampaignList: {
      items: components['schemas']['CampaignListItem'][];
    };
    CampaignComponent: {
      entityRef: string;
      title: string;
      ownerRef: string | null;
      compliant: boolean;
      /** @description Why it fails the goal. */
      reason: string | null;
    };
    /** @description An owner of components in scope; `total*` count its sub-groups' components too. */
    CampaignTeam: {
      ref: string;
      title: string;
      parentRef: string | null;
      compliant: number;
      failing: number;
      totalCompliant: number;
      totalFailing: number;
    };
    /** @description One day of a campaign's series (fleet-wide counts over its scope, as evaluated that day). */
    CampaignDay: {
      /** @description UTC day, YYYY-MM-DD */
      day: string;
      compliant: number;
      failing: number;
    };
    /** @description A campaign's stored evaluation, fleet-wide over its scope (null before the first). */
    CampaignSummary: {
      evaluatedAt: string;
      compliant: number;
      failing: number;
    };
    CampaignListItem: components['schemas']['Campaign'] & {
      /** @enum {string} */
      status: 'scheduled' | 'active' | 'ended';
      summary: components['schemas']['CampaignSummary'] | null;
    };
    EntityCampaign: {
      campaign: components['schemas']['Campaign'];
      /** @enum {string} */
      status: 'scheduled' | 'active' | 'ended';
      /** @description Null before the first evaluation. */
      compliant: boolean | null;
      /** @description What it still has to do. */
      reason: string | null;
      evaluatedAt: string | null;
    };
    EntityCampaignList: {
      items: components['schemas']['EntityCampaign'][];
    };
    EvidenceComponentDay: {
      day: string;
      /** @enum {string} */
      status: 'pass' | 'fail' | 'excepted' | 'missing';
    };
    EvidenceComponent: {
      entityRef: string;
      title: string;
      ownerRef: string | null;
      passDays: number;
      failDays: number;
      exceptedDays: number;
      missingDays: number;
      history: components['schemas']['EvidenceComponentDay'][];
    };
    EvidencePolicy: {
      name: string;
      description: string;
      /** @enum {string} */
      target: 'posture' | 'workspace';
      /** @enum {string} */
      mode: 'enforce' | 'warn' | 'log';
      rules: string[];
      /**
       * @description daily: a posture policy, evaluated into every posture and kept per component per day in the snapshots (its components' history below). none: a workspace policy, run on the rendered repository by the scaffolder, template upgrades and the CLI, whose results are not recorded per component, so the export has no history of it.
       * @enum {string}
       */
      history?: 'daily' | 'none';
    };
    EvidenceControl: {
      /** @enum {string} */
      framework: 'soc2' | 'iso27001';
      /** @description e.g. CC7.1 (SOC 2) or A.8.8 (ISO/IEC 27001:2022) */
      id: string;
      title: string;
      policies: components['schemas']['EvidencePolicy'][];
      components: components['schemas']['EvidenceComponent'][];
    };
    EvidenceException: {
      id: string;
      entityRef: string;
      /** @description The finding or rule excepted. */
      subject: string;
      reason: string;
      requestedBy: string;
      approvedBy: string | null;
      status: string;
      createdAt: string;
      expiresAt: string | null;
    };
    EvidenceAuditEvent: {
      at: string;
      type: string;
      actor: string;
      entityRef: string | null;
    };
    EvidenceExport: {
      generatedAt: string;
      generatedBy: string;
      period: {
        from: string;
        to: string;
      };
      scope: {
        framework: string | null;
        system: string | null;
        owner: string | null;
        tier: number | null;
      };
      coverage: {
        /** @description Days in the period. */
        days: number;
        /** @description The oldest retained snapshot day. */
        retainedFrom: string | null;
        missingDays: string[];
      };
      controls: components['schemas']['EvidenceControl'][];
      exceptions: components['schemas']['EvidenceException'][];
      auditEvents: components['schemas']['EvidenceAuditEvent'][];
    };
    CampaignProgress: {
      evaluatedAt: string;
      compliant: number;
      failing: number;
      /** @description The daily series from the start (or the first evaluation) to today, oldest first. */
      history: components['schemas']['CampaignDay'][];
      components: components['schemas']['CampaignComponent'][];
      teams: components['schemas']['CampaignTeam'][];
    };
    CampaignDetail: {
      campaign: components['schemas']['Campaign'];
      progress: components['schemas']['CampaignProgress'];
    };
    /** @description The question of `GET /v1/affected`, and the link the notifications carry. Another field is refused (400) by name. */
    AffectedNotifyRequest: {
      advisory?: string;
      purl?: string;
      type?: string;
      namespace?: string;
      name?: string;
      range?: string;
      /** @description The app-relative path of the zero-day page for this question (the notification's link). */
      link?: string;
    };
    AffectedNotifyResult: {
      notified: {
        ownerRef: string;
        components: number;
      }[];
      components: number;
    };
    /** @description The stored advisory a question named. */
    AffectedAdvisory: {
      id: string;
      aliases: string[];
      summary: string;
      severity: components['schemas']['Severity'];
      url: string | null;
      modified: string;
      fixedVersions: string[];
      kev: boolean;
      epss: number | null;
      /** @description The packages it affects, as `type:namespace/name` labels. */
      packages: string[];
    };
    AffectedComponent: {
      entityRef: string;
      title: string;
      ownerRef: string | null;
      systemRef: string | null;
      tier: number | null;
      lifecycle: string | null;
      exposure: {
        providedApis: number | null;
        production: boolean;
        points: number;
      };
      /** @description The affected packages found, with their versions (purls). */
      packages: string[];
      versions: string[];
      fixedVersions: string[];
      kev: boolean;
      epss: number | null;
      /** @description Its open findings of the advisory (or on the package), any tool. */
      openFindings: number;
      /** @description inventory (an SBOM or package list holds it), scanner (a scanner reported it). */
      sources: ('inventory' | 'scanner')[];
    };
    /** @description An owner of affected components; groups count their sub-groups' components in `total`. */
    AffectedTeam: {
      ref: string;
      title: string;
      email: string | null;
      parentRef: string | null;
      /** @description The affected components it owns itself. */
      components: number;
      /** @description With those of its sub-groups. */
      total: number;
    };
    AffectedAnswer: {
      advisory: components['schemas']['AffectedAdvisory'] | null;
      components: components['schemas']['AffectedComponent'][];
      teams: components['schemas']['AffectedTeam'][];
      truncated: boolean;
      /** @description How many advisories are stored (to tell an unknown id from a clean fleet). */
      advisoriesStored: number;
    };
    InventoryPage: {
      items: components['schemas']['InventoryComponent'][];
      nextCursor: string | null;
    };
    /** @description A component that has the package, with its cached catalog facts. */
    InventoryComponent: {
      entityRef: string;
      /** @description The versions of the package it has (matching the range), sorted. */
      versions: string[];
      packages: {
        purl: string;
        version: string | null;
        direct: boolean | null;
        tools: string[];
      }[];
      ownerRef: string | null;
      systemRef: string | null;
      tier: number | null;
      lifecycle: string | null;
      exposure: {
        providedApis: number | null;
        production: boolean;
        /** @description The exposure part of a finding's priority (docs/prioritisation.md). */
        points: number;
      };
    };
    /** @description One package of a component's inventory (every tool that listed its purl, merged). */
    EntityInventoryPackage: {
      purl: string;
      /** @description The name as its ecosystem writes it. */
      name: string;
      /** @description purl type, e.g. npm, maven. */
      type: string;
      version: string | null;
      /** @description SPDX ids or expressions (or names where the report gives no id), sorted. */
      licenses: string[];
      /** @description Direct (true) or transitive (false) dependency; null when no report says. */
      direct: boolean | null;
      scope: string | null;
      /** @description The manifests, lock files or image layers it was found in. */
      paths: string[];
      tools: string[];
      /** @description Its open findings, by severity. */
      findings: {
        total: number;
        bySeverity: components['schemas']['SeverityCounts'];
      };
    };
    EntityInventoryPage: {
      items: components['schemas']['EntityInventoryPackage'][];
      /** @description The packages that pass the filters, on every page. */
      totalCount: number;
      /** @description Packages per licence id of the whole inventory (before filters), `none` for packages without one. */
      licences: {
        licence: string;
        packages: number;
      }[];
      nextCursor: string | null;
    };
    FindingPage: {
      items: components['schemas']['Finding'][];
      totalCount: number;
      nextCursor: string | null;
    };
    FindingEvent: {
      scanId: string;
      at: string;
      /** @enum {string} */
      event: 'opened' | 'seen' | 'fixed' | 'reopened' | 'suppressed';
      commit: string | null;
    };
    FindingDetail: components['schemas']['Finding'] & {
      history: components['schemas']['FindingEvent'][];
    };
    ScorecardRow: {
      entityRef: string;
      title: string;
      parentRef: string | null;
      childRefs: string[];
      componentRefs: string[];
      score: number | null;
      /** @enum {string|null} */
      grade: 'A' | 'B' | 'C' | 'D' | 'F' | null;
      open: components['schemas']['SeverityCounts'];
      overdue: number;
      meanTimeToRemediateDays: number | null;
      coverage: {
        scanned: number;
        total: number;
      };
      trend: (number | null)[];
    };
    ScorecardList: {
      /** @enum {string} */
      groupBy: 'owner' | 'system' | 'domain';
      items: components['schemas']['ScorecardRow'][];
    };
    HistoryPoint: {
      day: string;
      score: number | null;
      open: components['schemas']['SeverityCounts'];
    };
    History: {
      entityRef: string;
      points: components['schemas']['HistoryPoint'][];
    };
    AuditEvent: {
      id: string;
      type: string;
      entityRef: string | null;
      actor: string;
      details: {
        [key: string]: unknown;
      };
      createdAt: string;
    };
    AuditPage: {
      items: components['schemas']['AuditEvent'][];
      nextCursor?: string;
    };
    /** @enum {string} */
    ExceptionScope: 'finding' | 'rule';
    /** @enum {string} */
    ExceptionState: 'pending' | 'approved' | 'rejected' | 'expired' | 'revoked';
    /**
     * @description A CycloneDX VEX not_affected justification, or a risk-acceptance reason (false_positive, will_not_fix, can_not_fix, workaround_available, fix_planned).
     * @enum {string}
     */
    ExceptionJustification:
      | 'code_not_present'
      | 'code_not_reachable'
      | 'requires_configuration'
      | 'requires_dependency'
      | 'requires_environment'
      | 'protected_by_compiler'
      | 'protected_at_runtime'
      | 'protected_at_perimeter'
      | 'protected_by_mitigating_control'
      | 'false_positive'
      | 'will_not_fix'
      | 'can_not_fix'
      | 'workaround_available'
      | 'fix_planned';
    ExceptionRequest: {
      entityRef: string;
      scope: components['schemas']['ExceptionScope'];
      /** @description The finding, when the scope is finding. */
      findingId?: string;
      /** @description The rule, when the scope is rule. */
      ruleId?: string;
      /** @description For a rule scope, limit it to this tool's findings (default any tool). */
      tool?: string;
      justification: components['schemas']['ExceptionJustification'];
      reason: string;
      /** @description ISO 8601 date-time, in the future and at most exceptions.maxDays ahead. */
      expiresAt: string;
    };
    ExceptionComment: {
      comment?: string;
    };
    Exception: {
      id: string;
      entityRef: string;
      scope: components['schemas']['ExceptionScope'];
      findingId: string | null;
      ruleId: string;
      tool: string | null;
      justification: components['schemas']['ExceptionJustification'];
      reason: string;
      state: components['schemas']['ExceptionState'];
      requestedBy: string;
      requestedAt: string;
      expiresAt: string;
      decidedBy: string | null;
      decidedAt: string | null;
      decisionComment: string | null;
      revokedBy: string | null;
      revokedAt: string | null;
      revokeComment: string | null;
      expiredAt: string | null;
    };
    ExceptionPage: {
      items: components['schemas']['Exception'][];
      nextCursor: string | null;
    };
    /** @description The approved, unexpired exception under which a finding does not count. */
    AcceptedRisk: {
      exceptionId: string;
      justification: components['schemas']['ExceptionJustification'];
      expiresAt: string;
    };
  };
  responses: {
    /** @description An error, whose message names what is wrong. */
    ErrorResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
  };
  parameters: {
    kind: string;
    namespace: string;
    name: string;
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  UploadReport: {
    parameters: {
      query: {
        /** @description The component the report is about, e.g. component:default/payments-api. */
        entityRef: string;
        /** @description sarif, trivy, gitleaks, grype, osv-scanner, cyclonedx, scorecard, npm-audit, spdx, or a format added through the parsers extension point. Detected from the report when omitted. */
        format?: string;
        /** @description The branch that was scanned (default main). Posture counts the default branch only. */
        branch?: string;
        commit?: string;
        /** @description false for a partial scan: findings missing from it are not marked fixed (default true). */
        complete?: boolean;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': unknown;
      };
    };
    responses: {
      /** @description The report was applied. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IngestResult'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      413: components['responses']['ErrorResponse'];
      422: components['responses']['ErrorResponse'];
    };
  };
  EnrollComponent: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['Enrollment'];
      };
    };
    responses: {
      /** @description The component is enrolled. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Posture'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
    };
  };
  EvaluateGate: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['GateRequest'];
      };
    };
    responses: {
      /** @description The decision. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GateDecision'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  ListTemplates: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The templates. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TemplateList'];
        };
      };
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
    };
  };
  ListTemplateComponents: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The components. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TemplateComponentList'];
        };
      };
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  ListTemplateUpgrades: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The upgrades. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TemplateUpgradeList'];
        };
      };
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  StartTemplateUpgrades: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['TemplateUpgradeRequest'];
      };
    };
    responses: {
      /** @description The outcome for every component. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TemplateUpgradeList'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      409: components['responses']['ErrorResponse'];
      429: components['responses']['ErrorResponse'];
    };
  };
  StartTemplateUpgradeRun: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpgradeRunRequest'];
      };
    };
    responses: {
      /** @description The run, enqueued. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UpgradeRun'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  GetUpgradeRun: {
    parameters: {
      query?: {
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The run and a page of its jobs (those the caller may read). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UpgradeRunPage'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  GetPosture: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The posture. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Posture'];
        };
      };
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  SetExpectedScanners: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ExpectedScannersChange'];
      };
    };
    responses: {
      /** @description The component's posture with its new requirement. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Posture'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  ListFindings: {
    parameters: {
      query?: {
        status?: components['schemas']['FindingStatus'][];
        severity?: components['schemas']['Severity'][];
        kind?: components['schemas']['FindingKind'][];
        tool?: string[];
        /** @description Text searched in the title, rule, path, package and aliases. */
        q?: string;
        /** @description priority (the default, highest first; docs/prioritisation.md), severity, first or last seen, title, tool or SLA due date. */
        sort?:
          | 'priority'
          | 'severity'
          | 'firstSeen'
          | 'lastSeen'
          | 'title'
          | 'tool'
          | 'slaDue';
        order?: 'asc' | 'desc';
        limit?: number;
        cursor?: string;
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One page of findings. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FindingPage'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  GetFinding: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
        findingId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The finding. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FindingDetail'];
        };
      };
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  ListEntityInventory: {
    parameters: {
      query?: {
        /** @description Text searched in the name, purl, version, licences and paths. */
        q?: string;
        /** @description One licence: an SPDX id (`MIT`, `LicenseRef-x`) or a licence's name as `licences` lists it; a prefix of ids ending in `*` (`GPL-*`); or `none` (packages whose reports state no licence, `NONE` and `NOASSERTION` included). Matched case-insensitively against the ids of each package's licence expressions; an expression (`MIT OR GPL-2.0-only`) is a 400. */
        licence?: string;
        /** @description true for direct dependencies, false for transitive ones. */
        direct?: boolean;
        limit?: number;
        cursor?: string;
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One page of packages. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EntityInventoryPage'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  GetScorecards: {
    parameters: {
      query: {
        groupBy: 'owner' | 'system' | 'domain';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One row per group, system or domain. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ScorecardList'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
    };
  };
  SearchInventory: {
    parameters: {
      query?: {
        purl?: string;
        /** @description purl type, e.g. npm, maven, pypi, golang. */
        type?: string;
        /** @description purl namespace (Maven group, npm scope, Go module path). */
        namespace?: string;
        name?: string;
        range?: string;
        limit?: number;
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One page of components. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InventoryPage'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
    };
  };
  GetAffected: {
    parameters: {
      query?: {
        /** @description An advisory id (OSV, CVE or GHSA), e.g. CVE-2021-44228. */
        advisory?: string;
        purl?: string;
        /** @description purl type, e.g. npm, maven, pypi, golang. */
        type?: string;
        namespace?: string;
        name?: string;
        range?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The affected components and their teams. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AffectedAnswer'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
    };
  };
  NotifyAffectedOwners: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AffectedNotifyRequest'];
      };
    };
    responses: {
      /** @description The groups notified. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AffectedNotifyResult'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      503: components['responses']['ErrorResponse'];
    };
  };
  ListCampaigns: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The campaigns. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CampaignList'];
        };
      };
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
    };
  };
  CreateCampaign: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CampaignInput'];
      };
    };
    responses: {
      /** @description The campaign. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Campaign'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
    };
  };
  GetCampaign: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The campaign and its progress. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CampaignDetail'];
        };
      };
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  UpdateCampaign: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CampaignUpdate'];
      };
    };
    responses: {
      /** @description The campaign after the change. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Campaign'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      409: components['responses']['ErrorResponse'];
    };
  };
  DeleteCampaign: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  ListEntityCampaigns: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The component's campaigns. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EntityCampaignList'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
    };
  };
  GetEvidence: {
    parameters: {
      query: {
        /** @description First day, YYYY-MM-DD (UTC). */
        from: string;
        /** @description Last day, YYYY-MM-DD (UTC), at most 366 days after `from`. */
        to: string;
        /** @description Only the controls of one framework. */
        framework?: 'soc2' | 'iso27001';
        system?: string;
        /** @description A group; its sub-groups' components are in scope too. */
        owner?: string;
        tier?: number;
        format?: 'json' | 'csv' | 'html';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The evidence. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EvidenceExport'];
          'text/csv': string;
          'text/html': string;
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
    };
  };
  GetHistory: {
    parameters: {
      query: {
        entityRef: string;
        days?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The series, oldest first. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['History'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  ListExceptions: {
    parameters: {
      query?: {
        entityRef?: string;
        state?: components['schemas']['ExceptionState'][];
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One page of exceptions. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ExceptionPage'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  RequestException: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ExceptionRequest'];
      };
    };
    responses: {
      /** @description The pending exception. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Exception'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      409: components['responses']['ErrorResponse'];
    };
  };
  ApproveException: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ExceptionComment'];
      };
    };
    responses: {
      /** @description The exception after the change. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Exception'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      409: components['responses']['ErrorResponse'];
    };
  };
  RejectException: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ExceptionComment'];
      };
    };
    responses: {
      /** @description The exception after the change. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Exception'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      409: components['responses']['ErrorResponse'];
    };
  };
  RevokeException: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ExceptionComment'];
      };
    };
    responses: {
      /** @description The exception after the change. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Exception'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      409: components['responses']['ErrorResponse'];
    };
  };
  GetVex: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A CycloneDX 1.6 JSON BOM with vulnerabilities only. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            [key: string]: unknown;
          };
        };
      };
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  QueryAudit: {
    parameters: {
      query?: {
        entityRef?: string;
        /** @description Event type, e.g. exception.requested, exception.approved, gate.decision. */
        type?: string;
        /** @description User entity ref, service:<subject>, or system. */
        actor?: string;
        /** @description ISO 8601 date-time; only events at or after it. */
        since?: string;
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One page of events. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuditPage'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
    };
  };
}
