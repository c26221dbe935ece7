// A real TCP listener in its own process, started through a prefix (e.g. nsenter into a namespace).
import { execa } from 'execa';

/** Accepts every connection, writes `token` to it and closes it. */
const LISTENER = `
const server = require('node:net').createServer((c) => c.end(process.argv[1]));
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

/** A running listener: its port, and a stop that ends its process by pid and waits for the exit. */
export interface Listener {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** Starts the listener and waits for it to print its port (an event, not a delay). */
export const listenIn = async (prefix: string[], token: string): Promise<Listener> => {
  const [file, ...args] = [...prefix, process.execPath, '-e', LISTENER, token];
  const child = execa(file!, args, { buffer: false, reject: false, stdin: 'ignore', stdout: 'pipe', stderr: 'pipe' });
  const stop = async (): Promise<void> => {
    child.kill('SIGKILL');
    await child;
  };
  const port = await new Promise<number | string>((resolve) => {
    child.stdout?.once('data', (c: Buffer) => resolve(Number(String(c).trim())));
    void child.then((r) => resolve(`listener exited early: ${String(r.stderr ?? '')} ${r.shortMessage ?? ''}`));
  });
  if (typeof port === 'string' || child.pid === undefined) {
    await stop();
    throw new Error(String(port));
  }
  return { port, pid: child.pid, stop };
};
