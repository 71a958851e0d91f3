export {
  GoldenPathTemplatesContent,
  GoldenPathTemplatesPage,
} from './GoldenPathTemplatesPage';
