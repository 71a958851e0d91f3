export { EntityCampaignList, campaignPath } from './EntityCampaignList';
