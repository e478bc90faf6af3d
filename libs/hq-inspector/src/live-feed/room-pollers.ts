import type { Logger } from '@ferry/core';

/** What {@link RoomPollers} needs. */
export interface RoomPollersOptions {
  /** One poll of the cluster; its result is emitted as is. */
  poll(cluster: string): Promise<unknown>;
  /** Milliseconds between polls of this cluster, read when its room's poller starts (as HQ does). */
  intervalMs(cluster: string): Promise<number>;
  /** Sends one result to everyone in the room. */
  emit(room: string, payload: unknown): void;
  logger: Logger;
}

interface Poller {
  cluster: string;
  timer?: NodeJS.Timeout;
  stopped: boolean;
}

/**
 * One poller per room, shared by every socket in it: started by the first join, stopped when the room
 * empties or on {@link stopAll}. A failing poll is logged and the next one runs on schedule.
 */
export class RoomPollers {
  private readonly pollers = new Map<string, Poller>();

  constructor(private readonly options: RoomPollersOptions) {}

  /** Rooms that have a poller now. */
  get rooms(): string[] {
    return [...this.pollers.keys()];
  }

  /** Starts the room's poller unless it runs already. */
  start(room: string, cluster: string): void {
    if (this.pollers.has(room)) return;
    const poller: Poller = { cluster, stopped: false };
    this.pollers.set(room, poller);
    void this.run(room, poller);
  }

  /** Stops the room's poller, if any. */
  stop(room: string): void {
    const poller = this.pollers.get(room);
    if (!poller) return;
    poller.stopped = true;
    clearTimeout(poller.timer);
    this.pollers.delete(room);
  }

  /** Stops every poller. */
  stopAll(): void {
    for (const room of this.rooms) this.stop(room);
  }

  private async run(room: string, poller: Poller): Promise<void> {
    const interval = await this.options.intervalMs(poller.cluster).catch(() => 5000);
    const tick = async () => {
      try {
        const payload = await this.options.poll(poller.cluster);
        if (!poller.stopped) this.options.emit(room, payload);
      } catch (err) {
        this.options.logger.warn({ room, err: (err as Error).message }, 'live feed: polling the cluster failed');
      }
      if (!poller.stopped) poller.timer = setTimeout(() => void tick(), interval);
    };
    if (!poller.stopped) await tick();
  }
}
