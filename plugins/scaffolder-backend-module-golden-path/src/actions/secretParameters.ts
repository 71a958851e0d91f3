import yaml from 'yaml';

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function isSecretField(schema: Record<string, unknown>): boolean {
  return (
    schema['ui:field'] === 'Secret' ||
    schema['ui:widget'] === 'password' ||
    schema.format === 'password' ||
    schema.writeOnly === true
  );
}

function collect(schema: unknown, out: Set<string>, depth: number): void {
  if (!isRecord(schema) || depth > 8) return;
  if (isRecord(schema.properties)) {
    for (const [name, field] of Object.entries(schema.properties)) {
      if (isRecord(field) && isSecretField(field)) out.add(name);
      collect(field, out, depth + 1);
    }
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach(s => collect(s, out, depth + 1));
  }
  if (isRecord(schema.dependencies)) {
    Object.values(schema.dependencies).forEach(s => collect(s, out, depth + 1));
  }
  for (const key of ['if', 'then', 'else'])
    collect(schema[key], out, depth + 1);
}

/**
 * The names of a template's parameters that hold secrets: `ui:field: Secret`,
 * `ui:widget: password`, `format: password` or `writeOnly: true`, at any depth of
 * `spec.parameters` (one form step or a list of them).
 *
 * @public
 */
export function secretParameterNames(
  templateYaml: string | undefined,
): Set<string> {
  const out = new Set<string>();
  if (!templateYaml) return out;
  const doc: unknown = yaml.parse(templateYaml, { maxAliasCount: 50 });
  const parameters =
    isRecord(doc) && isRecord(doc.spec) ? doc.spec.parameters : undefined;
  for (const step of Array.isArray(parameters) ? parameters : [parameters]) {
    collect(step, out, 0);
  }
  return out;
}
