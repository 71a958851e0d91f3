export {
  SecurityCampaignsPage,
  SecurityCampaignsContent,
} from './CampaignsPage';
