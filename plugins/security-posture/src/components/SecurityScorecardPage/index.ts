export {
  SecurityScorecardContent,
  SecurityScorecardPage,
} from './SecurityScorecardPage';
