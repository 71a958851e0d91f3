import { InputError } from '@backstage/errors';
import Ajv from 'ajv';
import { TemplateDocument } from './content';

/** The answers recorded in provenance (non-secret template parameters). @public */
export type Answers = Record<string, unknown>;

/**
 * An answer the new version's form does not accept (or a new question without an answer):
 * the upgrade stops and asks for it, naming the field.
 *
 * @public
 */
export class AnswersNeededError extends InputError {
  constructor(
    message: string,
    readonly fields: { name: string; title?: string; problem: string }[],
  ) {
    super(message);
  }
}

type JsonSchema = {
  type?: string;
  properties?: Record<string, { title?: string; [k: string]: unknown }>;
  required?: string[];
  [k: string]: unknown;
};

/**
 * The template's parameter pages merged into one object schema (ui:* keys dropped).
 *
 * @public
 */
export function parametersSchema(doc: TemplateDocument): JsonSchema {
  const raw = doc.spec?.parameters;
  const pages = (
    Array.isArray(raw) ? raw : [raw].filter(Boolean)
  ) as JsonSchema[];
  const properties: NonNullable<JsonSchema['properties']> = {};
  const required = new Set<string>();
  for (const page of pages) {
    for (const [name, prop] of Object.entries(page?.properties ?? {})) {
      properties[name] = stripUi(prop) as { title?: string };
    }
    for (const name of page?.required ?? []) required.add(name);
  }
  return { type: 'object', properties, required: [...required] };
}

function stripUi(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripUi);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !k.startsWith('ui:'))
      .map(([k, v]) => [k, stripUi(v)]),
  );
}

/**
 * Checks recorded answers against a template version's form, the way the scaffolder would
 * have checked them if the service were created from that version today. Answers the form no
 * longer has are dropped (reported); a missing required answer or one the form refuses stops
 * the upgrade with an {@link AnswersNeededError} naming each field.
 *
 * @public
 */
export function checkAnswers(
  doc: TemplateDocument,
  answers: Answers,
): { answers: Answers; dropped: string[] } {
  const schema = parametersSchema(doc);
  const known = schema.properties ?? {};
  const kept: Answers = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(answers)) {
    if (name in known) kept[name] = value;
    else dropped.push(name);
  }
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  if (!validate(kept)) {
    const fields = new Map<
      string,
      { name: string; title?: string; problem: string }
    >();
    for (const error of validate.errors ?? []) {
      const name =
        error.keyword === 'required'
          ? String(
              (error.params as { missingProperty: string }).missingProperty,
            )
          : error.instancePath.split('/')[1] ?? '';
      if (!name || fields.has(name)) continue;
      fields.set(name, {
        name,
        title: known[name]?.title,
        problem:
          error.keyword === 'required'
            ? 'the new version asks for it and there is no answer'
            : `the new version does not accept the recorded answer (${error.message})`,
      });
    }
    const list = [...fields.values()];
    throw new AnswersNeededError(
      `the new version's form needs ${list
        .map(f => `'${f.name}'${f.title ? ` (${f.title})` : ''}: ${f.problem}`)
        .join('; ')}; give ${
        list.length === 1 ? 'it' : 'them'
      } in the upgrade's answers`,
      list,
    );
  }
  return { answers: kept, dropped };
}

const EXPRESSION =
  /\$\{\{\s*parameters\.([A-Za-z_][A-Za-z0-9_]*)\s*(\|\s*string\s*)?\}\}/g;

function evaluate(value: unknown, answers: Answers, where: string): unknown {
  if (Array.isArray(value)) {
    return value.map((v, i) => evaluate(v, answers, `${where}[${i}]`));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        evaluate(v, answers, `${where}.${k}`),
      ]),
    );
  }
  if (typeof value !== 'string') return value;
  const single = /^\$\{\{\s*parameters\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/.exec(
    value.trim(),
  );
  if (single) return answers[single[1]];
  const replaced = value.replace(EXPRESSION, (_m, name: string) => {
    const answer = answers[name];
    return answer === undefined || answer === null ? '' : String(answer);
  });
  if (replaced.includes('${{')) {
    throw new InputError(
      `the fetch:template input ${where} uses an expression other than \${{ parameters.<name> }}, which an upgrade cannot re-evaluate`,
    );
  }
  return replaced;
}

/**
 * The input of the template's fetch:template step with `${{ parameters.x }}` replaced by the
 * answers: the values the skeleton was (and will be) rendered with. Only parameter references
 * are allowed there (the golden-path templates use nothing else), so re-rendering needs no
 * step outputs and evaluates no template code; anything else is refused with a clear error.
 *
 * @public
 */
export function fetchStepInput(
  doc: TemplateDocument,
  answers: Answers,
): { values: Record<string, unknown>; copyWithoutTemplating?: string[] } {
  const steps = (Array.isArray(doc.spec?.steps) ? doc.spec!.steps : []) as {
    action?: string;
    input?: Record<string, unknown>;
  }[];
  const step = steps.find(s => s?.action === 'fetch:template');
  if (!step?.input) {
    throw new InputError('the template has no fetch:template step');
  }
  for (const key of Object.keys(step.input)) {
    if (!['url', 'values', 'copyWithoutTemplating'].includes(key)) {
      throw new InputError(
        `the fetch:template input '${key}' is not supported by upgrades (url, values and copyWithoutTemplating are)`,
      );
    }
  }
  const values = evaluate(step.input.values ?? {}, answers, 'values');
  const copy = step.input.copyWithoutTemplating;
  if (
    copy !== undefined &&
    (!Array.isArray(copy) || copy.some(c => typeof c !== 'string'))
  ) {
    throw new InputError('copyWithoutTemplating must be a list of globs');
  }
  return {
    values: values as Record<string, unknown>,
    copyWithoutTemplating: copy as string[] | undefined,
  };
}
