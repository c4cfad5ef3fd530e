import type { TopupField } from '@cardshop/db';
import { describe, expect, test } from 'vitest';
import { checkTopupPattern, topupFieldsSchema, validateTopupAccount } from './topup-fields.js';

const fields: TopupField[] = [
  { key: 'mobile', label: '手机号', kind: 'mobile_cn', required: true },
  { key: 'qq', label: 'QQ号', kind: 'qq', required: false },
  { key: 'email', label: '邮箱', kind: 'email', required: false },
  { key: 'uid', label: '游戏UID', kind: 'game_id', pattern: '\\d{9}', required: false },
  { key: 'role', label: '角色名', kind: 'game_id', required: false },
  { key: 'note', label: '备注', kind: 'text', required: false },
];

describe('validateTopupAccount', () => {
  test('accepts valid values, trims them and strips spaces and dashes from phone numbers', () => {
    expect(
      validateTopupAccount(fields, {
        mobile: ' 138 0013-8000 ',
        qq: '12345',
        email: 'a@b.cn',
        uid: '100000001',
        role: '旅行者#1234',
        note: ' 请尽快 ',
        extra: 'dropped',
      }),
    ).toEqual({
      ok: true,
      values: {
        mobile: '13800138000',
        qq: '12345',
        email: 'a@b.cn',
        uid: '100000001',
        role: '旅行者#1234',
        note: '请尽快',
      },
    });
  });

  test('names every wrong field in Chinese', () => {
    const result = validateTopupAccount(fields, {
      mobile: '12800138000',
      qq: '0123456',
      email: 'not-an-email',
      uid: '12345',
      role: 'has space',
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual({
      mobile: '手机号应为 11 位中国大陆手机号',
      qq: 'QQ号应为 5–11 位数字，且不以 0 开头',
      email: '邮箱不是有效的邮箱地址',
      uid: '游戏UID格式不正确',
      role: expect.stringContaining('角色名格式不正确'),
    });
  });

  test('a missing required field asks for it; a missing optional one is fine', () => {
    expect(validateTopupAccount(fields, {})).toEqual({
      ok: false,
      errors: { mobile: '请填写手机号' },
      values: {},
    });
  });

  test('mainland mobile numbers: 11 digits starting 13–19', () => {
    const f: TopupField[] = [{ key: 'm', label: '手机号', kind: 'mobile_cn', required: true }];
    for (const ok of ['13000000000', '19999999999', '15912345678'])
      expect(validateTopupAccount(f, { m: ok }).ok).toBe(true);
    for (const bad of ['1380013800', '138001380000', '12000000000', '23800138000', '1380013800a'])
      expect(validateTopupAccount(f, { m: bad }).ok).toBe(false);
  });

  test('QQ numbers: 5 to 11 digits', () => {
    const f: TopupField[] = [{ key: 'q', label: 'QQ', kind: 'qq', required: true }];
    expect(validateTopupAccount(f, { q: '10000' }).ok).toBe(true);
    expect(validateTopupAccount(f, { q: '12345678901' }).ok).toBe(true);
    expect(validateTopupAccount(f, { q: '1234' }).ok).toBe(false);
    expect(validateTopupAccount(f, { q: '123456789012' }).ok).toBe(false);
  });

  test('an overlong value is refused before any pattern runs', () => {
    const f: TopupField[] = [{ key: 'n', label: '备注', kind: 'text', required: true }];
    expect(validateTopupAccount(f, { n: 'x'.repeat(101) })).toMatchObject({
      ok: false,
      errors: { n: '备注最多 100 个字符' },
    });
  });
});

describe('topup field definitions', () => {
  test('a valid definition parses with required defaulting to true', () => {
    expect(
      topupFieldsSchema.parse([{ key: 'uid', label: 'UID', kind: 'game_id', pattern: '\\d{9}' }]),
    ).toEqual([{ key: 'uid', label: 'UID', kind: 'game_id', pattern: '\\d{9}', required: true }]);
  });

  test('patterns that do not compile, are too long or nest repeats are refused', () => {
    expect(checkTopupPattern('([a-z]')).toBe('校验规则不是有效的正则表达式');
    expect(checkTopupPattern('a'.repeat(201))).toBe('校验规则最多 200 个字符');
    expect(checkTopupPattern('(a+)+')).toMatch(/嵌套重复/);
    expect(checkTopupPattern('(\\d{2,3})*')).toMatch(/嵌套重复/);
    expect(checkTopupPattern('[A-Z]{2}\\d{6}')).toBeNull();
  });

  test('duplicate keys, bad keys, unknown kinds and patterns on fixed kinds are refused', () => {
    const issues = (value: unknown) =>
      topupFieldsSchema.safeParse(value).error?.issues.map((i) => i.message) ?? [];
    expect(
      issues([
        { key: 'a', label: 'A', kind: 'text' },
        { key: 'a', label: 'B', kind: 'text' },
      ]),
    ).toEqual(['字段标识“a”重复了，每个字段的标识必须不同']);
    expect(issues([{ key: '1bad', label: 'A', kind: 'text' }])[0]).toMatch(/字段标识只能使用/);
    expect(issues([{ key: 'a', label: 'A', kind: 'phone' }])[0]).toMatch(/字段类型只能是/);
    expect(issues([{ key: 'a', label: '手机', kind: 'mobile_cn', pattern: '\\d+' }])[0]).toMatch(
      /只有游戏 ID 和文本字段可以自定义校验规则/,
    );
  });
});
