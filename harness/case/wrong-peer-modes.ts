// The ways the self-tests' wrong peer can bend one op: a case's `wrongPeer.mode` must name one of them.
import { oneOf } from './shape-checks.ts';

/**
 * Each is a module test/fixtures/runtimes/wrong-peer/modes/<mode>.mjs; the model holds the names
 * as data (it never reads the fixtures), and test/case/wrong-peer-modes.test.ts checks the two agree.
 */
export const WRONG_PEER_MODES = [
  'abort-closes',
  'accept-before-listener-close',
  'blocking-recv-sends',
  'close-aborts',
  'close-drains',
  'close-half',
  'disconnect-shuts-down',
  'listen-reuses',
  'reserve-listens',
  'shutdown-both',
  'shutdown-ignored',
] as const;

/** One mode, checked against the list with the likely one suggested. */
export const wrongPeerMode = oneOf(...WRONG_PEER_MODES);
