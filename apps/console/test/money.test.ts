import { describe, expect, test } from 'vitest';
import {
  bpsToPercentInput,
  fenToYuanInput,
  formatBps,
  formatFen,
  markupPriceFen,
  parseIntField,
  parsePercentToBps,
  parseYuanToFen,
} from '../app/money.js';

describe('parseYuanToFen', () => {
  test.each([
    ['12.50', 1250],
    ['12.5', 1250],
    ['12', 1200],
    ['0.01', 1],
    [' 8.8 ', 880],
    ['¥3.20', 320],
    ['￥ 3', 300],
    ['1000000', 100_000_000],
    ['007.10', 710],
  ])('reads %j as %i fen without floating point', (input, fen) => {
    expect(parseYuanToFen(input, '价格')).toEqual({ ok: true, value: fen });
  });

  test('0.29 and 1.005-style amounts never drift through floats', () => {
    expect(parseYuanToFen('0.29', '价格')).toEqual({ ok: true, value: 29 });
    expect(parseYuanToFen('4.35', '价格')).toEqual({ ok: true, value: 435 });
  });

  test.each([
    ['', '请填写价格'],
    ['   ', '请填写价格'],
    ['-1', '价格不能为负数'],
    ['-0.50', '价格不能为负数'],
    ['1.234', '价格最多保留两位小数（精确到分）'],
    ['abc', '价格应为金额，例如 12.50'],
    ['1e3', '价格应为金额，例如 12.50'],
    ['1,000', '价格应为金额，例如 12.50'],
    ['12.', '价格应为金额，例如 12.50'],
    ['.5', '价格应为金额，例如 12.50'],
    ['+5', '价格应为金额，例如 12.50'],
    ['0x10', '价格应为金额，例如 12.50'],
    ['１２', '价格应为金额，例如 12.50'],
    ['Infinity', '价格应为金额，例如 12.50'],
    ['0', '价格必须大于 0'],
    ['0.00', '价格必须大于 0'],
    ['1000000.01', '价格不能超过 1000000.00 元'],
  ])('refuses %j with a clear message', (input, error) => {
    expect(parseYuanToFen(input, '价格')).toEqual({ ok: false, error });
  });

  test('refuses values that are not text', () => {
    expect(parseYuanToFen(12, '价格')).toEqual({ ok: false, error: '请填写价格' });
    expect(parseYuanToFen(null, '价格')).toEqual({ ok: false, error: '请填写价格' });
  });

  test('zero is accepted only when asked for', () => {
    expect(parseYuanToFen('0', '价格', { allowZero: true })).toEqual({ ok: true, value: 0 });
  });
});

describe('parsePercentToBps', () => {
  test('reads percentages as basis points', () => {
    expect(parsePercentToBps('15')).toEqual({ ok: true, value: 1500 });
    expect(parsePercentToBps('12.5%')).toEqual({ ok: true, value: 1250 });
    expect(parsePercentToBps('0')).toEqual({ ok: true, value: 0 });
    expect(parsePercentToBps('1000')).toEqual({ ok: true, value: 100_000 });
  });

  test('refuses negatives, three decimals, garbage and more than 1000%', () => {
    expect(parsePercentToBps('-5')).toEqual({ ok: false, error: '加价比例不能为负数' });
    expect(parsePercentToBps('1.234')).toEqual({ ok: false, error: '加价比例最多保留两位小数' });
    expect(parsePercentToBps('lots')).toMatchObject({ ok: false });
    expect(parsePercentToBps('1000.01')).toEqual({ ok: false, error: '加价比例不能超过 1000%' });
    expect(parsePercentToBps('')).toEqual({ ok: false, error: '请填写加价比例' });
  });
});

describe('parseIntField', () => {
  test('reads whole numbers within bounds', () => {
    expect(parseIntField('10', '数量', { min: 1, max: 1000 })).toEqual({ ok: true, value: 10 });
    expect(parseIntField('-3', '排序', { allowNegative: true })).toEqual({ ok: true, value: -3 });
  });

  test('refuses decimals, negatives and values out of bounds', () => {
    expect(parseIntField('1.5', '数量')).toEqual({ ok: false, error: '数量应为整数' });
    expect(parseIntField('-1', '数量')).toEqual({ ok: false, error: '数量不能为负数' });
    expect(parseIntField('0', '数量', { min: 1 })).toEqual({ ok: false, error: '数量不能小于 1' });
    expect(parseIntField('2000', '数量', { max: 1000 })).toEqual({
      ok: false,
      error: '数量不能大于 1000',
    });
  });
});

describe('formatting', () => {
  test('fen are shown as yuan with two decimals', () => {
    expect(formatFen(1250)).toBe('¥12.50');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(-300)).toBe('-¥3.00');
    expect(formatFen(null)).toBe('—');
    expect(fenToYuanInput(1999)).toBe('19.99');
  });

  test('basis points are shown as a percentage', () => {
    expect(formatBps(1250)).toBe('12.5%');
    expect(formatBps(1500)).toBe('15%');
    expect(formatBps(0)).toBe('0%');
    expect(bpsToPercentInput(333)).toBe('3.33');
  });
});

describe('markupPriceFen', () => {
  test('rounds a markup up to the next fen', () => {
    expect(markupPriceFen(1000, 1500)).toBe(1150);
    expect(markupPriceFen(999, 1000)).toBe(1099);
    expect(markupPriceFen(333, 333)).toBe(345);
    expect(markupPriceFen(500, 0)).toBe(500);
  });
});
