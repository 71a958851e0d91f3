import useAsync from 'react-use/esm/useAsync';
import {
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  getEntityRelations,
  useEntity,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import { securityPostureApiRef } from '../../api';
import { NotAllowed, useCanReadPosture, useT } from '../common';
import { AwaitingFirstScan } from './AwaitingFirstScan';
import { PostureSummary } from './PostureSummary';

/**
 * Props of {@link EntitySecurityPostureCard}.
 *
 * @public
 */
export interface EntitySecurityPostureCardProps {
  /**
   * Where the "awaiting first scan" state links to for instructions on uploading scanner reports
   * (an http(s) URL or an app path). No link when unset.
   */
  docsUrl?: string;
}

/**
 * The security posture of the current component for its overview page: grade and score, open
 * findings by severity, SLA breaches, top findings, owner, scanner coverage and template.
 *
 * @public
 */
export function EntitySecurityPostureCard(
  props: EntitySecurityPostureCardProps,
) {
  const t = useT();
  const { entity } = useEntity();
  const api = useApi(securityPostureApiRef);
  const entityLink = useEntityRefLink();
  const entityRef = stringifyEntityRef(entity);
  const permission = useCanReadPosture(entityRef);
  const { value, loading, error } = useAsync(
    async () => (permission.allowed ? api.getPosture(entityRef) : undefined),
    [api, entityRef, permission.allowed],
  );
  // the campaigns it is in: a failure here leaves the rest of the card as it is
  const campaigns = useAsync(
    async () =>
      permission.allowed ? api.listEntityCampaigns(entityRef) : undefined,
    [api, entityRef, permission.allowed],
  );

  let content;
  if (
    permission.loading ||
    loading ||
    (permission.allowed && !value && !error)
  ) {
    content = <Progress />;
  } else if (!permission.allowed) {
    content = <NotAllowed />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value || value.state !== 'scanned') {
    content = (
      <AwaitingFirstScan
        state={value?.state ?? 'not-enrolled'}
        entityRef={entityRef}
        docsUrl={props.docsUrl}
      />
    );
  } else {
    content = (
      <PostureSummary
        posture={value}
        campaigns={campaigns.value?.items}
        ownerRef={
          value.owner ??
          getEntityRelations(entity, RELATION_OWNED_BY).map(ref =>
            stringifyEntityRef(ref),
          )[0]
        }
      />
    );
  }

  return (
    <InfoCard
      title={t('card.title')}
      deepLink={
        value?.state === 'scanned'
          ? {
              title: t('card.viewFindings'),
              link: `${entityLink(entity)}/security`,
            }
          : undefined
      }
    >
      {content}
    </InfoCard>
  );
}
