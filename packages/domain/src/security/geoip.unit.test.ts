import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { writeMmdb } from '../testing/mmdb-writer.js';
import { formatLocation, geoIp, geoIpFromReader, isLocalAddress, locateIps } from './geoip.js';

const names = (zh: string | null, en: string): Record<string, string> =>
  zh ? { 'zh-CN': zh, en } : { en };

function cityDatabase(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'geoip-')), 'GeoLite2-City.mmdb');
  writeFileSync(
    file,
    writeMmdb({
      databaseType: 'GeoLite2-City',
      records: [
        {
          network: '203.0.113.0/24',
          data: {
            country: { iso_code: 'CN', names: names('中国', 'China') },
            subdivisions: [{ iso_code: 'GD', names: names('广东', 'Guangdong') }],
            city: { names: names('深圳', 'Shenzhen') },
          },
        },
        {
          network: '198.51.100.0/24',
          data: {
            country: { iso_code: 'CN', names: names('中国', 'China') },
            subdivisions: [{ names: names('北京', 'Beijing') }],
            city: { names: names('北京', 'Beijing') },
          },
        },
        {
          // Only English names, as for many small places in GeoLite2.
          network: '192.0.2.0/25',
          data: {
            country: { iso_code: 'NZ', names: names('新西兰', 'New Zealand') },
            city: { names: names(null, 'Ashburton') },
          },
        },
        {
          network: '2001:db8::/32',
          data: { country: { iso_code: 'JP', names: names('日本', 'Japan') } },
        },
      ],
    }),
  );
  return file;
}

describe('locateIp', () => {
  const geo = geoIp(cityDatabase());

  test('names a place in Chinese, and in English for an English page', async () => {
    await expect(geo.locateIp('203.0.113.7')).resolves.toBe('中国 广东 深圳');
    await expect(geo.locateIp('203.0.113.7', 'en')).resolves.toBe('China Guangdong Shenzhen');
  });

  test('says a city-state once, falls back to English names, and reads IPv6', async () => {
    await expect(geo.locateIp('198.51.100.20')).resolves.toBe('中国 北京');
    await expect(geo.locateIp('192.0.2.9')).resolves.toBe('新西兰 Ashburton');
    await expect(geo.locateIp('2001:db8::1')).resolves.toBe('日本');
  });

  test('an IPv4 address as a dual-stack socket reports it is found', async () => {
    await expect(geo.locateIp('::ffff:203.0.113.7')).resolves.toBe('中国 广东 深圳');
  });

  test('private, loopback and link-local addresses are the local network', async () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '192.168.1.8',
      '172.20.0.1',
      '::1',
      'fe80::1',
      '::ffff:192.168.0.2',
    ]) {
      await expect(geo.locateIp(ip)).resolves.toBe('本地网络');
    }
    await expect(geo.locateIp('127.0.0.1', 'en')).resolves.toBe('Local network');
    expect(isLocalAddress('203.0.113.7')).toBe(false);
  });

  test('an address the database does not know, or no address, has no location', async () => {
    await expect(geo.locateIp('192.0.2.200')).resolves.toBeNull();
    await expect(geo.locateIp('8.8.8.8')).resolves.toBeNull();
    await expect(geo.locateIp('not an address')).resolves.toBeNull();
    await expect(geo.locateIp(null)).resolves.toBeNull();
  });

  test('the file is opened once per path', () => {
    const file = cityDatabase();
    expect(geoIp(file)).toBe(geoIp(file));
  });

  test('many addresses are looked up once each', async () => {
    const places = await locateIps(geo, ['203.0.113.7', '203.0.113.7', null, '10.0.0.1']);
    expect([...places]).toEqual([
      ['203.0.113.7', '中国 广东 深圳'],
      ['10.0.0.1', '本地网络'],
    ]);
  });
});

describe('without a database', () => {
  test('there is never a location, not even for the local network', async () => {
    const none = geoIp(undefined);
    expect(none.enabled).toBe(false);
    await expect(none.locateIp('203.0.113.7')).resolves.toBeNull();
    await expect(none.locateIp('127.0.0.1')).resolves.toBeNull();
    expect((await locateIps(none, ['203.0.113.7'])).size).toBe(0);
  });

  test('a database that cannot be read answers null instead of failing the page', async () => {
    const errors: unknown[] = [];
    const logger = { error: (o: unknown) => errors.push(o) } as never;
    const broken = geoIp(path.join(tmpdir(), 'no-such-dir', 'GeoLite2-City.mmdb'), logger);
    await expect(broken.locateIp('203.0.113.7')).resolves.toBeNull();
    await expect(broken.locateIp('203.0.113.8')).resolves.toBeNull();
    expect(errors).toHaveLength(1);
  });
});

describe('formatLocation', () => {
  test('a GeoLite2-Country record names the country only', () => {
    expect(formatLocation({ country: { names: names('美国', 'United States') } } as never)).toBe(
      '美国',
    );
  });

  test('an injected reader is used as is', async () => {
    const geo = geoIpFromReader({
      get: (ip) =>
        ip === '203.0.113.1'
          ? ({ registered_country: { names: names('中国', 'China') } } as never)
          : null,
    });
    await expect(geo.locateIp('203.0.113.1')).resolves.toBe('中国');
    await expect(geo.locateIp('203.0.113.2')).resolves.toBeNull();
  });
});
