// Spec-first HTTP contract: plugins/security-posture-backend/src/schema/openapi.yaml is the source
// of truth. This writes, from it:
//   - the backend's spec module (`spec ... as const`), from which the validated router is typed;
//   - the common package's request/response types (openapi-typescript);
//   - the common package's low-level client: one typed method per operation (generateClient below),
//     which the hand-written SecurityPostureClient wraps in friendlier signatures.
// `--check` fails when the committed files differ from what the spec generates (run by ./gp test).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import openapiTS, { astToString } from 'openapi-typescript';
import prettier from 'prettier';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const specPath = path.join(
  root,
  'plugins/security-posture-backend/src/schema/openapi.yaml',
);
const serverOut = path.join(
  root,
  'plugins/security-posture-backend/src/schema/openapi.generated.ts',
);
const typesOut = path.join(
  root,
  'plugins/security-posture-common/src/schema/openapi.generated.ts',
);
const banner = `// ******************************************************************
// * GENERATED from plugins/security-posture-backend/src/schema/openapi.yaml
// * by scripts/generate-openapi.mjs. DO NOT EDIT: edit the spec and rerun.
// ******************************************************************
`;

const source = fs.readFileSync(specPath, 'utf8');
const spec = YAML.parse(source);
const format = text =>
  prettier.format(text, { ...prettierConfig(), parser: 'typescript' });

function prettierConfig() {
  return JSON.parse(
    fs.readFileSync(
      path.join(root, 'node_modules/@backstage/cli/config/prettier.json'),
      'utf8',
    ),
  );
}

const server = format(
  `${banner}/* eslint-disable */\n/** The OpenAPI document of the security-posture API. @internal */\nexport const spec = ${JSON.stringify(
    spec,
    null,
    2,
  )} as const;\n`,
);
const ast = await openapiTS(new URL(`file://${specPath}`), {
  alphabetize: false,
});
const types = format(`${banner}/* eslint-disable */\n${astToString(ast)}`);

const clientOut = path.join(
  root,
  'plugins/security-posture-common/src/schema/client.generated.ts',
);
const client = format(generateClient(spec));

const outputs = [
  [serverOut, server],
  [typesOut, types],
  [clientOut, client],
];
if (process.argv.includes('--check')) {
  const stale = outputs.filter(
    ([file, text]) =>
      !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text,
  );
  for (const [file] of stale) {
    console.error(
      `golden-path: ${path.relative(
        root,
        file,
      )} is out of date with openapi.yaml; run: node scripts/generate-openapi.mjs`,
    );
  }
  process.exit(stale.length ? 1 : 0);
}
for (const [file, text] of outputs) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  console.log(`wrote ${path.relative(root, file)}`);
}

/**
 * The low-level client: one method per operation, named after its operationId, taking
 * `{ path, query, body }` typed from the generated `operations` and answering the parsed JSON of
 * the success response (a `ResponseError` otherwise).
 */
