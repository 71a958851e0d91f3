import {
  securityPostureCampaignManagePermission,
  securityPostureScorecardReadPermission,
} from '@golden-path/plugin-security-posture-common';
import { CampaignService } from '../campaigns/CampaignService';
import { HttpAccess, principalRef } from './auth';
import { SecurityPostureRouter } from './routerType';

const READ_DENIED =
  'not allowed to read campaigns (security-posture.scorecard.read)';
const MANAGE_DENIED =
  'not allowed to create or edit campaigns (security-posture.campaign.manage)';

/**
 * `/v1/campaigns`: campaigns and their progress. Reading them is the scorecard's permission
 * (progress lists only the components the caller may read); creating and editing them is
 * `security-posture.campaign.manage`.
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
