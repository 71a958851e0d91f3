export { GradeBadge } from './GradeBadge';
export { NotAllowed } from './NotAllowed';
export { SafeLink } from './SafeLink';
export { SeverityChip } from './SeverityChip';
export { VisuallyHidden } from './VisuallyHidden';
export { formatDay, formatDateTime } from './formatDate';
export { useT } from './useT';
export { useCanReadPosture } from './useCanReadPosture';
export { teamLines } from './teamLines';