function generateClient(document) {
  const methods = [];
  for (const [route, item] of Object.entries(document.paths)) {
    for (const verb of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[verb];
      if (!op) continue;
      if (!op.operationId) {
        throw new Error(`${verb.toUpperCase()} ${route} has no operationId`);
      }
      const id = op.operationId;
      const name = id[0].toLowerCase() + id.slice(1);
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(
        p => resolveRef(document, p),
      );
      const pathParams = params.filter(p => p.in === 'path');
      const queryParams = params.filter(p => p.in === 'query');
      const reserved = queryParams
        .filter(p => p.allowReserved)
        .map(p => JSON.stringify(p.name));
      const jsonBody = op.requestBody?.content?.['application/json'];
      const rawBody =
        jsonBody && Object.keys(jsonBody.schema ?? {}).length === 0;
      const fields = [];
      if (pathParams.length) {
        fields.push(`path: operations['${id}']['parameters']['path'];`);
      }
      if (queryParams.length) {
        const required = queryParams.some(p => p.required);
        fields.push(
          `query${
            required ? '' : '?'
          }: operations['${id}']['parameters']['query'];`,
        );
      }
      if (jsonBody) {
        fields.push(
          rawBody
            ? '/** The raw body, sent as it is. */ body: string | Uint8Array;'
            : `body: JsonBody<'${id}'>;`,
        );
      }
      const success = Object.keys(op.responses ?? {})
        .filter(code => /^2\d\d$/.test(code))
        .sort()[0];
      if (!success) {
        throw new Error(`${id} has no success response`);
      }
      const hasContent = Boolean(
        op.responses[success].content?.['application/json'],
      );
      const result = hasContent
        ? `operations['${id}']['responses'][${success}]['content']['application/json']`
        : 'void';
      const summary = (op.summary ?? '').replace(/\*\//g, '*\\/');
      const requestArg = fields.length
        ? `request: { ${fields.join(' ')} }`
        : '_request: {} = {}';
      methods.push(`
  /** ${summary} \`${verb.toUpperCase()} ${route}\` */
  ${name}(${requestArg}, init?: RequestInit): Promise<${result}> {
    return this.call('${verb.toUpperCase()}', '${route}', {
      ${pathParams.length ? 'path: request.path,' : ''}
      ${queryParams.length ? 'query: request.query,' : ''}
      ${jsonBody ? `body: request.body, rawBody: ${rawBody},` : ''}
      ${reserved.length ? `reserved: [${reserved.join(', ')}],` : ''}
      hasContent: ${hasContent},
    }, init) as Promise<${result}>;
  }`);
    }
  }
  return `${banner}/* eslint-disable */
import { ResponseError } from '@backstage/errors';
import type { operations } from './openapi.generated';

type JsonBody<O extends keyof operations> = operations[O] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

type QueryValue = string | number | boolean | (string | number | boolean)[] | undefined;

/** Percent-encodes a query value, leaving the characters of an \`allowReserved\` parameter. */
function encodeQuery(value: string, reserved: boolean): string {
  const encoded = encodeURIComponent(value);
  return reserved
    ? encoded.replace(/%(3A|2F|3F|23|5B|5D|40|21|24|26|27|28|29|2A|2B|2C|3B|3D)/gi, m =>
        decodeURIComponent(m),
      )
    : encoded;
}

/**
 * The security-posture API, one method per operation of its OpenAPI spec, generated by
 * scripts/generate-openapi.mjs. Works with Backstage's \`discoveryApi\` and \`fetchApi\`, or any
 * object of the same shape (a CLI passes a fetch that adds its token).
 *
 * @public
 */
export class SecurityPostureApiClient {
  private readonly discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: globalThis.fetch };
  }
${methods.join('\n')}

  private async call(
    method: string,
    route: string,
    request: {
      path?: Record<string, string | number>;
      query?: Record<string, QueryValue>;
      body?: unknown;
      rawBody?: boolean;
      reserved?: string[];
      hasContent: boolean;
    },
    init?: RequestInit,
  ): Promise<unknown> {
    const pathname = route.replace(/\{([^}]+)\}/g, (_, key: string) => {
      const value = request.path?.[key];
      if (value === undefined || value === '') {
        throw new TypeError(\`\${method} \${route}: path parameter \${key} is missing\`);
      }
      return encodeURIComponent(String(value));
    });
    const query: string[] = [];
    for (const [key, value] of Object.entries(request.query ?? {})) {
      const reserved = request.reserved?.includes(key) ?? false;
      for (const v of Array.isArray(value) ? value : [value]) {
        if (v !== undefined && v !== '') {
          query.push(\`\${encodeURIComponent(key)}=\${encodeQuery(String(v), reserved)}\`);
        }
      }
    }
    const headers = new Headers(init?.headers);
    let body: BodyInit | undefined;
    if (request.body !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = request.rawBody
        ? (request.body as string | Uint8Array as BodyInit)
        : JSON.stringify(request.body);
    }
    const baseUrl = await this.discoveryApi.getBaseUrl('security-posture');
    const response = await this.fetchApi.fetch(
      \`\${baseUrl}\${pathname}\${query.length ? \`?\${query.join('&')}\` : ''}\`,
      { ...init, method, headers, body },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return request.hasContent ? response.json() : undefined;
  }
}
`;
}

/** A `$ref` inside the document, resolved (one level, as parameters use them). */
function resolveRef(document, node) {
  if (!node?.$ref) return node;
  const target = node.$ref
    .replace(/^#\//, '')
    .split('/')
    .reduce(
      (at, key) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
      document,
    );
  if (!target) {
    throw new Error(`unresolved $ref ${node.$ref}`);
  }
  return target;
}
