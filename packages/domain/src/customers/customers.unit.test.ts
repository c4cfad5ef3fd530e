import { describe, expect, test } from 'vitest';
import { identifierSchema, phoneSchema } from './customers.schemas.js';
import { describeDevice } from './device.js';
import { maskEmail, maskPhone } from './mask.js';

describe('describeDevice', () => {
  test.each([
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.40',
      '微信 · iPhone',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
      'Chrome · Windows',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 Edg/126.0',
      'Edge · Windows',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15',
      'Safari · macOS',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36',
      'Chrome · Android',
    ],
    ['', '未知设备'],
    [null, '未知设备'],
    ['curl/8.5.0', 'curl/8.5.0'],
  ])('%s is %s', (ua, expected) => {
    expect(describeDevice(ua)).toBe(expected);
  });
});

describe('contacts', () => {
  test('phones lose spaces, dashes and +86; masking keeps the first three and last four digits', () => {
    expect(phoneSchema.parse('+86 138-0013-8000')).toBe('13800138000');
    expect(phoneSchema.parse('8613800138000')).toBe('13800138000');
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskEmail('zhang.san@example.com')).toBe('z***@example.com');
  });

  test('an identifier is a phone or an email, told apart by the @', () => {
    expect(identifierSchema.parse(' 13800138000 ')).toEqual({
      kind: 'phone',
      value: '13800138000',
    });
    expect(identifierSchema.parse('A@Example.COM')).toEqual({
      kind: 'email',
      value: 'a@example.com',
    });
  });
});
