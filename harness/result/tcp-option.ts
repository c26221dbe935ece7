// TCP options as results carry them, and the short text a person reads them in (tcpdump's words).

/**
 * One option of a segment's header, in header order. Kinds from IANA's "TCP Option Kind Numbers":
 * RFC 9293 §3.1 (EOL 0, NOP 1, MSS 2), RFC 7323 §2.2 and §3.2 (window scale 3, timestamps 8),
 * RFC 2018 §2 and §3 (SACK permitted 4, SACK 5). Any other kind is kept as its kind and length;
 * one whose length is impossible or runs past the header ends the list as 'malformed'.
 */
export type TcpOption =
  | { kind: 0; name: 'eol' }
  | { kind: 1; name: 'nop' }
  | { kind: 2; name: 'mss'; mss: number }
  | { kind: 3; name: 'wscale'; shift: number }
  | { kind: 4; name: 'sackOK' }
  | { kind: 5; name: 'sack'; blocks: [number, number][] }
  | { kind: 8; name: 'TS'; val: number; ecr: number }
  | MptcpOption
  | { kind: number; name: 'unknown'; length: number }
  | { kind: number; name: 'malformed'; length: number | null };

/**
 * Multipath TCP's option (kind 30, RFC 8684 §3), by subtype (the high nibble of its third byte):
 * MP_CAPABLE (its version), MP_JOIN, DSS (data ACK, data sequence number, subflow sequence number,
 * data-level length, DATA_FIN; 64-bit numbers as decimal strings, since a JSON number would round
 * them), ADD_ADDR, REMOVE_ADDR, MP_PRIO, MP_FAIL, MP_FASTCLOSE, MP_TCPRST (its reason).
 */
export type MptcpOption = {
  kind: 30;
  name: 'mptcp';
  subtype: 'capable' | 'join' | 'dss' | 'add-addr' | 'remove-addr' | 'prio' | 'fail' | 'fastclose' | 'tcprst' | `subtype-${number}`;
  length: number;
  version?: number;
  dataAck?: string;
  dataSeq?: string;
  subflowSeq?: number;
  dataLength?: number;
  dataFin?: boolean;
  reason?: number;
};

/** "mptcp capable v1", "mptcp dss ack 5 seq 9 subseq 1 len 3 fin", "mptcp fastclose": tcpdump's words (print-mptcp.c). */
const mptcpText = (o: MptcpOption): string => [
  'mptcp', o.subtype, ...(o.version === undefined ? [] : [`v${o.version}`]),
  ...(o.dataAck === undefined ? [] : [`ack ${o.dataAck}`]), ...(o.dataSeq === undefined ? [] : [`seq ${o.dataSeq}`]),
  ...(o.subflowSeq === undefined ? [] : [`subseq ${o.subflowSeq}`]), ...(o.dataLength === undefined ? [] : [`len ${o.dataLength}`]),
  ...(o.dataFin === true ? ['fin'] : []), ...(o.reason === undefined ? [] : [`reason ${o.reason}`]),
].join(' ');

/** RFC 7323 §2.3: a shift above 14 is used as 14. */
export const MAX_WSCALE = 14;

/** "mss 65495", "wscale 7", "sackOK", "TS val 1 ecr 0", "sack 1-5 9-12", "opt-30 len 4"; padding (NOP, EOL) says nothing. */
export const optionText = (o: TcpOption): string | null => {
  switch (o.name) {
    case 'eol': case 'nop': return null;
    case 'mss': return `mss ${o.mss}`;
    case 'wscale': return `wscale ${o.shift}`;
    case 'sackOK': return 'sackOK';
    case 'sack': return `sack ${o.blocks.map(([l, r]) => `${l}-${r}`).join(' ')}`;
    case 'TS': return `TS val ${o.val} ecr ${o.ecr}`;
    case 'mptcp': return mptcpText(o);
    case 'unknown': return `opt-${o.kind} len ${o.length}`;
    case 'malformed': return `opt-${o.kind} malformed${o.length === null ? '' : ` len ${o.length}`}`;
    // A name a newer sockspec may write: its kind still says which option it is.
    default: return `opt-${(o as { kind: number }).kind}`;
  }
};

/** The options worth reading, comma-separated ("" when none: older results carry no options). */
export const optionsText = (options: readonly TcpOption[] | undefined): string =>
  (options ?? []).map(optionText).filter((s) => s !== null).join(', ');

/** The window scale shift a SYN announces (RFC 7323 §2.2), or null when it carries none. */
export const announcedShift = (options: readonly TcpOption[] | undefined): number | null => {
  const ws = options?.find((o): o is Extract<TcpOption, { name: 'wscale' }> => o.name === 'wscale');
  return ws === undefined ? null : Math.min(ws.shift, MAX_WSCALE);
};
