/**
 * IPv6 text as Nova stores it (nova/db/types.py IPAddress → netaddr → inet_ntop): lower-case
 * hex without leading zeros, the longest run of two or more zero groups as `::`, and the last
 * 32 bits as a dotted quad for IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d)
 * addresses. Input must already be a valid IPv6 address; anything else comes back unchanged.
 */
export function shortenIpv6(text: string): string {
  const words = parseIpv6(text);
  if (!words) return text;
  let best = { base: -1, len: 0 };
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > best.len) best = { base: i, len: j - i };
    i = j;
  }
  if (best.len < 2) best = { base: -1, len: 0 };
  const v4 = best.base === 0 && (best.len === 6 || (best.len === 5 && words[5] === 0xffff));
  const hex = (from: number, to: number) => words.slice(from, to).map((w) => w.toString(16));
  const tail = v4 ? [...(best.len === 5 ? ['ffff'] : []), `${words[6] >> 8}.${words[6] & 255}.${words[7] >> 8}.${words[7] & 255}`] : null;
  if (tail) return `::${tail.join(':')}`;
  if (best.base === -1) return hex(0, 8).join(':');
  return `${hex(0, best.base).join(':')}::${hex(best.base + best.len, 8).join(':')}`;
}

function parseIpv6(text: string): number[] | null {
  let s = text;
  const tailV4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  const extra: number[] = [];
  if (tailV4) {
    const b = tailV4.slice(1).map(Number);
    if (b.some((x) => x > 255)) return null;
    extra.push((b[0] << 8) | b[1], (b[2] << 8) | b[3]);
    s = s.slice(0, -tailV4[0].length);
    if (s.endsWith(':') && !s.endsWith('::')) s = s.slice(0, -1);
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const part = (h: string) => (h === '' ? [] : h.split(':').map((g) => parseInt(g, 16)));
  const head = part(halves[0]);
  const rest = halves.length === 2 ? part(halves[1]) : [];
  const missing = 8 - extra.length - head.length - rest.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0) || [...head, ...rest].some((w) => Number.isNaN(w) || w > 0xffff)) return null;
  return [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...rest, ...extra];
}
