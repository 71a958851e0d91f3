/*
 * The golden-path CLI: built by the CLI issue (#6).
 */
export {};
