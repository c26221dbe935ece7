// The address family a run uses (--family): every case runs over IPv4 and IPv6 unless told otherwise.

export const FAMILIES = ['ipv4', 'ipv6'] as const;
export type Family = (typeof FAMILIES)[number];

/** Results written before the family dimension ran over IPv4 only: an absent family is ipv4. */
export const familyOf = (r: { family?: Family | string }): Family => (r.family === 'ipv6' ? 'ipv6' : 'ipv4');

export const isFamily = (v: unknown): v is Family => v === 'ipv4' || v === 'ipv6';

/** Both roles' address in one namespace: the loopback of the family. */
export const LOOPBACK: Record<Family, string> = { ipv4: '127.0.0.1', ipv6: '::1' };

/**
 * Two hosts' addresses and prefix lengths: documentation ranges that route nowhere (IPv4 RFC 5737
 * TEST-NET-1, IPv6 RFC 3849), existing only inside the case's own namespaces.
 */
export const TWO_HOSTS: Record<Family, { server: string; client: string; prefix: number }> = {
  ipv4: { server: '192.0.2.1', client: '192.0.2.2', prefix: 24 },
  ipv6: { server: '2001:db8::1', client: '2001:db8::2', prefix: 64 },
};

/** The family an address literal belongs to. */
export const familyOfAddress = (address: string): Family => (address.includes(':') ? 'ipv6' : 'ipv4');
