import { ReactNode } from 'react';

const style = {
  border: 0,
  clip: 'rect(0 0 0 0)',
  height: 1,
  margin: -1,
  overflow: 'hidden',
  padding: 0,
  position: 'absolute',
  whiteSpace: 'nowrap',
  width: 1,
} as const;

/** Text for screen readers only. */
export function VisuallyHidden(props: { children: ReactNode }) {
  return <span style={style}>{props.children}</span>;
}
