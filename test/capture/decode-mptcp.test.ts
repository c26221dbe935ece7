// MPTCP's option (kind 30, RFC 8684 §3) decoded by subtype, as a capture of the mptcp net carries it; odd lengths stay data.
import t from 'tap';
import { decodeOptions } from '../../harness/capture/decode-options.ts';
import { optionsText } from '../../harness/result/tcp-option.ts';

const bytes = (...b: number[]): Buffer => Buffer.from(b);

t.test('MP_CAPABLE: its version; the SYN, SYN-ACK and third ACK of a real Linux handshake', async (t) => {
  // A SYN's MP_CAPABLE v1 (RFC 8684 §3.1: length 4, flags 0x81: A checksum off, H HMAC-SHA256).
  t.same(decodeOptions(bytes(30, 4, 0x01, 0x81)), [{ kind: 30, name: 'mptcp', subtype: 'capable', length: 4, version: 1 }]);
  const third = bytes(30, 20, 0x01, 0x81, ...Array(16).fill(7));
  t.equal(optionsText(decodeOptions(third)), 'mptcp capable v1');
  t.equal(optionsText(decodeOptions(bytes(30, 4, 0x00, 0x81))), 'mptcp capable v0', 'RFC 6824 version 0');
});

t.test('DSS: data ACK and mapping, 4- and 8-byte, DATA_FIN', async (t) => {
  // flags A (0x01): a 4-byte data ACK only.
  t.same(decodeOptions(bytes(30, 8, 0x20, 0x01, 0, 0, 1, 0)), [{ kind: 30, name: 'mptcp', subtype: 'dss', length: 8, dataAck: '256' }]);
  // flags F|m|M|A (0x1d): ack 4 bytes, DSN 8 bytes, subflow seq, data-level length, then DATA_FIN.
  const dss = bytes(30, 22, 0x20, 0x1d, 0, 0, 0, 9, 0xff, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1);
  t.same(decodeOptions(dss), [{ kind: 30, name: 'mptcp', subtype: 'dss', length: 22, dataAck: '9', dataSeq: '18374686479671623681', subflowSeq: 0, dataLength: 1, dataFin: true }]);
  t.equal(optionsText(decodeOptions(dss)), 'mptcp dss ack 9 seq 18374686479671623681 subseq 0 len 1 fin', 'a 64-bit number kept whole as text');
  // 8-byte data ACK (a|A: 0x03), no mapping.
  t.equal(optionsText(decodeOptions(bytes(30, 12, 0x20, 0x03, 0, 0, 0, 0, 0, 0, 0, 5))), 'mptcp dss ack 5');
  t.same(decodeOptions(bytes(30, 6, 0x20, 0x03, 0, 0)), [{ kind: 30, name: 'mptcp', subtype: 'dss', length: 6 }], 'a mapping cut short is left out, not misread');
});

t.test('the other subtypes by name; MP_TCPRST its reason; too short or unknown stays data', async (t) => {
  t.equal(optionsText(decodeOptions(bytes(30, 12, 0x70, 0, 1, 2, 3, 4, 5, 6, 7, 8))), 'mptcp fastclose');
  t.equal(optionsText(decodeOptions(bytes(30, 4, 0x80, 0x06))), 'mptcp tcprst reason 6');
  t.equal(optionsText(decodeOptions(bytes(30, 3, 0x10))), 'mptcp join');
  t.equal(optionsText(decodeOptions(bytes(30, 4, 0xf0, 0))), 'mptcp subtype-15');
  t.same(decodeOptions(bytes(30, 2)), [{ kind: 30, name: 'unknown', length: 2 }], 'no subtype byte: kept as kind and length');
  t.same(decodeOptions(bytes(30, 9, 0x20)), [{ kind: 30, name: 'malformed', length: 9 }], 'a length past the header ends the list');
});
