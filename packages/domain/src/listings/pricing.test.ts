import { describe, expect, test } from 'vitest';
import { deriveListingState, formatMarkup, markupPriceFen } from './pricing.js';

describe('listing pricing', () => {
  test('markup rounds up to the fen', () => {
    expect(markupPriceFen(1000, 1000)).toBe(1100);
    expect(markupPriceFen(999, 1000)).toBe(1099); // 1098.9 -> 1099
    expect(markupPriceFen(1, 1)).toBe(2); // 1.0001 -> 2
    expect(markupPriceFen(333, 333)).toBe(345); // 344.0889 -> 345
    expect(markupPriceFen(1000, 0)).toBe(1000);
  });

  test('markup is exact in integers for large prices', () => {
    expect(markupPriceFen(99_999_999, 1_234)).toBe(112_339_999);
  });

  test('a fixed price equal to wholesale is on sale; one below it is not', () => {
    const sku = { wholesalePriceFen: 1000, sellable: true };
    expect(deriveListingState({ mode: 'fixed', retailPriceFen: 1000 }, sku)).toEqual({
      priceFen: 1000,
      status: 'active',
    });
    expect(deriveListingState({ mode: 'fixed', retailPriceFen: 999 }, sku)).toEqual({
      priceFen: 999,
      status: 'below_wholesale',
    });
  });

  test('goods the supplier does not sell are supplier_delisted whatever the price', () => {
    expect(
      deriveListingState(
        { mode: 'markup', markupBps: 500 },
        { wholesalePriceFen: 1000, sellable: false },
      ),
    ).toEqual({ priceFen: 1050, status: 'supplier_delisted' });
  });

  test('markup percentages print without trailing zeros', () => {
    expect(formatMarkup(1000)).toBe('10%');
    expect(formatMarkup(1250)).toBe('12.5%');
    expect(formatMarkup(5)).toBe('0.05%');
    expect(formatMarkup(10_000)).toBe('100%');
  });
});
