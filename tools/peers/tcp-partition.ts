import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP hop between a node and a server (127.0.0.1) that a test can break: `hold` stops the packets both
 * ways without a reset (a partition, or a SIGSTOP'd peer), `heal` lets them through again, `kill` resets
 * every connection and refuses new ones (the node's process died: the server sees its sessions end).
 */
export class TcpPartition {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private held = false;
  private dead = false;

  constructor(private readonly target: number) {
    this.server = createServer((inbound) => {
      if (this.dead) return void inbound.resetAndDestroy();
      const outbound = connect(this.target, '127.0.0.1');
      for (const s of [inbound, outbound]) {
        this.sockets.add(s);
        s.on('error', () => undefined).on('close', () => this.sockets.delete(s));
        if (this.held) s.pause();
      }
      inbound.pipe(outbound).pipe(inbound);
    });
  }

  /** Starts listening on a free port; returns it. */
  async listen(): Promise<number> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return (this.server.address() as AddressInfo).port;
  }

  hold(): void {
    this.held = true;
    for (const s of this.sockets) s.pause();
  }

  heal(): void {
    this.held = false;
    for (const s of this.sockets) s.resume();
  }

  kill(): void {
    this.dead = true;
    for (const s of this.sockets) s.resetAndDestroy();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((r) => this.server.close(r));
  }
}
