import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * Entity refs as the plugin keeps them: full (`kind:namespace/name`) and lower-cased, the way the
 * catalog compares them. Every ref from a request, a report or the catalog goes through here.
 */

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * `text.toLocaleLowerCase('en-US')`; for ASCII text (every ref in practice) the plain
 * `toLowerCase()`, which gives the same and costs a fraction of the locale-aware call.
 */
function lowerCase(text: string): string {
  return NON_ASCII.test(text)
    ? text.toLocaleLowerCase('en-US')
    : text.toLowerCase();
}

/** The plugin's key of an entity or compound ref. @internal */
export function refOf(entity: Entity | CompoundEntityRef): string {
  return lowerCase(stringifyEntityRef(entity));
}

/** Normalizes an entity ref to its lower-case full form, or undefined when it is not one. @internal */
export function normalizeRef(
  ref: string,
  defaultKind = 'component',
): string | undefined {
  try {
    return refOf(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return undefined;
  }
}

/** {@link normalizeRef}, or a 400 naming the ref. @internal */
export function requireRef(raw: string, defaultKind = 'component'): string {
  const entityRef = normalizeRef(raw, defaultKind);
  if (!entityRef) {
    throw new InputError(
      `entityRef '${raw}' is not an entity ref (e.g. component:default/payments-api)`,
    );
  }
  return entityRef;
}

/** A component's ref, or a 400 when the ref is not one of a component. @internal */
export function requireComponentRef(raw: string): string {
  const entityRef = normalizeRef(raw);
  if (!entityRef || !entityRef.startsWith('component:')) {
    throw new InputError(
      `entityRef '${raw}' is not a component entity ref (e.g. component:default/payments-api)`,
    );
  }
  return entityRef;
}

/** A lower-cased ref, or null (refs the catalog hands out in relations). @internal */
export function lowerRef(ref: string | undefined | null): string | null {
  return ref ? lowerCase(ref) : null;
}
