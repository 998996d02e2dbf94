// Timer triggers are singletons across the instances of a Functions app: the runtime's timer
// listener takes a blob lease (container azure-webjobs-hosts, blob locks/<hostId>/<function>.Listener)
// and only the instance holding it runs the schedule; it renews the lease while it lives, and the
// other instances try to take it over periodically (listenerLockRecoveryPollingInterval, 1 minute
// by default). A holder that dies stops renewing, so its lease runs out (15 s) and another instance
// takes over. The local host does the same against Azurite, so several local hosts (WORLD_HOSTS)
// run each timer once, not once per host.
import { BlobServiceClient, type BlobLeaseClient, type ContainerClient } from '@azure/storage-blob';
import type { Logger } from '../../shared/log.js';
import { Alarm } from './alarm.js';

export interface ListenerLockOptions {
  storageConnection: string;
  /** All instances of one app share it (Azure derives it from the app name). */
  hostId: string;
  functionName: string;
  leaseSeconds?: number;
  /** How often an instance without the lock tries to take it. */
  recoveryPollMs?: number;
  log: Logger;
}

const statusOf = (err: unknown) => (err as { statusCode?: number })?.statusCode;

export class ListenerLock {
  private readonly container: ContainerClient;
  private readonly blobName: string;
  private readonly leaseSeconds: number;
  private readonly recoveryPollMs: number;
  private lease: BlobLeaseClient | undefined;
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private readonly alarm = new Alarm();

  constructor(private readonly o: ListenerLockOptions) {
    this.container = BlobServiceClient.fromConnectionString(o.storageConnection).getContainerClient('azure-webjobs-hosts');
    this.blobName = `locks/${o.hostId}/Host.Functions.${o.functionName}.Listener`;
    this.leaseSeconds = o.leaseSeconds ?? 15;
    this.recoveryPollMs = o.recoveryPollMs ?? 5000;
  }

  get held(): boolean {
    return this.lease !== undefined;
  }

  /** Runs `onAcquired` each time this instance takes the lock and `onLost` when it loses it. */
  start(onAcquired: () => void, onLost: () => void): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop(onAcquired, onLost);
  }

  /** Stops trying and releases the lock, so another instance takes over at once. */
  async stop(): Promise<void> {
    this.running = false;
    this.alarm.wake();
    await this.loopDone;
    const lease = this.lease;
    this.lease = undefined;
    await lease?.releaseLease().catch(() => undefined);
  }

  private async tryAcquire(): Promise<BlobLeaseClient | undefined> {
    await this.container.createIfNotExists();
    const blob = this.container.getBlockBlobClient(this.blobName);
    await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } }).catch((err: unknown) => {
      if (statusOf(err) !== 409 && statusOf(err) !== 412) throw err;
    });
    const lease = blob.getBlobLeaseClient();
    try {
      await lease.acquireLease(this.leaseSeconds);
      return lease;
    } catch (err) {
      if (statusOf(err) === 409) return undefined; // another instance holds it
      throw err;
    }
  }

  private async loop(onAcquired: () => void, onLost: () => void): Promise<void> {
    const log = this.o.log.child({ function: this.o.functionName });
    while (this.running) {
      if (!this.lease) {
        try {
          this.lease = await this.tryAcquire();
        } catch (err) {
          log.warn('taking the timer lock failed', { err });
        }
        if (!this.running) break;
        if (this.lease) {
          log.info('timer lock taken: this instance runs the schedule');
          onAcquired();
        } else {
          await this.alarm.sleep(this.recoveryPollMs);
        }
        continue;
      }
      await this.alarm.sleep((this.leaseSeconds * 1000) / 3);
      if (!this.running) break;
      try {
        await this.lease.renewLease();
      } catch (err) {
        log.warn('timer lock lost: another instance runs the schedule now', { err });
        this.lease = undefined;
        onLost();
      }
    }
  }
}
