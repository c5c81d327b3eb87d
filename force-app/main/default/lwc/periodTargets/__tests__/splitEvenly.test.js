import { splitEvenly } from '../splitEvenly';

// Expected values worked by hand in whole units of the field's scale.
describe('splitEvenly', () => {
  it('gives the leftover cents to the first periods so twelve months add up to 100,000.00', () => {
    // 10,000,000 cents / 12 = 833,333 remainder 4: four months of 8,333.34, eight of 8,333.33.
    const shares = splitEvenly(100000, 12, 2);
    expect(shares).toEqual([
      8333.34, 8333.34, 8333.34, 8333.34, 8333.33, 8333.33, 8333.33, 8333.33, 8333.33, 8333.33, 8333.33,
      8333.33
    ]);
    expect(shares.reduce((sum, share) => sum + Math.round(share * 100), 0)).toBe(10000000);
  });

  it('splits whole numbers for a field without decimals', () => {
    expect(splitEvenly(10, 3, 0)).toEqual([4, 3, 3]);
  });

  it('splits amounts smaller than one unit per period', () => {
    // 5 cents over three periods: 1 each, and 2 left over.
    expect(splitEvenly(0.05, 3, 2)).toEqual([0.02, 0.02, 0.01]);
  });

  it('splits an exact amount evenly', () => {
    expect(splitEvenly(40, 4, 2)).toEqual([10, 10, 10, 10]);
  });

  it('refuses a total that is not a number and a count below one', () => {
    expect(() => splitEvenly(null, 4, 2)).toThrow('The total to split must be a number.');
    expect(() => splitEvenly(100, 0, 2)).toThrow(
      'There must be at least one period to split the total over.'
    );
  });
});
