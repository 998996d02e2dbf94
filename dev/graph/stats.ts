// Counters the benchmark and tests read: API calls per route (only /v1.0 calls — not the token
// endpoint, not /_mock), throttling, injected faults and notification delivery.
export interface MockGraphStats {
  /** HTTP calls to /v1.0 (a $batch counts once here; its items are in byRoute and batchItems) */
  requests: number;
  /** "METHOD /route/{param}" → count, for HTTP calls and $batch items alike */
  byRoute: Record<string, number>;
  /** HTTP status → count over HTTP calls and $batch items */
  byStatus: Record<string, number>;
  batchItems: number;
  /** 429s from the mailbox limits (concurrency or budget), HTTP calls and $batch items */
  throttled: number;
  throttledBy: { concurrency: number; budget: number };
  faults: { error: number; throttle: number; lost: number };
  peakConcurrency: number;
  tokenRequests: number;
  validations: number;
  /** notification items delivered (2xx), counting each item once per successful POST */
  notificationsSent: number;
  notificationPosts: number;
  notificationPostFailures: number;
  notificationsDiscarded: number;
  notificationsDropped: number;
  notificationsDuplicated: number;
  lifecycleEventsSent: number;
  smtpAccepted: number;
  smtpRejected: number;
  /** calls the mailbox's own Outlook (the /_mock view) made through the Graph routes; not in `requests` */
  outlookRequests: number;
}

export function emptyStats(): MockGraphStats {
  return {
    requests: 0, byRoute: {}, byStatus: {}, batchItems: 0, throttled: 0, throttledBy: { concurrency: 0, budget: 0 },
    faults: { error: 0, throttle: 0, lost: 0 }, peakConcurrency: 0, tokenRequests: 0, validations: 0,
    notificationsSent: 0, notificationPosts: 0, notificationPostFailures: 0, notificationsDiscarded: 0,
    notificationsDropped: 0, notificationsDuplicated: 0, lifecycleEventsSent: 0, smtpAccepted: 0, smtpRejected: 0, outlookRequests: 0,
  };
}

export function bump(rec: Record<string, number>, key: string, by = 1): void {
  rec[key] = (rec[key] ?? 0) + by;
}
