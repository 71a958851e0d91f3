import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import { useT } from '../common';

const EMAIL = /^[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+$/;

/**
 * The owner of a component as a catalog link, and how to reach them: the email of the owner's
 * profile in the catalog (a group's or a user's `spec.profile.email`).
 */
export function OwnerContact(props: { ownerRef: string | undefined }) {
  const t = useT();
  const catalogApi = useApi(catalogApiRef);
  const { ownerRef } = props;
  const { value: owner } = useAsync(
    async () => (ownerRef ? catalogApi.getEntityByRef(ownerRef) : undefined),
    [catalogApi, ownerRef],
  );
  if (!ownerRef) {
    return <Typography variant="body2">{t('card.noOwner')}</Typography>;
  }
  const profile = owner?.spec?.profile as { email?: unknown } | undefined;
  const email =
    typeof profile?.email === 'string' && EMAIL.test(profile.email)
      ? profile.email
      : undefined;
  return (
    <Typography variant="body2" component="div">
      <EntityRefLink entityRef={ownerRef} defaultKind="group" />
      {' · '}
      {email ? (
        <Link
          href={`mailto:${email}`}
          aria-label={`${t('card.contact')} ${email}`}
        >
          {email}
        </Link>
      ) : (
        t('card.noContact')
      )}
    </Typography>
  );
}
