// Composition of the Analyzer port: Claude when ANTHROPIC_API_KEY is configured (with the offline
// analyzer as its fallback for outages and invalid output), the offline analyzer otherwise.
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Analyzer } from '../ports.js';
import type { ClaudeAnalyzer } from './claude.js';
import { OfflineAnalyzer } from './offline/analyzer.js';

export type AnalyzerConfig = Pick<Config, 'anthropicApiKey' | 'anthropicBaseUrl' | 'anthropicModel' | 'anthropicTimeoutMs' | 'anthropicMaxRetries' | 'enrichmentTimeoutMs'>;

export function createAnalyzer(config: AnalyzerConfig, options: { logger?: Logger; offline?: boolean } = {}): Analyzer {
  const offline = new OfflineAnalyzer();
  if (options.offline || !config.anthropicApiKey) return offline;
  // The Anthropic SDK is loaded with the first mail, not when the host starts.
  let claude: Promise<ClaudeAnalyzer> | undefined;
  return {
    name: 'claude',
    analyze: async (input) => {
      claude ??= import('./claude.js').then((m) => m.ClaudeAnalyzer.fromConfig(config, { logger: options.logger, fallback: offline }));
      return (await claude).analyze(input);
    },
  };
}

export { OfflineAnalyzer };
