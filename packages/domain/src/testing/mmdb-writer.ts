import { isIPv4, isIPv6 } from 'node:net';

/**
 * A small MaxMind DB (.mmdb, format 2.0) writer, for tests: GeoLite2 files are licensed and far
 * too large to check in, and no writer is published on npm for Node. It builds an IPv6 tree (IPv4
 * networks live under ::/96, as in GeoLite2) with 24-bit records and writes maps, arrays, strings,
 * unsigned integers, doubles and booleans: everything a GeoLite2-City record holds.
 * See https://maxmind.github.io/MaxMind-DB/.
 */
export interface MmdbRecord {
  /** CIDR, e.g. "203.0.113.0/24" or "2001:db8::/32". */
  network: string;
  data: MmdbValue;
}

export type MmdbValue = string | number | boolean | MmdbValue[] | { [key: string]: MmdbValue };

export function writeMmdb(options: {
  databaseType: string;
  records: MmdbRecord[];
  languages?: string[];
  description?: string;
}): Buffer {
  type Rec = { node: number } | { data: number } | null;
  const nodes: Array<[Rec, Rec]> = [[null, null]];
  const chunks: Buffer[] = [];
  let dataSize = 0;

  for (const record of options.records) {
    const encoded = encode(record.data);
    const offset = dataSize;
    chunks.push(encoded);
    dataSize += encoded.length;
    const bits = networkBits(record.network);
    let node = 0;
    for (let i = 0; i < bits.length; i++) {
      const side = bits[i]!;
      if (i === bits.length - 1) {
        nodes[node]![side] = { data: offset };
        break;
      }
      const current = nodes[node]![side]!;
      if (current && 'node' in current) {
        node = current.node;
        continue;
      }
      // A wider network already answers here: the narrower one splits it.
      nodes.push([current, current]);
      nodes[node]![side] = { node: nodes.length - 1 };
      node = nodes.length - 1;
    }
  }

  const nodeCount = nodes.length;
  if (nodeCount + 16 + dataSize >= 2 ** 24)
    throw new Error('writeMmdb: too large for 24-bit records');
  const tree = Buffer.alloc(nodeCount * 6);
  const value = (rec: Rec) =>
    rec === null ? nodeCount : 'node' in rec ? rec.node : nodeCount + 16 + rec.data;
  nodes.forEach(([left, right], i) => {
    tree.writeUIntBE(value(left), i * 6, 3);
    tree.writeUIntBE(value(right), i * 6 + 3, 3);
  });

  const metadata = encode({
    node_count: nodeCount,
    record_size: 24,
    ip_version: 6,
    database_type: options.databaseType,
    languages: options.languages ?? ['en', 'zh-CN'],
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: Math.floor(Date.now() / 1000),
    description: { en: options.description ?? 'cardshop test database' },
  });
  return Buffer.concat([
    tree,
    Buffer.alloc(16),
    ...chunks,
    Buffer.from('abcdef4d61784d696e642e636f6d', 'hex'),
    metadata,
  ]);
}

function networkBits(cidr: string): Array<0 | 1> {
  const [address = '', lengthText] = cidr.split('/');
  const v4 = isIPv4(address);
  if (!v4 && !isIPv6(address)) throw new Error(`writeMmdb: bad network ${cidr}`);
  const bytes = v4 ? [...new Array<number>(12).fill(0), ...ipv4Bytes(address)] : ipv6Bytes(address);
  const length = (v4 ? 96 : 0) + Number(lengthText ?? (v4 ? 32 : 128));
  const bits: Array<0 | 1> = [];
  for (let i = 0; i < length; i++) bits.push(((bytes[i >> 3]! >> (7 - (i & 7))) & 1) as 0 | 1);
  return bits;
}

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

function ipv6Bytes(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const words = [...left, ...new Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return words.flatMap((w) => {
    const n = parseInt(w, 16);
    return [n >> 8, n & 0xff];
  });
}

function control(type: number, size: number): Buffer {
  const extended = type > 7;
  const head: number[] = [];
  let sizeBytes: number[] = [];
  let low: number;
  if (size < 29) low = size;
  else if (size < 285) {
    low = 29;
    sizeBytes = [size - 29];
  } else if (size < 65_821) {
    low = 30;
    sizeBytes = [(size - 285) >> 8, (size - 285) & 0xff];
  } else {
    low = 31;
    const rest = size - 65_821;
    sizeBytes = [(rest >> 16) & 0xff, (rest >> 8) & 0xff, rest & 0xff];
  }
  head.push(((extended ? 0 : type) << 5) | low);
  if (extended) head.push(type - 7);
  return Buffer.from([...head, ...sizeBytes]);
}

function unsigned(type: number, n: number): Buffer {
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.concat([control(type, bytes.length), Buffer.from(bytes)]);
}

function encode(value: MmdbValue): Buffer {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([control(2, bytes.length), bytes]);
  }
  if (typeof value === 'boolean') return control(14, value ? 1 : 0);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0) {
      return unsigned(value < 2 ** 16 ? 5 : value < 2 ** 32 ? 6 : 9, value);
    }
    const bytes = Buffer.alloc(8);
    bytes.writeDoubleBE(value);
    return Buffer.concat([control(3, 8), bytes]);
  }
  if (Array.isArray(value)) {
    return Buffer.concat([control(11, value.length), ...value.map(encode)]);
  }
  const entries = Object.entries(value);
  return Buffer.concat([
    control(7, entries.length),
    ...entries.flatMap(([k, v]) => [encode(k), encode(v)]),
  ]);
}
