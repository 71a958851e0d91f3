/**
 * A Kubernetes workload found in a YAML document, with its pod spec.
 *
 * @public
 */
export interface Workload {
  kind: string;
  name: string;
  /** 1-based line of the document's first key. */
  line: number;
  /** The pod spec (`spec.template.spec`, `spec.jobTemplate.spec.template.spec` or `spec`). */
  pod: Record<string, unknown>;
  /** The pods' labels (the pod template's, or the Pod's). */
  labels: Record<string, unknown>;
}

/**
 * A Kubernetes object (any document with a string `apiVersion` and `kind`).
 *
 * @public
 */
export type KubernetesObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
};

const TEMPLATE_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'ReplicationController',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function at(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (!current || typeof current !== 'object' || Array.isArray(current)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * Whether a YAML document is a Kubernetes object.
 *
 * @public
 */
export function isKubernetesObject(doc: unknown): doc is KubernetesObject {
  return (
    !!doc &&
    typeof doc === 'object' &&
    typeof (doc as Record<string, unknown>).apiVersion === 'string' &&
    typeof (doc as Record<string, unknown>).kind === 'string' &&
    !String((doc as Record<string, unknown>).apiVersion).startsWith(
      'backstage.io/',
    )
  );
}

/**
 * The workload (pod-creating object) a document describes, if any.
 *
 * @public
 */
export function workloadOf(doc: unknown): Workload | undefined {
  if (!isKubernetesObject(doc)) return undefined;
  let template: unknown;
  if (TEMPLATE_KINDS.has(doc.kind)) {
    template = at(doc, 'spec', 'template');
  } else if (doc.kind === 'CronJob') {
    template = at(doc, 'spec', 'jobTemplate', 'spec', 'template');
  } else if (doc.kind === 'Pod') {
    template = doc;
  } else {
    return undefined;
  }
  const pod = at(template, 'spec');
  const labels = at(template, 'metadata', 'labels');
  const name = at(doc, 'metadata', 'name');
  return {
    kind: doc.kind,
    name: typeof name === 'string' ? name : '',
    line: typeof doc._line === 'number' ? doc._line : 1,
    pod: isRecord(pod) ? pod : {},
    labels: isRecord(labels) ? labels : {},
  };
}
