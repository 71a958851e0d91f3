/**
 * The Golden Path Security policy engine.
 *
 * @packageDocumentation
 */
export {};
