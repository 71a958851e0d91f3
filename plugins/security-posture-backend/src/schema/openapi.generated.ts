// ******************************************************************
// * GENERATED from plugins/security-posture-backend/src/schema/openapi.yaml
// * by scripts/generate-openapi.mjs. DO NOT EDIT: edit the spec and rerun.
// ******************************************************************
/* eslint-disable */
/** The OpenAPI document of the security-posture API. @internal */
export const spec = {
  openapi: '3.0.3',
  info: {
    title: 'security-posture',
    version: '1.0.0',
    description:
      'Golden Path Security posture API: scanner reports in, deduplicated per-component findings and posture out. Mounted at /api/security-posture. Every endpoint requires Backstage credentials.',
    license: {
      name: 'Apache-2.0',
    },
  },
  servers: [
    {
      url: '/',
    },
  ],
  paths: {
    '/v1/reports': {
      post: {
        operationId: 'UploadReport',
        summary: 'Ingest one scanner report for one component.',
        description:
          'The body is the raw report (JSON). The format is detected unless given. A report is applied in one transaction; the answer counts new, unchanged, fixed and reopened findings.',
        parameters: [
          {
            name: 'entityRef',
            in: 'query',
            required: true,
            allowReserved: true,
            description:
              'The component the report is about, e.g. component:default/payments-api.',
            schema: {
              type: 'string',
              maxLength: 255,
            },
          },
          {
            name: 'format',
            in: 'query',
            required: false,
            description:
              'sarif, trivy, gitleaks, grype, osv-scanner, cyclonedx, scorecard, npm-audit, spdx, or a format added through the parsers extension point. Detected from the report when omitted.',
            schema: {
              type: 'string',
              pattern: '^[a-z0-9][a-z0-9-]{0,39}$',
            },
          },
          {
            name: 'branch',
            in: 'query',
            required: false,
            description:
              'The branch that was scanned (default main). Posture counts the default branch only.',
            schema: {
              type: 'string',
              maxLength: 255,
            },
          },
          {
            name: 'commit',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              maxLength: 64,
            },
          },
          {
            name: 'complete',
            in: 'query',
            required: false,
            description:
              'false for a partial scan: findings missing from it are not marked fixed (default true).',
            schema: {
              type: 'boolean',
            },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {},
            },
          },
        },
        responses: {
          '201': {
            description: 'The report was applied.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/IngestResult',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '413': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '422': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/components': {
      post: {
        operationId: 'EnrollComponent',
        summary:
          'Enroll a component (from the scaffolder) so its posture says "awaiting first scan".',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/Enrollment',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The component is enrolled.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Posture',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/gate': {
      post: {
        operationId: 'EvaluateGate',
        summary:
          'The deployment gate (allow, warn or deny a component, with the reasons).',
        description:
          "Evaluates the enforced and warning posture policies against the component's current posture (findings under an approved exception do not count). deny when an enforce-mode policy is violated, warn when only warn-mode ones are, allow otherwise. An entity the catalog does not know is a 404, never an allow. Every decision is audit-logged.",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/GateRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The decision.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/GateDecision',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/templates': {
      get: {
        operationId: 'ListTemplates',
        summary:
          'The golden-path templates with their versions, changelog and adoption.',
        description:
          "Template entities of the catalog carrying golden-path.dev/template-version; versions and changelog entries come from the CHANGELOG.md beside each template, adoption from the components' template annotations.",
        responses: {
          '200': {
            description: 'The templates.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/TemplateList',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/templates/{namespace}/{name}/components': {
      get: {
        operationId: 'ListTemplateComponents',
        summary:
          'The components made from one template, how far behind they are, most behind first.',
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'The components.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/TemplateComponentList',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/templates/{namespace}/{name}/upgrades': {
      get: {
        operationId: 'ListTemplateUpgrades',
        summary: 'The latest upgrade of each component made from a template.',
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'The upgrades.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/TemplateUpgradeList',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
      post: {
        operationId: 'StartTemplateUpgrades',
        summary:
          'Upgrades components to a template version (three-way merge into an upgrade branch).',
        description:
          "For each component (the ones named, or every one behind), renders its recorded version with its recorded answers and the target version with the same answers, merges them into its repository by ownership class, checks the result against the policies and writes it to the branch golden-path/upgrade-<template>. Asking again updates the same branch or changes nothing. A component that cannot be upgraded (no provenance, digest mismatch, an answer the new form refuses, a person's commit on the branch) is answered as failed with the reason and its branch is not touched. At most securityPosture.templates.upgrades.maxPerRequest components per request and perMinute per minute (429 with Retry-After).",
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/TemplateUpgradeRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The outcome for every component.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/TemplateUpgradeList',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '429': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/templates/{namespace}/{name}/upgrade-runs': {
      post: {
        operationId: 'StartTemplateUpgradeRun',
        summary:
          'Enqueues a run of upgrades, one durable job per component, for any number of components.',
        description:
          "The components named, or every one behind, each become a job in the database that workers on any replica claim (at most securityPosture.templates.upgrades.perHost at once per repository host across replicas, within perMinute), run like StartTemplateUpgrades and record. A job whose replica stops is taken over once its claim's lease runs out. Follow the run with GetUpgradeRun.",
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/UpgradeRunRequest',
              },
            },
          },
        },
        responses: {
          '202': {
            description: 'The run, enqueued.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/UpgradeRun',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/upgrade-runs/{id}': {
      get: {
        operationId: 'GetUpgradeRun',
        summary:
          "A run of upgrades with its progress and a page of its components' jobs.",
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              maxLength: 36,
            },
          },
          {
            name: 'cursor',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              maxLength: 20,
            },
          },
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
            },
          },
        ],
        responses: {
          '200': {
            description:
              'The run and a page of its jobs (those the caller may read).',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/UpgradeRunPage',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/entities/{kind}/{namespace}/{name}/posture': {
      get: {
        operationId: 'GetPosture',
        summary:
          "A component's grade, score, counts, coverage, SLA and Scorecard checks.",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'The posture.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Posture',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/entities/{kind}/{namespace}/{name}/expected-scanners': {
      put: {
        operationId: 'SetExpectedScanners',
        summary:
          "Set what a component must be scanned by, lowering it included (its owners' decision).",
        description:
          "Replaces the scanner kinds an enrolled component must be scanned by; an empty list returns it to its tier's defaults. Needs security-posture.component.scanners.update on the entity (enrolling never lowers them). Audit-logged with the reason, before and after.",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/ExpectedScannersChange',
              },
            },
          },
        },
        responses: {
          '200': {
            description: "The component's posture with its new requirement.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Posture',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/entities/{kind}/{namespace}/{name}/findings': {
      get: {
        operationId: 'ListFindings',
        summary:
          "A component's findings, filtered, sorted and paginated by cursor.",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'status',
            in: 'query',
            schema: {
              type: 'array',
              items: {
                $ref: '#/components/schemas/FindingStatus',
              },
            },
            style: 'form',
            explode: true,
          },
          {
            name: 'severity',
            in: 'query',
            schema: {
              type: 'array',
              items: {
                $ref: '#/components/schemas/Severity',
              },
            },
            style: 'form',
            explode: true,
          },
          {
            name: 'kind',
            in: 'query',
            schema: {
              type: 'array',
              items: {
                $ref: '#/components/schemas/FindingKind',
              },
            },
            style: 'form',
            explode: true,
          },
          {
            name: 'tool',
            in: 'query',
            schema: {
              type: 'array',
              items: {
                type: 'string',
                maxLength: 100,
              },
            },
            style: 'form',
            explode: true,
          },
          {
            name: 'q',
            in: 'query',
            description:
              'Text searched in the title, rule, path, package and aliases.',
            schema: {
              type: 'string',
              maxLength: 200,
            },
          },
          {
            name: 'sort',
            in: 'query',
            schema: {
              type: 'string',
              enum: [
                'priority',
                'severity',
                'firstSeen',
                'lastSeen',
                'title',
                'tool',
                'slaDue',
              ],
            },
            description:
              'priority (the default, highest first; docs/prioritisation.md), severity, first or last seen, title, tool or SLA due date.',
          },
          {
            name: 'order',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['asc', 'desc'],
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
            },
          },
          {
            name: 'cursor',
            in: 'query',
            schema: {
              type: 'string',
              maxLength: 500,
            },
          },
        ],
        responses: {
          '200': {
            description: 'One page of findings.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/FindingPage',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/entities/{kind}/{namespace}/{name}/findings/{findingId}': {
      get: {
        operationId: 'GetFinding',
        summary: 'One finding with its history of scans.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'findingId',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              maxLength: 64,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The finding.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/FindingDetail',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/entities/{kind}/{namespace}/{name}/inventory': {
      get: {
        operationId: 'ListEntityInventory',
        summary:
          "A component's dependency inventory (default branch), with the open findings each package carries.",
        description:
          "The packages the component's SBOMs and scanners' package lists name on the default branch, one entry per package URL (the tools that listed it merged), sorted by name and version, each with its licences, direct or transitive, the manifests or layers it was found in, the tools that reported it, and its open findings (matched by package URL, else by name) by severity. `licences` counts the packages per licence of the whole inventory (for a filter). Cursor-paged. Needs security-posture.posture.read on the entity, as its findings.",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'q',
            in: 'query',
            description:
              'Text searched in the name, purl, version, licences and paths.',
            schema: {
              type: 'string',
              maxLength: 200,
            },
          },
          {
            name: 'licence',
            in: 'query',
            allowReserved: true,
            description:
              "One licence: an SPDX id (`MIT`, `LicenseRef-x`) or a licence's name as `licences` lists it; a prefix of ids ending in `*` (`GPL-*`); or `none` (packages whose reports state no licence, `NONE` and `NOASSERTION` included). Matched case-insensitively against the ids of each package's licence expressions; an expression (`MIT OR GPL-2.0-only`) is a 400.",
            schema: {
              type: 'string',
              maxLength: 100,
            },
          },
          {
            name: 'direct',
            in: 'query',
            description:
              'true for direct dependencies, false for transitive ones.',
            schema: {
              type: 'boolean',
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
            },
          },
          {
            name: 'cursor',
            in: 'query',
            schema: {
              type: 'string',
              maxLength: 1500,
            },
          },
        ],
        responses: {
          '200': {
            description: 'One page of packages.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityInventoryPage',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/scorecards': {
      get: {
        operationId: 'GetScorecards',
        summary:
          'Roll-ups of every owning group (nested groups included), system or domain.',
        parameters: [
          {
            name: 'groupBy',
            in: 'query',
            required: true,
            schema: {
              type: 'string',
              enum: ['owner', 'system', 'domain'],
            },
          },
        ],
        responses: {
          '200': {
            description: 'One row per group, system or domain.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ScorecardList',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/inventory': {
      get: {
        operationId: 'SearchInventory',
        summary:
          'The components whose dependency inventory has a package, optionally within a version range.',
        description:
          "Fleet search over the inventories of the default branch (SBOMs and scanners' package lists). The package is a purl (`pkg:maven/org.apache.logging.log4j/log4j-core`; a version in it asks for exactly that version) or `type` and `name` with an optional `namespace` (any when omitted). `range` is in the ecosystem's own syntax: npm semver (npm), PEP 440 (pypi), Maven ranges (maven), semver with a `v` prefix (golang); ADR010. Only the components the caller may read the security posture of are answered, ordered by entity ref.",
        parameters: [
          {
            name: 'purl',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              maxLength: 1000,
            },
          },
          {
            name: 'type',
            in: 'query',
            description: 'purl type, e.g. npm, maven, pypi, golang.',
            schema: {
              type: 'string',
              maxLength: 63,
            },
          },
          {
            name: 'namespace',
            in: 'query',
            allowReserved: true,
            description:
              'purl namespace (Maven group, npm scope, Go module path).',
            schema: {
              type: 'string',
              maxLength: 255,
            },
          },
          {
            name: 'name',
            in: 'query',
            schema: {
              type: 'string',
              maxLength: 255,
            },
          },
          {
            name: 'range',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              maxLength: 500,
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
            },
          },
          {
            name: 'cursor',
            in: 'query',
            schema: {
              type: 'string',
              maxLength: 500,
            },
          },
        ],
        responses: {
          '200': {
            description: 'One page of components.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/InventoryPage',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/affected': {
      get: {
        operationId: 'GetAffected',
        summary:
          'Who is affected by an advisory, or runs a package in a version range (the zero-day view).',
        description:
          "Either `advisory` (an OSV id, CVE or GHSA id: the stored advisory with that id or alias, matched against every inventory of the default branch, together with the open scanner findings that name the id) or a package (`purl`, or `type` and `name` with an optional `namespace`) with an optional `range` in the ecosystem's syntax. Answers every affected component the caller may read (at most 5,000, `truncated` beyond), with its owner, tier, exposure, versions found, fixed versions, KEV and EPSS, and the owning teams with nested groups rolled up. Needs `security-posture.scorecard.read`.",
        parameters: [
          {
            name: 'advisory',
            in: 'query',
            description:
              'An advisory id (OSV, CVE or GHSA), e.g. CVE-2021-44228.',
            schema: {
              type: 'string',
              maxLength: 100,
            },
          },
          {
            name: 'purl',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              maxLength: 1000,
            },
          },
          {
            name: 'type',
            in: 'query',
            description: 'purl type, e.g. npm, maven, pypi, golang.',
            schema: {
              type: 'string',
              maxLength: 63,
            },
          },
          {
            name: 'namespace',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              maxLength: 255,
            },
          },
          {
            name: 'name',
            in: 'query',
            schema: {
              type: 'string',
              maxLength: 255,
            },
          },
          {
            name: 'range',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              maxLength: 500,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The affected components and their teams.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AffectedAnswer',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/affected/notify': {
      post: {
        operationId: 'NotifyAffectedOwners',
        summary:
          'Notify the owning group of every affected component (one notification per group).',
        description:
          'The same question as `GET /v1/affected` in the body; every owning group of an affected component the caller may read gets one notification (re-sending the same question updates that notification instead of adding another), and the request is audit-logged (`affected.notified`). Needs `security-posture.affected.notify`. 503 when notifications are turned off.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/AffectedNotifyRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The groups notified.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AffectedNotifyResult',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '503': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/campaigns': {
      get: {
        operationId: 'ListCampaigns',
        summary: 'Every campaign, the nearest deadline first.',
        description: 'Needs `security-posture.scorecard.read`.',
        responses: {
          '200': {
            description: 'The campaigns.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/CampaignList',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
      post: {
        operationId: 'CreateCampaign',
        summary:
          'Create a campaign (a goal over a scope of components, with a deadline).',
        description:
          "Needs `security-posture.campaign.manage`. Refused (400, naming the field) when the title is empty, a policy goal's expression does not compile, a template goal names an unknown template, the scope matches no component of the catalog, or the deadline is in the past or before `startsAt`. Audit-logged (`campaign.created`) with the campaign.",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/CampaignInput',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The campaign.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Campaign',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/campaigns/{id}': {
      get: {
        operationId: 'GetCampaign',
        summary:
          'One campaign with its stored progress, per component and per team, and its daily series.',
        description:
          "Every component in the campaign's scope that the caller may read, compliant or failing against the goal as last evaluated (on each ingest, template change and daily, once across replicas), the owning teams with nested groups rolled up, and the daily series. Needs `security-posture.scorecard.read`.",
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              maxLength: 64,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The campaign and its progress.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/CampaignDetail',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
      put: {
        operationId: 'UpdateCampaign',
        summary:
          "Replace a campaign's fields, naming the version read (a stale version is refused, 409).",
        description:
          'Needs `security-posture.campaign.manage`. The same checks as creating one; audit-logged (`campaign.updated`) with the campaign before and after.',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              maxLength: 64,
            },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/CampaignUpdate',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The campaign after the change.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Campaign',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
      delete: {
        operationId: 'DeleteCampaign',
        summary: 'Delete a campaign, its stored progress and its daily series.',
        description:
          'Needs `security-posture.campaign.manage`. Audit-logged (`campaign.deleted`) with the campaign as it was, in the same transaction.',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              maxLength: 64,
            },
          },
        ],
        responses: {
          '204': {
            description: 'Deleted.',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/entities/{kind}/{namespace}/{name}/campaigns': {
      get: {
        operationId: 'ListEntityCampaigns',
        summary:
          'The campaigns a component is in, with whether it meets each goal and what it still has to do.',
        description:
          "Every campaign whose scope holds the component, the nearest deadline first, with the component's stored evaluation. Needs security-posture.posture.read on the entity.",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: "The component's campaigns.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityCampaignList',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/evidence': {
      get: {
        operationId: 'GetEvidence',
        summary:
          'Compliance evidence for a period and a scope, per control (SOC 2, ISO/IEC 27001:2022 Annex A).',
        description:
          'Per control referenced by a posture or workspace policy: the policies mapped to it, the components in scope with their daily pass/fail over the period (from the daily snapshots), the exceptions (approver, expiry) in force during the period, and the audit events of the period. `format` json (default), csv or html (a printable report, every text escaped). The SHA-256 digest of the bytes served is recorded in the audit log (`evidence.exported`) and sent as the `Digest` header (`sha-256=<base64>`). Days of the period with no retained snapshot are named in `coverage.missingDays`; a period with none at all is a 400 naming the retained range. Needs `security-posture.evidence.read`.',
        parameters: [
          {
            name: 'from',
            in: 'query',
            required: true,
            description: 'First day, YYYY-MM-DD (UTC).',
            schema: {
              type: 'string',
              maxLength: 10,
            },
          },
          {
            name: 'to',
            in: 'query',
            required: true,
            description:
              'Last day, YYYY-MM-DD (UTC), at most 366 days after `from`.',
            schema: {
              type: 'string',
              maxLength: 10,
            },
          },
          {
            name: 'framework',
            in: 'query',
            description: 'Only the controls of one framework.',
            schema: {
              type: 'string',
              enum: ['soc2', 'iso27001'],
            },
          },
          {
            name: 'system',
            in: 'query',
            schema: {
              type: 'string',
              maxLength: 255,
            },
          },
          {
            name: 'owner',
            in: 'query',
            description:
              "A group; its sub-groups' components are in scope too.",
            schema: {
              type: 'string',
              maxLength: 255,
            },
          },
          {
            name: 'tier',
            in: 'query',
            schema: {
              type: 'integer',
            },
          },
          {
            name: 'format',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['json', 'csv', 'html'],
            },
          },
        ],
        responses: {
          '200': {
            description: 'The evidence.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EvidenceExport',
                },
              },
              'text/csv': {
                schema: {
                  type: 'string',
                },
              },
              'text/html': {
                schema: {
                  type: 'string',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/history': {
      get: {
        operationId: 'GetHistory',
        summary:
          'Daily score and open-finding series for a component, group, system or domain.',
        parameters: [
          {
            name: 'entityRef',
            in: 'query',
            required: true,
            allowReserved: true,
            schema: {
              type: 'string',
              maxLength: 255,
            },
          },
          {
            name: 'days',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 730,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The series, oldest first.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/History',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/exceptions': {
      post: {
        operationId: 'RequestException',
        summary:
          'Request an exception (risk acceptance) for one finding or for a rule on a component.',
        description:
          'Needs security-posture.exception.request on the component. expiresAt must be in the future and at most securityPosture.exceptions.maxDays (default 90) ahead. Starts pending: another person holding security-posture.exception.approve approves or rejects it.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/ExceptionRequest',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The pending exception.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Exception',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
      get: {
        operationId: 'ListExceptions',
        summary:
          'Exceptions, newest request first, filtered and paginated by cursor.',
        description:
          "With entityRef, needs read access to the component's posture; without it (every component, the approvers' queue), needs security-posture.exception.approve.",
        parameters: [
          {
            name: 'entityRef',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              maxLength: 255,
            },
          },
          {
            name: 'state',
            in: 'query',
            schema: {
              type: 'array',
              items: {
                $ref: '#/components/schemas/ExceptionState',
              },
            },
            style: 'form',
            explode: true,
          },
          {
            name: 'cursor',
            in: 'query',
            schema: {
              type: 'string',
              maxLength: 300,
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 200,
            },
          },
        ],
        responses: {
          '200': {
            description: 'One page of exceptions.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ExceptionPage',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/exceptions/{id}/approve': {
      post: {
        operationId: 'ApproveException',
        summary:
          'Approve a pending exception (not your own); its findings stop counting until it expires.',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              maxLength: 64,
            },
          },
        ],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/ExceptionComment',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The exception after the change.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Exception',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/exceptions/{id}/reject': {
      post: {
        operationId: 'RejectException',
        summary: 'Reject a pending exception (not your own).',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              maxLength: 64,
            },
          },
        ],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/ExceptionComment',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The exception after the change.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Exception',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/exceptions/{id}/revoke': {
      post: {
        operationId: 'RevokeException',
        summary:
          'Withdraw a pending or approved exception (its requester, or an approver); its findings count again.',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              maxLength: 64,
            },
          },
        ],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/ExceptionComment',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The exception after the change.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Exception',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/entities/{kind}/{namespace}/{name}/vex': {
      get: {
        operationId: 'GetVex',
        summary:
          'The triage decisions of a component as a CycloneDX 1.6 VEX document.',
        description:
          'Approved, unexpired exceptions with their analysis (state, justification, response, detail), pending ones as in_triage.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'A CycloneDX 1.6 JSON BOM with vulnerabilities only.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: {},
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/audit': {
      get: {
        operationId: 'QueryAudit',
        summary:
          'The audit log (exception requests, decisions, revocations, expiries; gate decisions), newest first.',
        description:
          'Needs the security-posture.audit.read permission. Every filter narrows; pages are read with the cursor of the previous page.',
        parameters: [
          {
            name: 'entityRef',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              maxLength: 255,
            },
          },
          {
            name: 'type',
            in: 'query',
            description:
              'Event type, e.g. exception.requested, exception.approved, gate.decision.',
            schema: {
              type: 'string',
              maxLength: 100,
            },
          },
          {
            name: 'actor',
            in: 'query',
            allowReserved: true,
            description: 'User entity ref, service:<subject>, or system.',
            schema: {
              type: 'string',
              maxLength: 255,
            },
          },
          {
            name: 'since',
            in: 'query',
            description: 'ISO 8601 date-time; only events at or after it.',
            schema: {
              type: 'string',
              maxLength: 40,
            },
          },
          {
            name: 'cursor',
            in: 'query',
            schema: {
              type: 'string',
              maxLength: 200,
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
            },
          },
        ],
        responses: {
          '200': {
            description: 'One page of events.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AuditPage',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
  },
  components: {
    parameters: {
      kind: {
        name: 'kind',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          maxLength: 63,
        },
      },
      namespace: {
        name: 'namespace',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          maxLength: 63,
        },
      },
      name: {
        name: 'name',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          maxLength: 253,
        },
      },
    },
    responses: {
      ErrorResponse: {
        description: 'An error, whose message names what is wrong.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
            required: ['name', 'message'],
            additionalProperties: {},
          },
          request: {
            type: 'object',
            additionalProperties: {},
          },
          response: {
            type: 'object',
            properties: {
              statusCode: {
                type: 'integer',
              },
            },
            required: ['statusCode'],
          },
        },
        required: ['error', 'response'],
        additionalProperties: {},
      },
      ReportFormat: {
        type: 'string',
        enum: [
          'sarif',
          'trivy',
          'gitleaks',
          'grype',
          'osv-scanner',
          'cyclonedx',
          'scorecard',
          'npm-audit',
          'spdx',
        ],
      },
      Severity: {
        type: 'string',
        enum: ['critical', 'high', 'medium', 'low', 'info'],
      },
      FindingKind: {
        type: 'string',
        enum: ['sast', 'sca', 'secret', 'container', 'iac', 'repo'],
      },
      FindingStatus: {
        type: 'string',
        enum: ['open', 'fixed', 'suppressed'],
      },
      Grade: {
        type: 'string',
        enum: ['A', 'B', 'C', 'D', 'F'],
      },
      SeverityCounts: {
        type: 'object',
        properties: {
          critical: {
            type: 'integer',
          },
          high: {
            type: 'integer',
          },
          medium: {
            type: 'integer',
          },
          low: {
            type: 'integer',
          },
          info: {
            type: 'integer',
          },
        },
        required: ['critical', 'high', 'medium', 'low', 'info'],
      },
      IngestResult: {
        type: 'object',
        properties: {
          scanId: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          format: {
            type: 'string',
          },
          branch: {
            type: 'string',
          },
          tools: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          counts: {
            type: 'object',
            properties: {
              new: {
                type: 'integer',
              },
              unchanged: {
                type: 'integer',
              },
              fixed: {
                type: 'integer',
              },
              reopened: {
                type: 'integer',
              },
              suppressed: {
                type: 'integer',
              },
              checks: {
                type: 'integer',
              },
            },
            required: [
              'new',
              'unchanged',
              'fixed',
              'reopened',
              'suppressed',
              'checks',
            ],
          },
          inventory: {
            description:
              'What the upload did to the dependency inventory of its tools on the branch, per package (purl type, namespace and name); present when the report lists packages (SBOMs, Trivy, Grype, OSV-Scanner).',
            type: 'object',
            properties: {
              added: {
                type: 'integer',
              },
              removed: {
                type: 'integer',
              },
              changed: {
                type: 'integer',
                description: 'Packages found at other versions',
              },
              unchanged: {
                type: 'integer',
              },
            },
            required: ['added', 'removed', 'changed', 'unchanged'],
          },
          posture: {
            type: 'object',
            properties: {
              score: {
                type: 'integer',
                nullable: true,
              },
              grade: {
                type: 'string',
                nullable: true,
              },
            },
            required: ['score', 'grade'],
          },
        },
        required: [
          'scanId',
          'entityRef',
          'format',
          'branch',
          'tools',
          'counts',
          'posture',
        ],
      },
      Enrollment: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
            maxLength: 255,
          },
          tier: {
            type: 'integer',
            minimum: 1,
            maximum: 3,
          },
          lifecycle: {
            type: 'string',
            maxLength: 63,
          },
          expectedScanners: {
            type: 'array',
            maxItems: 20,
            items: {
              type: 'string',
              maxLength: 63,
            },
          },
          template: {
            type: 'object',
            properties: {
              ref: {
                type: 'string',
                maxLength: 255,
              },
              version: {
                type: 'string',
                maxLength: 63,
              },
            },
            required: ['ref', 'version'],
          },
        },
        required: ['entityRef'],
        additionalProperties: false,
      },
      ExpectedScannersChange: {
        type: 'object',
        properties: {
          expectedScanners: {
            type: 'array',
            maxItems: 20,
            items: {
              type: 'string',
              maxLength: 63,
            },
          },
          reason: {
            type: 'string',
            minLength: 1,
            maxLength: 1000,
          },
        },
        required: ['expectedScanners', 'reason'],
        additionalProperties: false,
      },
      ScannerCoverage: {
        type: 'object',
        properties: {
          kind: {
            $ref: '#/components/schemas/FindingKind',
          },
          required: {
            type: 'boolean',
          },
          lastScanAt: {
            type: 'string',
            nullable: true,
          },
          tools: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
        required: ['kind', 'required', 'lastScanAt', 'tools'],
      },
      PostureCheck: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          score: {
            type: 'number',
          },
          reason: {
            type: 'string',
          },
          documentationUrl: {
            type: 'string',
          },
          details: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
        required: ['name', 'score', 'reason'],
      },
      ScoreComponent: {
        type: 'object',
        description: 'One term of the score, so the grade can be explained.',
        properties: {
          label: {
            type: 'string',
          },
          points: {
            type: 'number',
          },
        },
        required: ['label', 'points'],
      },
      Posture: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          state: {
            type: 'string',
            enum: ['scanned', 'awaiting-first-scan', 'not-enrolled'],
            description:
              'not-enrolled means the component is in the catalog but nothing is known yet.',
          },
          score: {
            type: 'integer',
            nullable: true,
          },
          grade: {
            type: 'string',
            enum: ['A', 'B', 'C', 'D', 'F'],
            nullable: true,
          },
          scoreBreakdown: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ScoreComponent',
            },
          },
          tier: {
            type: 'integer',
            nullable: true,
          },
          lifecycle: {
            type: 'string',
            nullable: true,
          },
          owner: {
            type: 'string',
            nullable: true,
          },
          system: {
            type: 'string',
            nullable: true,
          },
          domain: {
            type: 'string',
            nullable: true,
          },
          open: {
            $ref: '#/components/schemas/SeverityCounts',
          },
          suppressed: {
            type: 'integer',
          },
          overdue: {
            type: 'integer',
          },
          slaDays: {
            $ref: '#/components/schemas/SeverityCounts',
          },
          lastScanAt: {
            type: 'string',
            nullable: true,
          },
          coverage: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ScannerCoverage',
            },
          },
          missingScanners: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/FindingKind',
            },
          },
          checks: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PostureCheck',
            },
          },
          template: {
            type: 'object',
            nullable: true,
            properties: {
              ref: {
                type: 'string',
              },
              version: {
                type: 'string',
              },
              latestVersion: {
                type: 'string',
              },
              behindBy: {
                type: 'integer',
              },
              securityReleasesBehind: {
                type: 'integer',
              },
              drifted: {
                type: 'boolean',
                nullable: true,
                description:
                  "Whether its managed files differ from what its template version renders with its recorded answers (as of the posture's computation); null when that cannot be told.",
              },
            },
            required: ['ref', 'version'],
          },
          topFindings: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Finding',
            },
          },
          overdueBySeverity: {
            $ref: '#/components/schemas/SeverityCounts',
          },
          knownExploited: {
            type: 'integer',
            description:
              "Open findings on CISA's Known Exploited Vulnerabilities catalog.",
          },
          mttrDays: {
            type: 'number',
            nullable: true,
            description:
              "Mean days from first seen to fixed over the component's fixed findings.",
          },
          acceptedRisks: {
            type: 'integer',
            description:
              'Open findings that do not count because an approved exception covers them.',
          },
          policy: {
            $ref: '#/components/schemas/PolicyEvaluation',
          },
        },
        required: [
          'entityRef',
          'state',
          'score',
          'grade',
          'scoreBreakdown',
          'tier',
          'lifecycle',
          'owner',
          'system',
          'domain',
          'open',
          'suppressed',
          'overdue',
          'slaDays',
          'lastScanAt',
          'coverage',
          'missingScanners',
          'checks',
          'template',
          'topFindings',
        ],
      },
      Finding: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          accepted: {
            $ref: '#/components/schemas/AcceptedRisk',
          },
          fingerprint: {
            type: 'string',
          },
          tool: {
            type: 'string',
          },
          kind: {
            $ref: '#/components/schemas/FindingKind',
          },
          ruleId: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          severity: {
            $ref: '#/components/schemas/Severity',
          },
          status: {
            $ref: '#/components/schemas/FindingStatus',
          },
          branch: {
            type: 'string',
          },
          aliases: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          cwes: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          package: {
            type: 'object',
            nullable: true,
            properties: {
              name: {
                type: 'string',
              },
              purl: {
                type: 'string',
                nullable: true,
              },
              installedVersion: {
                type: 'string',
                nullable: true,
              },
              fixedVersion: {
                type: 'string',
                nullable: true,
              },
            },
            required: ['name', 'purl', 'installedVersion', 'fixedVersion'],
          },
          location: {
            type: 'object',
            nullable: true,
            properties: {
              path: {
                type: 'string',
              },
              startLine: {
                type: 'integer',
                nullable: true,
              },
              endLine: {
                type: 'integer',
                nullable: true,
              },
            },
            required: ['path', 'startLine', 'endLine'],
          },
          message: {
            type: 'string',
          },
          remediation: {
            type: 'string',
            nullable: true,
          },
          remediationUrl: {
            type: 'string',
            nullable: true,
          },
          cvssScore: {
            type: 'number',
            nullable: true,
          },
          suppression: {
            type: 'object',
            nullable: true,
            properties: {
              source: {
                type: 'string',
              },
              state: {
                type: 'string',
              },
              justification: {
                type: 'string',
                nullable: true,
              },
            },
            required: ['source', 'state', 'justification'],
          },
          secretRedacted: {
            type: 'string',
            nullable: true,
          },
          firstSeenAt: {
            type: 'string',
          },
          lastSeenAt: {
            type: 'string',
          },
          fixedAt: {
            type: 'string',
            nullable: true,
          },
          reopenCount: {
            type: 'integer',
          },
          slaDueAt: {
            type: 'string',
            nullable: true,
          },
          overdue: {
            type: 'boolean',
          },
          kev: {
            type: 'boolean',
            description:
              "One of its CVEs is on CISA's Known Exploited Vulnerabilities catalog.",
          },
          epss: {
            type: 'number',
            nullable: true,
            description:
              'The highest EPSS probability (0-1) among its CVEs, when known.',
          },
          priority: {
            $ref: '#/components/schemas/Priority',
          },
        },
        required: [
          'id',
          'fingerprint',
          'tool',
          'kind',
          'ruleId',
          'title',
          'severity',
          'status',
          'branch',
          'aliases',
          'cwes',
          'package',
          'location',
          'message',
          'remediation',
          'remediationUrl',
          'cvssScore',
          'suppression',
          'secretRedacted',
          'firstSeenAt',
          'lastSeenAt',
          'fixedAt',
          'reopenCount',
          'slaDueAt',
          'overdue',
          'kev',
          'epss',
          'priority',
        ],
      },
      TemplateVersion: {
        type: 'object',
        properties: {
          version: {
            type: 'string',
          },
          releasedAt: {
            type: 'string',
            nullable: true,
          },
          changelog: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                text: {
                  type: 'string',
                },
                security: {
                  type: 'boolean',
                },
              },
              required: ['text', 'security'],
              additionalProperties: false,
            },
          },
        },
        required: ['version', 'releasedAt', 'changelog'],
        additionalProperties: false,
      },
      TemplateSummary: {
        type: 'object',
        properties: {
          ref: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          latestVersion: {
            type: 'string',
          },
          versions: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TemplateVersion',
            },
          },
          adoption: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                version: {
                  type: 'string',
                },
                components: {
                  type: 'integer',
                },
              },
              required: ['version', 'components'],
              additionalProperties: false,
            },
          },
        },
        required: [
          'ref',
          'namespace',
          'name',
          'title',
          'latestVersion',
          'versions',
          'adoption',
        ],
        additionalProperties: false,
      },
      TemplateList: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TemplateSummary',
            },
          },
        },
        required: ['items'],
      },
      TemplateComponent: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          owner: {
            type: 'string',
            nullable: true,
          },
          version: {
            type: 'string',
          },
          behindBy: {
            type: 'integer',
          },
          securityReleasesBehind: {
            type: 'integer',
          },
          drifted: {
            type: 'boolean',
            nullable: true,
            description:
              'Whether its managed files differ from what its recorded template version renders with its recorded answers; null when that cannot be told (no readable repository, the version is not stored, or the provenance does not match it).',
          },
          upgrade: {
            type: 'object',
            allOf: [
              {
                $ref: '#/components/schemas/TemplateUpgrade',
              },
            ],
            nullable: true,
            description:
              'Its latest template upgrade; null while none was started.',
          },
        },
        required: [
          'entityRef',
          'owner',
          'version',
          'behindBy',
          'securityReleasesBehind',
          'drifted',
          'upgrade',
        ],
        additionalProperties: false,
      },
      TemplateComponentList: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TemplateComponent',
            },
          },
        },
        required: ['items'],
      },
      TemplateUpgradeRequest: {
        type: 'object',
        properties: {
          entityRefs: {
            type: 'array',
            items: {
              type: 'string',
              maxLength: 255,
            },
            maxItems: 500,
            description: 'The components to upgrade; omit with allBehind.',
          },
          allBehind: {
            type: 'boolean',
            description:
              'Every component of the template that is behind the target version.',
          },
          targetVersion: {
            type: 'string',
            maxLength: 100,
            description: 'Default the newest published version.',
          },
          answers: {
            type: 'object',
            additionalProperties: true,
            description:
              'Answers for questions the new version asks, or replacing ones it refuses.',
          },
          dryRun: {
            type: 'boolean',
          },
        },
        additionalProperties: false,
      },
      UpgradeRunRequest: {
        type: 'object',
        properties: {
          entityRefs: {
            type: 'array',
            items: {
              type: 'string',
              maxLength: 255,
            },
            maxItems: 5000,
            description: 'The components to upgrade; omit with allBehind.',
          },
          allBehind: {
            type: 'boolean',
            description:
              'Every component of the template that is behind its newest version.',
          },
          targetVersion: {
            type: 'string',
            maxLength: 100,
            description:
              'Default the newest published version when each job runs.',
          },
          answers: {
            type: 'object',
            additionalProperties: true,
          },
        },
        additionalProperties: false,
      },
      UpgradeRun: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          templateRef: {
            type: 'string',
          },
          targetVersion: {
            type: 'string',
            nullable: true,
          },
          requestedBy: {
            type: 'string',
          },
          total: {
            type: 'integer',
          },
          state: {
            type: 'string',
            enum: ['queued', 'running', 'done'],
          },
          queued: {
            type: 'integer',
          },
          running: {
            type: 'integer',
          },
          done: {
            type: 'integer',
          },
          outcomes: {
            type: 'object',
            additionalProperties: {
              type: 'integer',
            },
            description:
              'Finished jobs by upgrade state (opened, updated, up-to-date, blocked, failed).',
          },
          createdAt: {
            type: 'string',
          },
          finishedAt: {
            type: 'string',
            nullable: true,
          },
        },
        required: [
          'id',
          'templateRef',
          'targetVersion',
          'requestedBy',
          'total',
          'state',
          'queued',
          'running',
          'done',
          'outcomes',
          'createdAt',
          'finishedAt',
        ],
      },
      UpgradeJob: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          state: {
            type: 'string',
            enum: ['queued', 'running', 'done'],
          },
          attempts: {
            type: 'integer',
          },
          outcome: {
            type: 'string',
            nullable: true,
            enum: [
              'opened',
              'updated',
              'up-to-date',
              'blocked',
              'failed',
              null,
            ],
          },
          error: {
            type: 'string',
            nullable: true,
          },
          branch: {
            type: 'string',
            nullable: true,
          },
          changeUrl: {
            type: 'string',
            nullable: true,
          },
          updatedAt: {
            type: 'string',
          },
        },
        required: [
          'entityRef',
          'state',
          'attempts',
          'outcome',
          'error',
          'branch',
          'changeUrl',
          'updatedAt',
        ],
      },
      UpgradeRunPage: {
        type: 'object',
        properties: {
          run: {
            $ref: '#/components/schemas/UpgradeRun',
          },
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/UpgradeJob',
            },
          },
          nextCursor: {
            type: 'string',
            nullable: true,
          },
        },
        required: ['run', 'items', 'nextCursor'],
      },
      TemplateFileChange: {
        type: 'object',
        properties: {
          path: {
            type: 'string',
          },
          ownership: {
            type: 'string',
            enum: ['managed', 'merged', 'seeded', 'ignored', 'team'],
          },
          action: {
            type: 'string',
            enum: [
              'add',
              'update',
              'merge',
              'conflict',
              'delete',
              'rename',
              'patch',
              'keep',
            ],
          },
          conflicts: {
            type: 'integer',
          },
          note: {
            type: 'string',
          },
        },
        required: ['path', 'ownership', 'action'],
        additionalProperties: false,
      },
      TemplateUpgrade: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          templateRef: {
            type: 'string',
          },
          fromVersion: {
            type: 'string',
          },
          toVersion: {
            type: 'string',
          },
          state: {
            type: 'string',
            enum: [
              'opened',
              'updated',
              'unchanged',
              'up-to-date',
              'blocked',
              'failed',
            ],
          },
          branch: {
            type: 'string',
            nullable: true,
          },
          commit: {
            type: 'string',
            nullable: true,
          },
          changeUrl: {
            type: 'string',
            nullable: true,
          },
          conflicts: {
            type: 'integer',
          },
          changes: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TemplateFileChange',
            },
          },
          description: {
            type: 'string',
            description: 'Markdown; render as text or sanitized Markdown.',
          },
          error: {
            type: 'string',
            nullable: true,
          },
          requestedBy: {
            type: 'string',
          },
          updatedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
        required: [
          'entityRef',
          'templateRef',
          'fromVersion',
          'toVersion',
          'state',
          'branch',
          'commit',
          'changeUrl',
          'conflicts',
          'changes',
          'description',
          'error',
          'requestedBy',
          'updatedAt',
        ],
        additionalProperties: false,
      },
      TemplateUpgradeList: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TemplateUpgrade',
            },
          },
        },
        required: ['items'],
      },
      Priority: {
        type: 'object',
        description:
          'Risk-based priority from severity, exploitation and exposure (docs/prioritisation.md).',
        properties: {
          score: {
            type: 'integer',
            minimum: 0,
            maximum: 100,
          },
          label: {
            type: 'string',
            enum: ['P1', 'P2', 'P3', 'P4'],
          },
        },
        required: ['score', 'label'],
      },
      PolicyResult: {
        type: 'object',
        properties: {
          policy: {
            type: 'string',
          },
          rule: {
            type: 'string',
          },
          mode: {
            type: 'string',
            enum: ['enforce', 'warn', 'log'],
          },
          severity: {
            type: 'string',
            enum: ['critical', 'high', 'medium', 'low', 'info'],
          },
          message: {
            type: 'string',
          },
          fix: {
            type: 'string',
          },
        },
        required: ['policy', 'rule', 'mode', 'severity', 'message', 'fix'],
      },
      PolicyEvaluation: {
        type: 'object',
        properties: {
          evaluatedAt: {
            type: 'string',
          },
          policies: {
            type: 'array',
            description:
              'The names of the policies that applied to this component.',
            items: {
              type: 'string',
            },
          },
          violations: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PolicyResult',
            },
          },
        },
        required: ['evaluatedAt', 'policies', 'violations'],
      },
      GateRequest: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
            maxLength: 255,
          },
        },
        required: ['entityRef'],
        additionalProperties: false,
      },
      GateDecision: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          decision: {
            type: 'string',
            enum: ['allow', 'warn', 'deny'],
          },
          reasons: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PolicyResult',
            },
          },
          grade: {
            type: 'string',
            enum: ['A', 'B', 'C', 'D', 'F'],
            nullable: true,
          },
          score: {
            type: 'integer',
            nullable: true,
          },
          evaluatedAt: {
            type: 'string',
          },
        },
        required: [
          'entityRef',
          'decision',
          'reasons',
          'grade',
          'score',
          'evaluatedAt',
        ],
      },
      CampaignGoal: {
        type: 'object',
        description:
          '`policy`: a CEL `expression` over `component`, `posture` and `inventory`, as a posture policy rule, true when compliant. `template`: made from `templateRef` at `minVersion` or later (semver). `no-finding`: no open finding matching `filter.rule` (a rule, CVE or GHSA id, aliases included) and/or `filter.package` (a purl or a package name).',
        additionalProperties: false,
        properties: {
          type: {
            type: 'string',
            enum: ['policy', 'template', 'no-finding'],
          },
          expression: {
            type: 'string',
            maxLength: 4096,
          },
          templateRef: {
            type: 'string',
            maxLength: 255,
          },
          minVersion: {
            type: 'string',
            maxLength: 100,
          },
          filter: {
            type: 'object',
            additionalProperties: false,
            properties: {
              rule: {
                type: 'string',
                maxLength: 200,
              },
              package: {
                type: 'string',
                maxLength: 1000,
              },
            },
          },
        },
        required: ['type'],
      },
      CampaignScope: {
        type: 'object',
        description:
          'The components in scope match every list given (any value of a list); an empty scope is every component.',
        additionalProperties: false,
        properties: {
          kinds: {
            type: 'array',
            maxItems: 50,
            items: {
              type: 'string',
              maxLength: 63,
            },
          },
          tiers: {
            type: 'array',
            maxItems: 10,
            items: {
              type: 'integer',
            },
          },
          lifecycles: {
            type: 'array',
            maxItems: 50,
            items: {
              type: 'string',
              maxLength: 63,
            },
          },
          systems: {
            type: 'array',
            maxItems: 200,
            items: {
              type: 'string',
              maxLength: 255,
            },
          },
          domains: {
            type: 'array',
            maxItems: 200,
            items: {
              type: 'string',
              maxLength: 255,
            },
          },
          owners: {
            type: 'array',
            maxItems: 200,
            items: {
              type: 'string',
              maxLength: 255,
            },
          },
          templates: {
            type: 'array',
            maxItems: 50,
            items: {
              type: 'string',
              maxLength: 255,
            },
          },
        },
      },
      CampaignInput: {
        type: 'object',
        additionalProperties: false,
        properties: {
          title: {
            type: 'string',
            maxLength: 200,
          },
          description: {
            type: 'string',
            maxLength: 10000,
          },
          goal: {
            $ref: '#/components/schemas/CampaignGoal',
          },
          scope: {
            $ref: '#/components/schemas/CampaignScope',
          },
          startsAt: {
            type: 'string',
            maxLength: 40,
            description: 'ISO 8601 date-time; now when not given.',
          },
          deadline: {
            type: 'string',
            maxLength: 40,
            description: 'ISO 8601 date-time.',
          },
          ownerRef: {
            type: 'string',
            maxLength: 255,
            description:
              "The campaign's owner (a group or user ref); the caller when not given.",
          },
        },
        required: ['title', 'goal', 'scope', 'deadline'],
      },
      CampaignUpdate: {
        type: 'object',
        additionalProperties: false,
        properties: {
          title: {
            type: 'string',
            maxLength: 200,
          },
          description: {
            type: 'string',
            maxLength: 10000,
          },
          goal: {
            $ref: '#/components/schemas/CampaignGoal',
          },
          scope: {
            $ref: '#/components/schemas/CampaignScope',
          },
          startsAt: {
            type: 'string',
            maxLength: 40,
            description: 'ISO 8601 date-time; now when not given.',
          },
          deadline: {
            type: 'string',
            maxLength: 40,
            description: 'ISO 8601 date-time.',
          },
          ownerRef: {
            type: 'string',
            maxLength: 255,
            description:
              "The campaign's owner (a group or user ref); the caller when not given.",
          },
          version: {
            type: 'integer',
            description: 'The version the change was made from.',
          },
        },
        required: ['title', 'goal', 'scope', 'deadline', 'version'],
      },
      Campaign: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          goal: {
            $ref: '#/components/schemas/CampaignGoal',
          },
          scope: {
            $ref: '#/components/schemas/CampaignScope',
          },
          startsAt: {
            type: 'string',
          },
          deadline: {
            type: 'string',
          },
          ownerRef: {
            type: 'string',
          },
          createdBy: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
          },
          updatedAt: {
            type: 'string',
          },
          version: {
            type: 'integer',
          },
        },
        required: [
          'id',
          'title',
          'description',
          'goal',
          'scope',
          'startsAt',
          'deadline',
          'ownerRef',
          'createdBy',
          'createdAt',
          'updatedAt',
          'version',
        ],
      },
      CampaignList: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CampaignListItem',
            },
          },
        },
        required: ['items'],
      },
      CampaignComponent: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          ownerRef: {
            type: 'string',
            nullable: true,
          },
          compliant: {
            type: 'boolean',
          },
          reason: {
            type: 'string',
            nullable: true,
            description: 'Why it fails the goal.',
          },
        },
        required: ['entityRef', 'title', 'ownerRef', 'compliant', 'reason'],
      },
      CampaignTeam: {
        type: 'object',
        description:
          "An owner of components in scope; `total*` count its sub-groups' components too.",
        properties: {
          ref: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          parentRef: {
            type: 'string',
            nullable: true,
          },
          compliant: {
            type: 'integer',
          },
          failing: {
            type: 'integer',
          },
          totalCompliant: {
            type: 'integer',
          },
          totalFailing: {
            type: 'integer',
          },
        },
        required: [
          'ref',
          'title',
          'parentRef',
          'compliant',
          'failing',
          'totalCompliant',
          'totalFailing',
        ],
      },
      CampaignDay: {
        type: 'object',
        description:
          "One day of a campaign's series (fleet-wide counts over its scope, as evaluated that day).",
        properties: {
          day: {
            type: 'string',
            description: 'UTC day, YYYY-MM-DD',
          },
          compliant: {
            type: 'integer',
          },
          failing: {
            type: 'integer',
          },
        },
        required: ['day', 'compliant', 'failing'],
      },
      CampaignSummary: {
        type: 'object',
        description:
          "A campaign's stored evaluation, fleet-wide over its scope (null before the first).",
        properties: {
          evaluatedAt: {
            type: 'string',
          },
          compliant: {
            type: 'integer',
          },
          failing: {
            type: 'integer',
          },
        },
        required: ['evaluatedAt', 'compliant', 'failing'],
      },
      CampaignListItem: {
        allOf: [
          {
            $ref: '#/components/schemas/Campaign',
          },
          {
            type: 'object',
            properties: {
              status: {
                type: 'string',
                enum: ['scheduled', 'active', 'ended'],
              },
              summary: {
                allOf: [
                  {
                    $ref: '#/components/schemas/CampaignSummary',
                  },
                ],
                type: 'object',
                nullable: true,
              },
            },
            required: ['status', 'summary'],
          },
        ],
      },
      EntityCampaign: {
        type: 'object',
        properties: {
          campaign: {
            $ref: '#/components/schemas/Campaign',
          },
          status: {
            type: 'string',
            enum: ['scheduled', 'active', 'ended'],
          },
          compliant: {
            type: 'boolean',
            nullable: true,
            description: 'Null before the first evaluation.',
          },
          reason: {
            type: 'string',
            nullable: true,
            description: 'What it still has to do.',
          },
          evaluatedAt: {
            type: 'string',
            nullable: true,
          },
        },
        required: ['campaign', 'status', 'compliant', 'reason', 'evaluatedAt'],
      },
      EntityCampaignList: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EntityCampaign',
            },
          },
        },
        required: ['items'],
      },
      EvidenceComponentDay: {
        type: 'object',
        properties: {
          day: {
            type: 'string',
          },
          status: {
            type: 'string',
            enum: ['pass', 'fail', 'excepted', 'missing'],
          },
        },
        required: ['day', 'status'],
      },
      EvidenceComponent: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          ownerRef: {
            type: 'string',
            nullable: true,
          },
          passDays: {
            type: 'integer',
          },
          failDays: {
            type: 'integer',
          },
          exceptedDays: {
            type: 'integer',
          },
          missingDays: {
            type: 'integer',
          },
          history: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EvidenceComponentDay',
            },
          },
        },
        required: [
          'entityRef',
          'title',
          'ownerRef',
          'passDays',
          'failDays',
          'exceptedDays',
          'missingDays',
          'history',
        ],
      },
      EvidencePolicy: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          target: {
            type: 'string',
            enum: ['posture', 'workspace'],
          },
          mode: {
            type: 'string',
            enum: ['enforce', 'warn', 'log'],
          },
          rules: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          history: {
            type: 'string',
            enum: ['daily', 'none'],
            description:
              "daily: a posture policy, evaluated into every posture and kept per component per day in the snapshots (its components' history below). none: a workspace policy, run on the rendered repository by the scaffolder, template upgrades and the CLI, whose results are not recorded per component, so the export has no history of it.",
          },
        },
        required: ['name', 'description', 'target', 'mode', 'rules'],
      },
      EvidenceControl: {
        type: 'object',
        properties: {
          framework: {
            type: 'string',
            enum: ['soc2', 'iso27001'],
          },
          id: {
            type: 'string',
            description: 'e.g. CC7.1 (SOC 2) or A.8.8 (ISO/IEC 27001:2022)',
          },
          title: {
            type: 'string',
          },
          policies: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EvidencePolicy',
            },
          },
          components: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EvidenceComponent',
            },
          },
        },
        required: ['framework', 'id', 'title', 'policies', 'components'],
      },
      EvidenceException: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          subject: {
            type: 'string',
            description: 'The finding or rule excepted.',
          },
          reason: {
            type: 'string',
          },
          requestedBy: {
            type: 'string',
          },
          approvedBy: {
            type: 'string',
            nullable: true,
          },
          status: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
          },
          expiresAt: {
            type: 'string',
            nullable: true,
          },
        },
        required: [
          'id',
          'entityRef',
          'subject',
          'reason',
          'requestedBy',
          'approvedBy',
          'status',
          'createdAt',
          'expiresAt',
        ],
      },
      EvidenceAuditEvent: {
        type: 'object',
        properties: {
          at: {
            type: 'string',
          },
          type: {
            type: 'string',
          },
          actor: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
            nullable: true,
          },
        },
        required: ['at', 'type', 'actor', 'entityRef'],
      },
      EvidenceExport: {
        type: 'object',
        properties: {
          generatedAt: {
            type: 'string',
          },
          generatedBy: {
            type: 'string',
          },
          period: {
            type: 'object',
            properties: {
              from: {
                type: 'string',
              },
              to: {
                type: 'string',
              },
            },
            required: ['from', 'to'],
          },
          scope: {
            type: 'object',
            properties: {
              framework: {
                type: 'string',
                nullable: true,
              },
              system: {
                type: 'string',
                nullable: true,
              },
              owner: {
                type: 'string',
                nullable: true,
              },
              tier: {
                type: 'integer',
                nullable: true,
              },
            },
            required: ['framework', 'system', 'owner', 'tier'],
          },
          coverage: {
            type: 'object',
            properties: {
              days: {
                type: 'integer',
                description: 'Days in the period.',
              },
              retainedFrom: {
                type: 'string',
                nullable: true,
                description: 'The oldest retained snapshot day.',
              },
              missingDays: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
            },
            required: ['days', 'retainedFrom', 'missingDays'],
          },
          controls: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EvidenceControl',
            },
          },
          exceptions: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EvidenceException',
            },
          },
          auditEvents: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EvidenceAuditEvent',
            },
          },
        },
        required: [
          'generatedAt',
          'generatedBy',
          'period',
          'scope',
          'coverage',
          'controls',
          'exceptions',
          'auditEvents',
        ],
      },
      CampaignProgress: {
        type: 'object',
        properties: {
          evaluatedAt: {
            type: 'string',
          },
          compliant: {
            type: 'integer',
          },
          failing: {
            type: 'integer',
          },
          history: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CampaignDay',
            },
            description:
              'The daily series from the start (or the first evaluation) to today, oldest first.',
          },
          components: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CampaignComponent',
            },
          },
          teams: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CampaignTeam',
            },
          },
        },
        required: [
          'evaluatedAt',
          'compliant',
          'failing',
          'history',
          'components',
          'teams',
        ],
      },
      CampaignDetail: {
        type: 'object',
        properties: {
          campaign: {
            $ref: '#/components/schemas/Campaign',
          },
          progress: {
            $ref: '#/components/schemas/CampaignProgress',
          },
        },
        required: ['campaign', 'progress'],
      },
      AffectedNotifyRequest: {
        type: 'object',
        description:
          'The question of `GET /v1/affected`, and the link the notifications carry. Another field is refused (400) by name.',
        properties: {
          advisory: {
            type: 'string',
            maxLength: 100,
          },
          purl: {
            type: 'string',
            maxLength: 1000,
          },
          type: {
            type: 'string',
            maxLength: 63,
          },
          namespace: {
            type: 'string',
            maxLength: 255,
          },
          name: {
            type: 'string',
            maxLength: 255,
          },
          range: {
            type: 'string',
            maxLength: 500,
          },
          link: {
            type: 'string',
            maxLength: 1000,
            description:
              "The app-relative path of the zero-day page for this question (the notification's link).",
          },
        },
      },
      AffectedNotifyResult: {
        type: 'object',
        properties: {
          notified: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                ownerRef: {
                  type: 'string',
                },
                components: {
                  type: 'integer',
                },
              },
              required: ['ownerRef', 'components'],
            },
          },
          components: {
            type: 'integer',
          },
        },
        required: ['notified', 'components'],
      },
      AffectedAdvisory: {
        type: 'object',
        description: 'The stored advisory a question named.',
        properties: {
          id: {
            type: 'string',
          },
          aliases: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          summary: {
            type: 'string',
          },
          severity: {
            $ref: '#/components/schemas/Severity',
          },
          url: {
            type: 'string',
            nullable: true,
          },
          modified: {
            type: 'string',
          },
          fixedVersions: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          kev: {
            type: 'boolean',
          },
          epss: {
            type: 'number',
            nullable: true,
          },
          packages: {
            type: 'array',
            description:
              'The packages it affects, as `type:namespace/name` labels.',
            items: {
              type: 'string',
            },
          },
        },
        required: [
          'id',
          'aliases',
          'summary',
          'severity',
          'url',
          'modified',
          'fixedVersions',
          'kev',
          'epss',
          'packages',
        ],
      },
      AffectedComponent: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          ownerRef: {
            type: 'string',
            nullable: true,
          },
          systemRef: {
            type: 'string',
            nullable: true,
          },
          tier: {
            type: 'integer',
            nullable: true,
          },
          lifecycle: {
            type: 'string',
            nullable: true,
          },
          exposure: {
            type: 'object',
            properties: {
              providedApis: {
                type: 'integer',
                nullable: true,
              },
              production: {
                type: 'boolean',
              },
              points: {
                type: 'integer',
              },
            },
            required: ['providedApis', 'production', 'points'],
          },
          packages: {
            type: 'array',
            description:
              'The affected packages found, with their versions (purls).',
            items: {
              type: 'string',
            },
          },
          versions: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          fixedVersions: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          kev: {
            type: 'boolean',
          },
          epss: {
            type: 'number',
            nullable: true,
          },
          openFindings: {
            type: 'integer',
            description:
              'Its open findings of the advisory (or on the package), any tool.',
          },
          sources: {
            type: 'array',
            description:
              'inventory (an SBOM or package list holds it), scanner (a scanner reported it).',
            items: {
              type: 'string',
              enum: ['inventory', 'scanner'],
            },
          },
        },
        required: [
          'entityRef',
          'title',
          'ownerRef',
          'systemRef',
          'tier',
          'lifecycle',
          'exposure',
          'packages',
          'versions',
          'fixedVersions',
          'kev',
          'epss',
          'openFindings',
          'sources',
        ],
      },
      AffectedTeam: {
        type: 'object',
        description:
          "An owner of affected components; groups count their sub-groups' components in `total`.",
        properties: {
          ref: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          email: {
            type: 'string',
            nullable: true,
          },
          parentRef: {
            type: 'string',
            nullable: true,
          },
          components: {
            type: 'integer',
            description: 'The affected components it owns itself.',
          },
          total: {
            type: 'integer',
            description: 'With those of its sub-groups.',
          },
        },
        required: ['ref', 'title', 'email', 'parentRef', 'components', 'total'],
      },
      AffectedAnswer: {
        type: 'object',
        properties: {
          advisory: {
            type: 'object',
            allOf: [
              {
                $ref: '#/components/schemas/AffectedAdvisory',
              },
            ],
            nullable: true,
          },
          components: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AffectedComponent',
            },
          },
          teams: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AffectedTeam',
            },
          },
          truncated: {
            type: 'boolean',
          },
          advisoriesStored: {
            type: 'integer',
            description:
              'How many advisories are stored (to tell an unknown id from a clean fleet).',
          },
        },
        required: [
          'advisory',
          'components',
          'teams',
          'truncated',
          'advisoriesStored',
        ],
      },
      InventoryPage: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/InventoryComponent',
            },
          },
          nextCursor: {
            type: 'string',
            nullable: true,
          },
        },
        required: ['items', 'nextCursor'],
      },
      InventoryComponent: {
        type: 'object',
        description:
          'A component that has the package, with its cached catalog facts.',
        properties: {
          entityRef: {
            type: 'string',
          },
          versions: {
            type: 'array',
            description:
              'The versions of the package it has (matching the range), sorted.',
            items: {
              type: 'string',
            },
          },
          packages: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                purl: {
                  type: 'string',
                },
                version: {
                  type: 'string',
                  nullable: true,
                },
                direct: {
                  type: 'boolean',
                  nullable: true,
                },
                tools: {
                  type: 'array',
                  items: {
                    type: 'string',
                  },
                },
              },
              required: ['purl', 'version', 'direct', 'tools'],
            },
          },
          ownerRef: {
            type: 'string',
            nullable: true,
          },
          systemRef: {
            type: 'string',
            nullable: true,
          },
          tier: {
            type: 'integer',
            nullable: true,
          },
          lifecycle: {
            type: 'string',
            nullable: true,
          },
          exposure: {
            type: 'object',
            properties: {
              providedApis: {
                type: 'integer',
                nullable: true,
              },
              production: {
                type: 'boolean',
              },
              points: {
                type: 'integer',
                description:
                  "The exposure part of a finding's priority (docs/prioritisation.md).",
              },
            },
            required: ['providedApis', 'production', 'points'],
          },
        },
        required: [
          'entityRef',
          'versions',
          'packages',
          'ownerRef',
          'systemRef',
          'tier',
          'lifecycle',
          'exposure',
        ],
      },
      EntityInventoryPackage: {
        type: 'object',
        description:
          "One package of a component's inventory (every tool that listed its purl, merged).",
        properties: {
          purl: {
            type: 'string',
          },
          name: {
            type: 'string',
            description: 'The name as its ecosystem writes it.',
          },
          type: {
            type: 'string',
            description: 'purl type, e.g. npm, maven.',
          },
          version: {
            type: 'string',
            nullable: true,
          },
          licenses: {
            type: 'array',
            description:
              'SPDX ids or expressions (or names where the report gives no id), sorted.',
            items: {
              type: 'string',
            },
          },
          direct: {
            type: 'boolean',
            nullable: true,
            description:
              'Direct (true) or transitive (false) dependency; null when no report says.',
          },
          scope: {
            type: 'string',
            nullable: true,
          },
          paths: {
            type: 'array',
            description:
              'The manifests, lock files or image layers it was found in.',
            items: {
              type: 'string',
            },
          },
          tools: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          findings: {
            type: 'object',
            description: 'Its open findings, by severity.',
            properties: {
              total: {
                type: 'integer',
              },
              bySeverity: {
                $ref: '#/components/schemas/SeverityCounts',
              },
            },
            required: ['total', 'bySeverity'],
          },
        },
        required: [
          'purl',
          'name',
          'type',
          'version',
          'licenses',
          'direct',
          'scope',
          'paths',
          'tools',
          'findings',
        ],
      },
      EntityInventoryPage: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EntityInventoryPackage',
            },
          },
          totalCount: {
            type: 'integer',
            description: 'The packages that pass the filters, on every page.',
          },
          licences: {
            type: 'array',
            description:
              'Packages per licence id of the whole inventory (before filters), `none` for packages without one.',
            items: {
              type: 'object',
              properties: {
                licence: {
                  type: 'string',
                },
                packages: {
                  type: 'integer',
                },
              },
              required: ['licence', 'packages'],
            },
          },
          nextCursor: {
            type: 'string',
            nullable: true,
          },
        },
        required: ['items', 'totalCount', 'licences', 'nextCursor'],
      },
      FindingPage: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Finding',
            },
          },
          totalCount: {
            type: 'integer',
          },
          nextCursor: {
            type: 'string',
            nullable: true,
          },
        },
        required: ['items', 'totalCount', 'nextCursor'],
      },
      FindingEvent: {
        type: 'object',
        properties: {
          scanId: {
            type: 'string',
          },
          at: {
            type: 'string',
          },
          event: {
            type: 'string',
            enum: ['opened', 'seen', 'fixed', 'reopened', 'suppressed'],
          },
          commit: {
            type: 'string',
            nullable: true,
          },
        },
        required: ['scanId', 'at', 'event', 'commit'],
      },
      FindingDetail: {
        allOf: [
          {
            $ref: '#/components/schemas/Finding',
          },
          {
            type: 'object',
            properties: {
              history: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/FindingEvent',
                },
              },
            },
            required: ['history'],
          },
        ],
      },
      ScorecardRow: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          parentRef: {
            type: 'string',
            nullable: true,
          },
          childRefs: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          componentRefs: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          score: {
            type: 'integer',
            nullable: true,
          },
          grade: {
            type: 'string',
            enum: ['A', 'B', 'C', 'D', 'F'],
            nullable: true,
          },
          open: {
            $ref: '#/components/schemas/SeverityCounts',
          },
          overdue: {
            type: 'integer',
          },
          meanTimeToRemediateDays: {
            type: 'number',
            nullable: true,
          },
          coverage: {
            type: 'object',
            properties: {
              scanned: {
                type: 'integer',
              },
              total: {
                type: 'integer',
              },
            },
            required: ['scanned', 'total'],
          },
          trend: {
            type: 'array',
            items: {
              type: 'integer',
              nullable: true,
            },
          },
        },
        required: [
          'entityRef',
          'title',
          'parentRef',
          'childRefs',
          'componentRefs',
          'score',
          'grade',
          'open',
          'overdue',
          'meanTimeToRemediateDays',
          'coverage',
          'trend',
        ],
      },
      ScorecardList: {
        type: 'object',
        properties: {
          groupBy: {
            type: 'string',
            enum: ['owner', 'system', 'domain'],
          },
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ScorecardRow',
            },
          },
        },
        required: ['groupBy', 'items'],
      },
      HistoryPoint: {
        type: 'object',
        properties: {
          day: {
            type: 'string',
          },
          score: {
            type: 'integer',
            nullable: true,
          },
          open: {
            $ref: '#/components/schemas/SeverityCounts',
          },
        },
        required: ['day', 'score', 'open'],
      },
      History: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          points: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/HistoryPoint',
            },
          },
        },
        required: ['entityRef', 'points'],
      },
      AuditEvent: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          type: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
            nullable: true,
          },
          actor: {
            type: 'string',
          },
          details: {
            type: 'object',
            additionalProperties: {},
          },
          createdAt: {
            type: 'string',
          },
        },
        required: ['id', 'type', 'entityRef', 'actor', 'details', 'createdAt'],
      },
      AuditPage: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AuditEvent',
            },
          },
          nextCursor: {
            type: 'string',
          },
        },
        required: ['items'],
      },
      ExceptionScope: {
        type: 'string',
        enum: ['finding', 'rule'],
      },
      ExceptionState: {
        type: 'string',
        enum: ['pending', 'approved', 'rejected', 'expired', 'revoked'],
      },
      ExceptionJustification: {
        type: 'string',
        description:
          'A CycloneDX VEX not_affected justification, or a risk-acceptance reason (false_positive, will_not_fix, can_not_fix, workaround_available, fix_planned).',
        enum: [
          'code_not_present',
          'code_not_reachable',
          'requires_configuration',
          'requires_dependency',
          'requires_environment',
          'protected_by_compiler',
          'protected_at_runtime',
          'protected_at_perimeter',
          'protected_by_mitigating_control',
          'false_positive',
          'will_not_fix',
          'can_not_fix',
          'workaround_available',
          'fix_planned',
        ],
      },
      ExceptionRequest: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
            maxLength: 255,
          },
          scope: {
            $ref: '#/components/schemas/ExceptionScope',
          },
          findingId: {
            type: 'string',
            maxLength: 64,
            description: 'The finding, when the scope is finding.',
          },
          ruleId: {
            type: 'string',
            maxLength: 255,
            description: 'The rule, when the scope is rule.',
          },
          tool: {
            type: 'string',
            maxLength: 100,
            description:
              "For a rule scope, limit it to this tool's findings (default any tool).",
          },
          justification: {
            $ref: '#/components/schemas/ExceptionJustification',
          },
          reason: {
            type: 'string',
            minLength: 1,
            maxLength: 2000,
          },
          expiresAt: {
            type: 'string',
            maxLength: 40,
            description:
              'ISO 8601 date-time, in the future and at most exceptions.maxDays ahead.',
          },
        },
        required: [
          'entityRef',
          'scope',
          'justification',
          'reason',
          'expiresAt',
        ],
        additionalProperties: false,
      },
      ExceptionComment: {
        type: 'object',
        properties: {
          comment: {
            type: 'string',
            maxLength: 2000,
          },
        },
        additionalProperties: false,
      },
      Exception: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          scope: {
            $ref: '#/components/schemas/ExceptionScope',
          },
          findingId: {
            type: 'string',
            nullable: true,
          },
          ruleId: {
            type: 'string',
          },
          tool: {
            type: 'string',
            nullable: true,
          },
          justification: {
            $ref: '#/components/schemas/ExceptionJustification',
          },
          reason: {
            type: 'string',
          },
          state: {
            $ref: '#/components/schemas/ExceptionState',
          },
          requestedBy: {
            type: 'string',
          },
          requestedAt: {
            type: 'string',
          },
          expiresAt: {
            type: 'string',
          },
          decidedBy: {
            type: 'string',
            nullable: true,
          },
          decidedAt: {
            type: 'string',
            nullable: true,
          },
          decisionComment: {
            type: 'string',
            nullable: true,
          },
          revokedBy: {
            type: 'string',
            nullable: true,
          },
          revokedAt: {
            type: 'string',
            nullable: true,
          },
          revokeComment: {
            type: 'string',
            nullable: true,
          },
          expiredAt: {
            type: 'string',
            nullable: true,
          },
        },
        required: [
          'id',
          'entityRef',
          'scope',
          'findingId',
          'ruleId',
          'tool',
          'justification',
          'reason',
          'state',
          'requestedBy',
          'requestedAt',
          'expiresAt',
          'decidedBy',
          'decidedAt',
          'decisionComment',
          'revokedBy',
          'revokedAt',
          'revokeComment',
          'expiredAt',
        ],
      },
      ExceptionPage: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Exception',
            },
          },
          nextCursor: {
            type: 'string',
            nullable: true,
          },
        },
        required: ['items', 'nextCursor'],
      },
      AcceptedRisk: {
        type: 'object',
        description:
          'The approved, unexpired exception under which a finding does not count.',
        properties: {
          exceptionId: {
            type: 'string',
          },
          justification: {
            $ref: '#/components/schemas/ExceptionJustification',
          },
          expiresAt: {
            type: 'string',
          },
        },
        required: ['exceptionId', 'justification', 'expiresAt'],
      },
    },
  },
} as const;
