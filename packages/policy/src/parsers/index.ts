export { parseDockerfile } from './dockerfile';
export type {
  DockerInstruction,
  DockerStage,
  ParsedDockerfile,
} from './dockerfile';
export { LINE_KEY, parseYamlDocuments } from './yamlDocuments';
export type { ParsedYamlFile } from './yamlDocuments';
