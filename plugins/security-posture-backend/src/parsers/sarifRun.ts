import {
  JsonObject,
  arr,
  isObject,
  line,
  normalizePath,
  obj,
  objects,
  plainText,
  str,
} from './util';

/** What the results of one SARIF run are read against. */
export interface RunContext {
  tool: string;
  rules: JsonObject[][];
  rulesById: Map<string, JsonObject>;
  taxonomyNames: { byIndex: string[]; byGuid: Map<string, string> };
  artifacts: JsonObject[];
}

/** The plain text of a SARIF message object. */
export function text(message: unknown): string | undefined {
  const m = obj(message);
  return m ? plainText(m.text) ?? plainText(m.markdown) : undefined;
}

/** A property of a SARIF property bag, flat (`problem.severity`) or nested. */
export function property(bag: unknown, key: string): unknown {
  const props = obj(bag);
  if (!props) {
    return undefined;
  }
  if (key in props) {
    return props[key];
  }
  // CodeQL writes `problem.severity` as a flat key; others may nest it.
  const [head, ...rest] = key.split('.');
  return rest.length > 0 ? property(props[head], rest.join('.')) : undefined;
}

/** The string tags of the given property bags. */
export function tagsOf(...bags: unknown[]): string[] {
  return bags.flatMap(bag =>
    arr(property(bag, 'tags')).filter(
      (t): t is string => typeof t === 'string',
    ),
  );
}

/** A non-negative integer index, else `undefined`. */
export function num0(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
    ? value
    : undefined;
}

/** The rule of a result: `ruleIndex` (in the driver or an extension), else `ruleId`. */
export function resolveRule(
  result: JsonObject,
  ctx: RunContext,
): JsonObject | undefined {
  const ref = obj(result.rule);
  const componentIndex = num0(obj(ref?.toolComponent)?.index);
  const rules =
    componentIndex !== undefined ? ctx.rules[componentIndex + 1] : ctx.rules[0];
  const index = num0(result.ruleIndex) ?? num0(ref?.index);
  if (rules && index !== undefined && isObject(rules[index])) {
    return rules[index];
  }
  const id = str(result.ruleId) ?? str(ref?.id);
  return id ? ctx.rulesById.get(id) : undefined;
}

/** The primary location of a result, with the column and snippet kept for identity only. */
export function locationOf(result: JsonObject, ctx: RunContext) {
  const physical = obj(objects(result.locations)[0]?.physicalLocation);
  if (!physical) {
    return undefined;
  }
  const artifact = obj(physical.artifactLocation);
  let uri = str(artifact?.uri);
  const index = num0(artifact?.index);
  if (!uri && index !== undefined) {
    uri = str(obj(ctx.artifacts[index]?.location)?.uri);
  }
  const path = normalizePath(uri);
  if (!path) {
    return undefined;
  }
  const region = obj(physical.region);
  const startLine = line(region?.startLine);
  const endLine = startLine !== undefined ? line(region?.endLine) : undefined;
  return {
    location: {
      path,
      ...(startLine !== undefined ? { startLine } : {}),
      ...(endLine !== undefined && endLine >= startLine! ? { endLine } : {}),
    },
    startColumn: line(region?.startColumn),
    snippet: str(obj(region?.snippet)?.text),
  };
}

/** The result message, expanded from the rule's `messageStrings` when given by id. */
export function messageText(
  result: JsonObject,
  rule: JsonObject | undefined,
): string | undefined {
  const direct = text(result.message);
  if (direct) {
    return direct;
  }
  const message = obj(result.message);
  const id = str(message?.id);
  const template = id ? text(obj(rule?.messageStrings)?.[id]) : undefined;
  if (!template) {
    return undefined;
  }
  const args = arr(message?.arguments).map(a =>
    typeof a === 'string' ? a : '',
  );
  return template.replace(
    /\{(\d+)\}/g,
    (_, n: string) => args[Number(n)] ?? '',
  );
}

/** Reads a run's rules (driver and extensions), taxonomies and artifacts. */
export function createRunContext(
  run: JsonObject,
  driver: JsonObject,
  tool: string,
): RunContext {
  const extensions = objects(obj(run.tool)?.extensions);
  const rules = [driver, ...extensions].map(c =>
    arr(c.rules).map(r => (isObject(r) ? r : {})),
  );
  const rulesById = new Map<string, JsonObject>();
  for (const list of rules) {
    for (const rule of list) {
      const id = str(rule.id);
      if (id && !rulesById.has(id)) {
        rulesById.set(id, rule);
      }
    }
  }
  const taxonomies = objects(run.taxonomies);
  return {
    tool,
    rules,
    rulesById,
    taxonomyNames: {
      byIndex: taxonomies.map(t => str(t.name) ?? ''),
      byGuid: new Map(
        taxonomies.map(t => [
          (str(t.guid) ?? '').toLowerCase(),
          str(t.name) ?? '',
        ]),
      ),
    },
    artifacts: objects(run.artifacts),
  };
}
