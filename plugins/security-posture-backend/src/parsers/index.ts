export { parseReport } from './parseReport';
export { ReportParserRegistry } from './registry';
export { validateParsedReport } from './validate';
