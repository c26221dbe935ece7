// Tells whoever prepares runtimes which agent builds are under way: a cold cargo, go or javac build takes seconds to a minute and must not look like a hang.
import { AsyncLocalStorage } from 'node:async_hooks';

/** One build under way: the cached artefact's name ("rust-agent") and the tool making it ("cargo"). */
export interface BuildUnderWay {
  name: string;
  tool: string;
}

/** Told when a build starts; returns what to call when it ends (built, failed or timed out). */
export type BuildListener = (build: BuildUnderWay) => () => void;

// Carried through the awaits of an adapter's prepare, so adapters pass nothing along: every build
// goes through buildCached or compileC, which ask this store who is listening.
const listeners = new AsyncLocalStorage<BuildListener>();

/** Runs `work` (an adapter's prepare) with `listener` told of every build that work starts. */
export const watchBuilds = <T>(listener: BuildListener, work: () => Promise<T>): Promise<T> => listeners.run(listener, work);

/** Said by a build as it starts (a cache hit says nothing); the returned function is said as it ends. */
export const buildStarted = (build: BuildUnderWay): (() => void) => listeners.getStore()?.(build) ?? (() => undefined);
