import { describe, expect, test } from 'vitest';
import { textLines } from './line-sources.js';
import { parseCodeLine, parseCodeLines, todayInChina } from './parse-code-lines.js';

const today = '2026-11-25';
const parse = (line: string) => parseCodeLine(line, { today });

describe('parseCodeLine', () => {
  test('a bare code is one field', () => {
    expect(parse('ABCD-EFGH-1234')).toEqual({ ok: true, code: 'ABCD-EFGH-1234' });
  });

  test.each([
    ['space', 'CARD001 PASS001'],
    ['several spaces', 'CARD001    PASS001'],
    ['comma', 'CARD001,PASS001'],
    ['comma with spaces', 'CARD001 , PASS001'],
    ['full-width comma', 'CARD001，PASS001'],
    ['tab', 'CARD001\tPASS001'],
    ['four dashes', 'CARD001----PASS001'],
    ['more dashes with spaces', 'CARD001 ------ PASS001'],
    ['full-width space', 'CARD001\u3000PASS001'],
    ['quoted CSV fields', '"CARD001","PASS001"'],
  ])('a card number and password separated by %s', (_name, line) => {
    expect(parse(line)).toEqual({ ok: true, code: 'CARD001', password: 'PASS001' });
  });

  test('single dashes stay inside a code', () => {
    expect(parse('AB-CD-EF----12-34')).toEqual({ ok: true, code: 'AB-CD-EF', password: '12-34' });
  });

  test('an expiry date may follow a code or a pair, with dashes or slashes', () => {
    expect(parse('CODE9 2027-01-31')).toEqual({ ok: true, code: 'CODE9', expiresOn: '2027-01-31' });
    expect(parse('CARD,PASS,2027/1/5')).toEqual({
      ok: true,
      code: 'CARD',
      password: 'PASS',
      expiresOn: '2027-01-05',
    });
    expect(parse('CARD----PASS----2026-11-25')).toMatchObject({ ok: true, expiresOn: today });
    expect(parse('CARD,,2027-01-31')).toEqual({ ok: true, code: 'CARD', expiresOn: '2027-01-31' });
  });

  test('blank lines are skipped; a BOM, a CR and surrounding spaces are dropped', () => {
    expect(parse('')).toBeNull();
    expect(parse('   \t ')).toBeNull();
    expect(parse('\r')).toBeNull();
    expect(parse('\uFEFFCODE1\r')).toEqual({ ok: true, code: 'CODE1' });
    expect(parse('  CODE2  ')).toEqual({ ok: true, code: 'CODE2' });
    expect(parse('CARD,PASS,')).toEqual({ ok: true, code: 'CARD', password: 'PASS' });
  });

  test.each([
    ['a code over 256 characters', 'X'.repeat(257), '卡号过长（257 个字符，最多 256 个）'],
    [
      'a password over 256 characters',
      `CARD ${'p'.repeat(300)}`,
      '密码过长（300 个字符，最多 256 个）',
    ],
    ['a line over 1024 characters', 'X'.repeat(1025), '整行超过 1024 个字符'],
    ['a control character', 'CO\u0007DE', '含有控制字符或不可见字符'],
    ['a zero-width space', 'CO\u200BDE', '含有控制字符或不可见字符'],
    ['a CR inside the line', 'CODE\rPASS', '含有控制字符或不可见字符'],
    ['bytes that were not UTF-8', 'CODE\uFFFD', '含有无法识别的字符，请把文件保存为 UTF-8 编码'],
    [
      'a date that does not exist',
      'CODE 2027-02-30',
      '有效期“2027-02-30”不是有效日期，应为 YYYY-MM-DD 或 YYYY/MM/DD',
    ],
    [
      'month 13',
      'CODE PASS 2027/13/01',
      '有效期“2027/13/01”不是有效日期，应为 YYYY-MM-DD 或 YYYY/MM/DD',
    ],
    ['an expired code', 'CODE PASS 2026-11-24', '卡密已于 2026-11-24 过期'],
    [
      'a third field that is not a date',
      'CODE PASS EXTRA',
      '第 3 个字段应为有效期（YYYY-MM-DD 或 YYYY/MM/DD）',
    ],
    [
      'four fields',
      'A B C 2027-01-01',
      '字段过多（4 个）：每行应为“卡号”或“卡号 密码”，最后可加有效期',
    ],
    ['a leading separator', ',PASS', '缺少卡号（行首是分隔符或字段为空）'],
    ['a header row', '卡号,密码', '卡号不能含有中文（如果这是表头行，请删除它）'],
  ])('refuses %s with a clear reason', (_name, line, reason) => {
    expect(parse(line)).toEqual({ ok: false, reason });
  });

  test('a code of exactly 256 characters is accepted', () => {
    expect(parse('X'.repeat(256))).toEqual({ ok: true, code: 'X'.repeat(256) });
  });

  test('today defaults to the date in China', () => {
    expect(todayInChina(new Date('2026-11-25T16:30:00Z'))).toBe('2026-11-26');
    expect(parseCodeLine(`CODE ${todayInChina()}`)).toMatchObject({ ok: true });
  });
});

describe('parseCodeLines', () => {
  test('numbers lines from 1, counting blank lines, over CRLF text', async () => {
    const text =
      '\uFEFFCODE1\r\n\r\nCARD2,PASS2\r\nbad\u0001line\r\n  \r\nCODE3 2020-01-01\r\nCODE4';
    const out = [];
    for await (const l of parseCodeLines(textLines(text), { today })) out.push(l);
    expect(out).toEqual([
      { line: 1, ok: true, code: 'CODE1' },
      { line: 3, ok: true, code: 'CARD2', password: 'PASS2' },
      { line: 4, ok: false, reason: '含有控制字符或不可见字符' },
      { line: 6, ok: false, reason: '卡密已于 2020-01-01 过期' },
      { line: 7, ok: true, code: 'CODE4' },
    ]);
  });
});
