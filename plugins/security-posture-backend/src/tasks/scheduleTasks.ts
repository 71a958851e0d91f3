import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { FindingProvider } from '@golden-path/plugin-security-posture-node';
import { PostureConfig } from '../config';
import { validateParsedReport } from '../parsers';
import { ExploitSignals } from '../priority/ExploitSignals';
import { refreshExploitSignals } from '../priority/refresh';
import { PostureServices } from '../services';

/**
 * The plugin's scheduled work, each task run once at a time across replicas by Backstage's
 * scheduler: the daily snapshot, the daily campaign evaluation and notices, the exploitation-data refresh (when sources are configured: it
 * writes the database rows every replica ranks from, then re-ranks the stored findings), the
 * advisory refresh (the shipped OSV seed and the configured exports stored, then the components
 * that new or changed advisories concern matched again) and every finding provider's pull.
 *
 * @internal
 */
export async function scheduleTasks(options: {
  scheduler: SchedulerService;
  logger: LoggerService;
  config: PostureConfig;
  services: PostureServices;
  intel: ExploitSignals;
  providers: FindingProvider[];
}): Promise<void> {
  const { scheduler, logger, config, services, intel } = options;
  await scheduler.scheduleTask({
    id: 'security-posture-daily-snapshot',
    frequency: { cron: config.snapshotCron },
    timeout: { minutes: 30 },
    fn: async () => {
      await services.tasks.snapshotAll();
    },
  });
  const campaigns = services.campaignEvaluator;
  if (campaigns) {
    await scheduler.scheduleTask({
      id: 'security-posture-campaigns-daily',
      frequency: { cron: config.campaigns.evaluateCron },
      timeout: { minutes: 30 },
      fn: async () => {
        // every live campaign evaluated and today's day row written, then the notices due sent
        await campaigns.daily();
      },
    });
  }
  if (config.priority.kevUrl || config.priority.epssUrl) {
    await scheduler.scheduleTask({
      id: 'security-posture-exploit-intel-refresh',
      frequency: { cron: config.priority.refreshCron },
      timeout: { minutes: 15 },
      initialDelay: { seconds: 30 },
      fn: async signal => {
        // the rows every replica ranks from, then the stored findings ranked with them
        await refreshExploitSignals({
          signals: intel,
          kevUrl: config.priority.kevUrl,
          epssUrl: config.priority.epssUrl,
          logger,
          signal,
        });
        await services.tasks.rerankAll();
      },
    });
  }
  const advisories = services.advisories;
  if (
    advisories &&
    (config.advisories.seed || config.advisories.sources.length)
  ) {
    await scheduler.scheduleTask({
      id: 'security-posture-advisory-refresh',
      frequency: { cron: config.advisories.refreshCron },
      timeout: { minutes: 30 },
      initialDelay: { seconds: 10 },
      fn: async signal => {
        // the advisories every replica matches with, then the components they concern matched
        await advisories.refresh(signal);
      },
    });
  }
  for (const provider of options.providers) {
    await scheduler.scheduleTask({
      id: `security-posture-provider-${provider.id}`,
      frequency: { hours: 1 },
      timeout: { minutes: 30 },
      initialDelay: { minutes: 1 },
      ...provider.schedule,
      fn: async signal => {
        const pulled = await provider.pull({ signal });
        for (const item of pulled) {
          try {
            await services.ingest.ingestParsed({
              ...item,
              // provider output is as untrusted as an upload
              report: validateParsedReport(item.report),
              uploadedBy: `provider:${provider.id}`,
            });
          } catch (error) {
            logger.warn(
              `security-posture: provider ${provider.id} could not apply its report for ${item.entityRef}: ${error}`,
            );
          }
        }
      },
    });
  }
}
