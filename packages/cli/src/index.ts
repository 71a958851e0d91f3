/**
 * golden-path: the Golden Path Security CLI for CI pipelines.
 *
 * @packageDocumentation
 */
export {};
