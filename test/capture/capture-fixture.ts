// A real capture and its inject steps (fixtures/challenge-ack-in-window.c.json), decoded as the engine decodes them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeSegment, type RawSegment } from '../../harness/capture/decode-segment.ts';
import { PcapReader } from '../../harness/capture/pcap-reader.ts';
import type { StepRecord } from '../../harness/result/case-result.ts';

interface Fixture {
  serverPorts: number[];
  pcapBase64: string;
  injectSteps: StepRecord[];
}

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'challenge-ack-in-window.c.json');

/** The run's packets as captured, its segments decoded, its server port and its two inject steps (fresh copies). */
export const challengeAckRun = (): { packets: Buffer[]; raw: RawSegment[]; serverPorts: number[]; injectSteps: StepRecord[] } => {
  const fixture = JSON.parse(readFileSync(FILE, 'utf8')) as Fixture;
  const records = new PcapReader().push(Buffer.from(fixture.pcapBase64, 'base64'));
  const raw = records.map((r) => decodeSegment(r.data, r.timeMs, r.origLen)).filter((s) => s !== null);
  return { packets: records.map((r) => r.data), raw, serverPorts: fixture.serverPorts, injectSteps: fixture.injectSteps };
};
