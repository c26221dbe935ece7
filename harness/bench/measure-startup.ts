// Agent start-up: spawn to hello, then the end ladder's first rung (stdin EOF → exit), one agent at a time.
import { AgentProcess } from '../channel/agent-process.ts';
import type { AgentCommand } from '../adapters/adapter.ts';

/** Times (ms) from spawn to the hello line, `n` agents started one after another. */
export const measureStartup = async (runtime: string, command: () => AgentCommand, n: number): Promise<number[] | { error: string }> => {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const started = await AgentProcess.start({ role: 'server', runtime, command: command() });
    if ('trouble' in started) return { error: started.trouble.message };
    times.push(performance.now() - t0);
    await started.agent.end();
  }
  return times;
};
