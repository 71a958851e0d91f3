import { ReactNode } from 'react';
import Link from '@mui/material/Link';
import { safeHttpUrl } from '../../lib/safeUrl';

/**
 * A link to an external page given by scanner data. Rendered only when the URL parses as
 * http(s); otherwise the children are rendered as plain text (or nothing when `fallback` is
 * false). Opens in a new tab without giving the page access to this one.
 */
export function SafeLink(props: {
  href: string | null | undefined;
  children: ReactNode;
  fallback?: boolean;
}) {
  const url = safeHttpUrl(props.href);
  if (!url) {
    return props.fallback === false ? null : <>{props.children}</>;
  }
  return (
    <Link href={url} target="_blank" rel="noopener noreferrer">
      {props.children}
    </Link>
  );
}
