import { AppError, type Logger, type ServerHookContext } from '@ferry/core';
import type { IncomingMessage } from 'node:http';
import { Server as SocketServer, type Namespace, type Socket } from 'socket.io';
import { z } from 'zod';
import type { ClusterCaller } from '../cluster-access/cluster-caller';
import type { HqSettingsStore } from '../hq-settings/hq-settings.store';
import { nodesMetrics } from './node-metrics';
import { RoomPollers } from './room-pollers';

/** HQ's namespace and event (`HQ:elastichq/api/socket.py`). */
export const LIVE_FEED_NAMESPACE = '/ws';
const EVENT = 'event';
/** A query parameter that may carry the token on the handshake, for clients that cannot send headers. */
export const LIVE_FEED_TOKEN_PARAM = 'token';

const joinSchema = z.object({ room_name: z.string().min(1) });

/** What {@link createLiveFeed} needs. */
export interface LiveFeedOptions {
  /** The socket.io path, HQ's `/socket.io` (the UI uses `<page path>socket.io`). */
  path: string;
  caller: ClusterCaller;
  settings: HqSettingsStore;
  logger: Logger;
  /** How long one `_nodes/stats` may take, in ms (HQ: 3 s). */
  pollTimeoutMs: number;
}

/** HQ's live metrics feed, once attached to the gateway's server. */
export interface LiveFeed {
  /** The `onServer` hook. */
  attach(ctx: ServerHookContext): void;
  /** Rooms that have a poller now. */
  readonly rooms: string[];
  /** Stops the pollers and closes every socket (the gateway closes the HTTP server). */
  close(): Promise<void>;
}

/** `<cluster>::<metric>`, split on the last `::` as HQ splits it. */
function parseRoom(room: string): { cluster: string; metric: string } | undefined {
  const at = room.lastIndexOf('::');
  if (at <= 0) return undefined;
  return { cluster: room.slice(0, at), metric: room.slice(at + 2) };
}

/** HQ's `websocket_interval` (seconds) in ms; a value that is not a positive number is HQ's default 5 s, and 0.1 s is the floor. */
function intervalMs(seconds: unknown): number {
  const s = Number(seconds);
  return Number.isFinite(s) && s > 0 ? Math.max(s, 0.1) * 1000 : 5000;
}

/** Only the status and message: the request (and any token in its URL) never reach a log or a client. */
function refusal(err: unknown): string {
  return err instanceof AppError ? `${err.status} ${err.message}` : 'forbidden';
}

/** HQ's socket.io feed: `join {room_name: "<cluster>::nodes"}` → `event {data: "<JSON of node metrics>"}`. */
export function createLiveFeed(options: LiveFeedOptions): LiveFeed {
  let io: SocketServer | undefined;
  let nsp: Namespace | undefined;
  const pollers = new RoomPollers({
    poll: async (cluster) => ({ data: JSON.stringify(nodesMetrics(await options.caller.call(cluster, { path: '/_nodes/stats', timeoutMs: options.pollTimeoutMs }))) }),
    intervalMs: async (cluster) => intervalMs((await options.settings.get(cluster)).websocket_interval),
    emit: (room, payload) => nsp?.to(room).emit(EVENT, payload),
    logger: options.logger,
  });

  async function join(socket: Socket, body: unknown): Promise<void> {
    const parsed = joinSchema.safeParse(body);
    const room = parsed.success ? parseRoom(parsed.data.room_name) : undefined;
    if (!parsed.success || !room) return void socket.emit(EVENT, { error: 'join needs {"room_name": "<cluster>::nodes"}', status_code: 400 });
    try {
      await options.caller.connection(room.cluster);
    } catch (err) {
      return void socket.emit(EVENT, { error: (err as Error).message, status_code: err instanceof AppError ? err.status : 500 });
    }
    if (!socket.connected) return;
    await socket.join(parsed.data.room_name);
    // HQ only polls `nodes`; a room of another metric is joined and stays quiet.
    if (room.metric === 'nodes') pollers.start(parsed.data.room_name, room.cluster);
  }

  function onConnection(socket: Socket): void {
    socket.emit(EVENT, { connected: true });
    socket.on('join', (body: unknown) => void join(socket, body).catch((err) => options.logger.warn({ err: (err as Error).message }, 'live feed: join failed')));
    socket.on('leave', (body: unknown) => {
      const parsed = joinSchema.safeParse(body);
      if (parsed.success) void socket.leave(parsed.data.room_name);
    });
  }

  return {
    attach({ server, authenticate }) {
      const allowRequest = (req: IncomingMessage, done: (err: string | null | undefined, ok: boolean) => void) => {
        try {
          authenticate(req, { tokenQueryParams: [LIVE_FEED_TOKEN_PARAM] });
          done(null, true);
        } catch (err) {
          done(refusal(err), false);
        }
      };
      // allowEIO3: HQ's UI bundles socket.io-client 2.x (Engine.IO 3), as HQ's python-engineio 2 server spoke it.
      // Engine.IO ends an upgrade to any other path after 1 s unless something wrote to it (another hook may).
      io = new SocketServer({ path: options.path, serveClient: false, allowEIO3: true, allowRequest });
      io.attach(server);
      nsp = io.of(LIVE_FEED_NAMESPACE);
      nsp.adapter.on('delete-room', (room: string) => pollers.stop(room));
      nsp.on('connection', onConnection);
    },
    get rooms() {
      return pollers.rooms;
    },
    async close() {
      pollers.stopAll();
      nsp?.disconnectSockets(true);
      // Not io.close(): it would close the gateway's HTTP server too, which the gateway does itself.
      io?.engine.close();
    },
  };
}
