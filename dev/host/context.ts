// Builds the InvocationContext a function receives (as the Azure worker does) and routes
// `context.log/warn/error` into the structured log, tagged with function name and invocation id.
import { randomUUID } from 'node:crypto';
import { format } from 'node:util';
import azf from '@azure/functions';
import type { InvocationContext, LogLevel, TriggerMetadata } from '@azure/functions';
import type { Level, Logger } from '../../shared/log.js';

const { InvocationContext: Ctx } = azf;

export type TriggerType = 'httpTrigger' | 'queueTrigger' | 'timerTrigger';

function toLevel(level: LogLevel): Level | undefined {
  switch (level) {
    case 'trace':
    case 'debug':
      return 'debug';
    case 'information':
      return 'info';
    case 'warning':
      return 'warn';
    case 'error':
    case 'critical':
      return 'error';
    case 'none':
      return undefined;
  }
}

export function createInvocationContext(opts: {
  functionName: string;
  trigger: TriggerType;
  triggerMetadata: TriggerMetadata;
  log: Logger;
}): { context: InvocationContext; invocationId: string; log: Logger } {
  const invocationId = randomUUID();
  const log = opts.log.child({ function: opts.functionName, invocationId });
  const context = new Ctx({
    invocationId,
    functionName: opts.functionName,
    triggerMetadata: opts.triggerMetadata,
    options: { trigger: { type: opts.trigger, name: opts.trigger === 'httpTrigger' ? 'httpTrigger1' : `${opts.trigger}1` } },
    logHandler: (level, ...args) => {
      const l = toLevel(level);
      if (l) log[l](format(...args));
    },
  });
  return { context, invocationId, log };
}
