import {
  securityPostureCampaignManagePermission,
  securityPostureScorecardReadPermission,
} from '@golden-path/plugin-security-posture-common';
import { CampaignService } from '../campaigns/CampaignService';
import { HttpAccess, pathRef, principalRef } from './auth';
import { SecurityPostureRouter } from './routerType';

const READ_DENIED =
  'not allowed to read campaigns (security-posture.scorecard.read)';
const MANAGE_DENIED =
  'not allowed to create or edit campaigns (security-posture.campaign.manage)';

/**
 * `/v1/campaigns`: campaigns and their progress. Reading them is the scorecard's permission
 * (progress lists only the components the caller may read); creating, editing and deleting them
 * is `security-posture.campaign.manage`. A component's campaigns need `security-posture.posture.read`
 * on it, as its posture does.
 *
 * @internal
 */
export function bindCampaigns(
  router: SecurityPostureRouter,
  deps: { access: HttpAccess; campaigns: CampaignService },
): void {
  const { access, campaigns } = deps;

  router.get('/v1/campaigns', async (req, res) => {
    await access.require(
      req,
      securityPostureScorecardReadPermission,
      READ_DENIED,
    );
    res.json(await campaigns.list());
  });

  router.post('/v1/campaigns', async (req, res) => {
    const credentials = await access.require(
      req,
      securityPostureCampaignManagePermission,
      MANAGE_DENIED,
    );
    res
      .status(201)
      .json(await campaigns.create(req.body, principalRef(credentials)));
  });

  router.get('/v1/campaigns/:id', async (req, res) => {
    const credentials = await access.require(
      req,
      securityPostureScorecardReadPermission,
      READ_DENIED,
    );
    res.json(await campaigns.get(req.params.id, access.visibleTo(credentials)));
  });

  router.delete('/v1/campaigns/:id', async (req, res) => {
    const credentials = await access.require(
      req,
      securityPostureCampaignManagePermission,
      MANAGE_DENIED,
    );
    await campaigns.delete(req.params.id, principalRef(credentials));
    res.status(204).end();
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/campaigns',
    async (req, res) => {
      const entityRef = pathRef(req.params);
      await access.requireRead(req, entityRef);
      res.json(await campaigns.listForEntity(entityRef));
    },
  );

  router.put('/v1/campaigns/:id', async (req, res) => {
    const credentials = await access.require(
      req,
      securityPostureCampaignManagePermission,
      MANAGE_DENIED,
    );
    res.json(
      await campaigns.update(
        req.params.id,
        req.body,
        principalRef(credentials),
      ),
    );
  });
}
