import { describe, expect, it } from 'vitest';
import { parseHostJson, parseTimeSpan, resolveAppSettings } from './settings.js';
import { decodeMessageText, messageValue } from './queues.js';
import { parseSchedule } from './timers.js';

describe('host settings', () => {
  it('reads TimeSpans as host.json writes them', () => {
    expect(parseTimeSpan('00:00:10')).toBe(10_000);
    expect(parseTimeSpan('1.02:00:00')).toBe(26 * 3600_000);
    expect(parseTimeSpan('00:00:00.5')).toBe(500);
    expect(() => parseTimeSpan('10s')).toThrow(/not a TimeSpan/);
  });

  it('fills the queue extension defaults and derives newBatchThreshold from batchSize', () => {
    const s = parseHostJson({ version: '2.0', extensions: { queues: { batchSize: 8 } } });
    expect(s.queues).toEqual({ batchSize: 8, newBatchThreshold: 4, maxDequeueCount: 5, visibilityTimeout: 0, maxPollingInterval: 60_000, messageEncoding: 'base64' });
    expect(s.routePrefix).toBe('api');
  });

  it('rejects a host.json the runtime would reject', () => {
    expect(() => parseHostJson({ version: '2.0', extensions: { queues: { batchSize: 64 } } })).toThrow(/batchSize/);
  });

  it('resolves %SETTING% from the environment, then from the config defaults', () => {
    expect(resolveAppSettings('%QUEUE_NAME%', { QUEUE_NAME: 'work' })).toBe('work');
    expect(resolveAppSettings('%QUEUE_NAME%', {})).toBe('tickets');
    expect(() => resolveAppSettings('%NOT_A_SETTING_X%', {})).toThrow(/NOT_A_SETTING_X/);
  });
});

describe('queue message decoding', () => {
  it('decodes base64 and passes JSON objects parsed, other text as a string', () => {
    const text = decodeMessageText(Buffer.from('{"messageId":"m1"}').toString('base64'), 'base64');
    expect(messageValue(text!)).toEqual({ messageId: 'm1' });
    expect(messageValue('42')).toBe('42');
    expect(messageValue('{not json')).toBe('{not json');
  });

  it('reports text that is not base64 as undecodable', () => {
    expect(decodeMessageText('{"raw":true}', 'base64')).toBeUndefined();
    expect(decodeMessageText('{"raw":true}', 'none')).toBe('{"raw":true}');
  });
});

describe('timer schedules', () => {
  it('reads six-field NCRONTAB with seconds, in UTC', () => {
    const s = parseSchedule('*/15 * * * * *');
    expect(s.next(new Date('2026-01-01T00:00:07Z')).toISOString()).toBe('2026-01-01T00:00:15.000Z');
    expect(parseSchedule('0 30 9 * * 1-5').next(new Date('2026-01-03T00:00:00Z')).toISOString()).toBe('2026-01-05T09:30:00.000Z');
  });

  it('reads TimeSpan intervals', () => {
    expect(parseSchedule('00:00:15').next(new Date('2026-01-01T00:00:00Z')).toISOString()).toBe('2026-01-01T00:00:15.000Z');
  });

  it('rejects five-field cron with a specific message', () => {
    expect(() => parseSchedule('*/5 * * * *')).toThrow(/6 fields/);
  });
});
