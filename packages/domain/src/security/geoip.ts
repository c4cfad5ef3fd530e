import { BlockList, isIP } from 'node:net';
import { open, type CityResponse, type CountryResponse, type Reader } from 'maxmind';
import type { Logger } from '../logger.js';

/**
 * Approximate locations of client addresses, from a GeoLite2-City or GeoLite2-Country database
 * (GEOIP_DATABASE). Shown beside sessions and sign-ins so a person can spot "that was not me";
 * never used for a security decision. Without a database there is no location at all: a made-up
 * or guessed place would mislead more than a blank.
 */
export type LocationLang = 'zh-CN' | 'en';

/** Something that reads .mmdb records: maxmind's Reader, or a test's own. */
export interface GeoRecordReader {
  get(ip: string): CityResponse | CountryResponse | null;
}

export interface GeoIp {
  /** Whether a database is configured (when not, every answer is null). */
  readonly enabled: boolean;
  /**
   * "中国 广东 深圳" (names in Chinese when the database has them), "本地网络" for private,
   * loopback and link-local addresses, or null: no database, not an address, or not in it.
   */
  locateIp(ip: string | null | undefined, lang?: LocationLang): Promise<string | null>;
}

const LOCAL_NETWORK: Record<LocationLang, string> = { 'zh-CN': '本地网络', en: 'Local network' };

const local = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  local.addSubnet(net, prefix, 'ipv4');
}
local.addAddress('::', 'ipv6');
local.addAddress('::1', 'ipv6');
local.addSubnet('fc00::', 7, 'ipv6');
local.addSubnet('fe80::', 10, 'ipv6');

/** One spelling per address: an IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d. */
function normalise(ip: string): string {
  const trimmed = ip.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed;
}

export function isLocalAddress(ip: string): boolean {
  const address = normalise(ip);
  const family = isIP(address);
  if (family === 0) return false;
  return local.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

type Names = Partial<Record<string, string>> | undefined;

function pick(names: Names, lang: LocationLang): string | null {
  if (!names) return null;
  return (lang === 'en' ? (names.en ?? names['zh-CN']) : (names['zh-CN'] ?? names.en)) ?? null;
}

/** "中国 广东 深圳": country, first subdivision, city, each in the page's language when known. */
export function formatLocation(
  record: CityResponse | CountryResponse | null,
  lang: LocationLang = 'zh-CN',
): string | null {
  if (!record) return null;
  const city = 'city' in record ? record.city : undefined;
  const subdivisions = 'subdivisions' in record ? record.subdivisions : undefined;
  const parts = [
    pick((record.country ?? record.registered_country)?.names as Names, lang),
    pick(subdivisions?.[0]?.names as Names, lang),
    pick(city?.names as Names, lang),
  ].filter((p): p is string => Boolean(p));
  // 北京 北京 → 北京: a city-state's subdivision and city share a name.
  const unique = parts.filter((p, i) => p !== parts[i - 1]);
  return unique.length ? unique.join(' ') : null;
}

/** A locator over a reader the caller opened (tests, or a database already in memory). */
export function geoIpFromReader(reader: GeoRecordReader | null, logger?: Logger): GeoIp {
  return {
    enabled: reader !== null,
    locateIp(ip, lang = 'zh-CN') {
      return Promise.resolve(locateWith(reader, ip, lang, logger));
    },
  };
}

function locateWith(
  reader: GeoRecordReader | null,
  ip: string | null | undefined,
  lang: LocationLang,
  logger?: Logger,
): string | null {
  if (!reader || !ip) return null;
  const address = normalise(ip);
  if (isIP(address) === 0) return null;
  if (isLocalAddress(address)) return LOCAL_NETWORK[lang];
  try {
    return formatLocation(reader.get(address), lang);
  } catch (error) {
    logger?.warn({ err: error, ip: address }, 'geoip lookup failed');
    return null;
  }
}

const opened = new Map<string, GeoIp>();

/**
 * The locator for a GEOIP_DATABASE path (or none). The file is read once per process, on first
 * use; a missing or unreadable file is logged once and then answers null, so a bad download
 * never takes sign-in or the account pages down.
 */
export function geoIp(database: string | undefined | null, logger?: Logger): GeoIp {
  if (!database) return NO_DATABASE;
  const known = opened.get(database);
  if (known) return known;
  let reader: Promise<Reader<CityResponse> | null> | null = null;
  const load = () =>
    (reader ??= open<CityResponse>(database, { cache: { max: 5_000 } }).catch((error: unknown) => {
      logger?.error(
        { err: error, database },
        'GEOIP_DATABASE could not be opened; locations are off',
      );
      return null;
    }));
  const locator: GeoIp = {
    enabled: true,
    async locateIp(ip, lang = 'zh-CN') {
      if (!ip) return null;
      return locateWith(await load(), ip, lang, logger);
    },
  };
  opened.set(database, locator);
  return locator;
}

const NO_DATABASE: GeoIp = geoIpFromReader(null);

/** The locator of this process's configuration: `locateIp(ip)` with GEOIP_DATABASE. */
export function geoIpOf(runtime: {
  env: { GEOIP_DATABASE?: string | undefined };
  logger?: Logger;
}): GeoIp {
  return geoIp(runtime.env.GEOIP_DATABASE, runtime.logger);
}

/** Locations of many addresses at once (each distinct address looked up once). */
export async function locateIps(
  geo: GeoIp,
  ips: Array<string | null | undefined>,
  lang: LocationLang = 'zh-CN',
): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  if (!geo.enabled) return out;
  for (const ip of new Set(ips.filter((i): i is string => Boolean(i)))) {
    out.set(ip, await geo.locateIp(ip, lang));
  }
  return out;
}
