// Composition of the Analyzer port: Claude when ANTHROPIC_API_KEY is configured (with the offline
// analyzer as its fallback for outages and invalid output), the offline analyzer otherwise.
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Analyzer } from '../ports.js';
import { ClaudeAnalyzer } from './claude.js';
import { OfflineAnalyzer } from './offline/analyzer.js';

export type AnalyzerConfig = Pick<Config, 'anthropicApiKey' | 'anthropicBaseUrl' | 'anthropicModel' | 'anthropicTimeoutMs' | 'anthropicMaxRetries' | 'enrichmentTimeoutMs'>;

export function createAnalyzer(config: AnalyzerConfig, options: { logger?: Logger; offline?: boolean } = {}): Analyzer {
  const offline = new OfflineAnalyzer();
  if (options.offline || !config.anthropicApiKey) return offline;
  return ClaudeAnalyzer.fromConfig(config, { logger: options.logger, fallback: offline });
}

export { OfflineAnalyzer };
