export { EntityCampaignList } from './EntityCampaignList';
