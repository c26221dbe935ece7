// Prepares every runtime a run asks for at once, telling the observer as each is ready and as each agent build starts and ends.
import type { RuntimeAdapter } from '../adapters/adapter.ts';
import { prepareSelector, type PreparedRuntime } from '../adapters/prepare-runtimes.ts';
import { parseSelector } from '../adapters/runtime-selector.ts';
import { watchBuilds } from '../toolchain/build-watch.ts';
import type { RunObserver } from './run-observer.ts';

/**
 * Each selector's prepared runtimes, by selector text. The observer hears `runtimes` once at the
 * start, then on every runtime ready and every build started or ended ("rust: rust-agent (cargo)").
 */
export const prepareWithProgress = async (selectors: string[], adapters: RuntimeAdapter[], cacheDir: string, observer: RunObserver): Promise<Map<string, PreparedRuntime[]>> => {
  const prepared = new Map<string, PreparedRuntime[]>();
  const waiting = new Set(selectors);
  const building: string[] = [];
  const tell = (): void => observer.preparing?.({ phase: 'runtimes', runtimes: { total: selectors.length, ready: prepared.size, waiting: [...waiting], building: [...building] } });
  tell();
  await Promise.all(selectors.map(async (text) => {
    const sel = parseSelector(text);
    if ('problem' in sel) throw new Error(`harness fault: an unchecked runtime selector reached the run: ${sel.problem}`);
    const adapter = adapters.find((a) => a.name === sel.name)!;
    const listener = ({ name, tool }: { name: string; tool: string }): (() => void) => {
      const what = `${text}: ${name}${tool === '' ? '' : ` (${tool})`}`;
      building.push(what);
      tell();
      return () => {
        building.splice(building.indexOf(what), 1);
        tell();
      };
    };
    prepared.set(text, await watchBuilds(listener, () => prepareSelector(sel, adapter, cacheDir)));
    waiting.delete(text);
    tell();
  }));
  return prepared;
};
