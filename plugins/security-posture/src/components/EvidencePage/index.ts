export { SecurityEvidencePage, SecurityEvidenceContent } from './EvidencePage';
