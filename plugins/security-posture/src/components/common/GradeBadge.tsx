import Box from '@mui/material/Box';
import { Grade } from '@golden-path/plugin-security-posture-common';
import { useT } from './useT';
import { VisuallyHidden } from './VisuallyHidden';

const BACKGROUND: Record<Grade, string> = {
  A: 'success.dark',
  B: 'success.main',
  C: 'warning.dark',
  D: 'error.main',
  F: 'error.dark',
};

/**
 * A grade as a letter badge: the letter is the content (screen readers hear "Grade B"), the
 * colour only reinforces it. A missing grade reads "Not graded".
 */
export function GradeBadge(props: {
  grade: Grade | null;
  size?: 'small' | 'large';
}) {
  const t = useT();
  const { grade, size = 'small' } = props;
  const dimension = size === 'large' ? 56 : 28;
  return (
    <Box
      component="span"
      data-testid="grade-badge"
      sx={{
        display: 'inline-flex',
        alignItems: 'center',
        justifyContent: 'center',
        minWidth: dimension,
        height: dimension,
        px: grade ? 0 : 1,
        borderRadius: 1,
        fontWeight: 700,
        fontSize: size === 'large' ? '1.75rem' : '0.95rem',
        bgcolor: grade ? BACKGROUND[grade] : 'action.disabledBackground',
        color: grade ? 'common.white' : 'text.secondary',
        border: 1,
        borderColor: 'divider',
      }}
    >
      {grade ? (
        <>
          <VisuallyHidden>{t('grade.label', { grade })}</VisuallyHidden>
          <span aria-hidden>{grade}</span>
        </>
      ) : (
        t('grade.none')
      )}
    </Box>
  );
}
