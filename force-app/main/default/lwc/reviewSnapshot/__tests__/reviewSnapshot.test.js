import { createElement } from '@lwc/engine-dom';
import ReviewSnapshot from 'c/reviewSnapshot';

// The version 1 snapshots of c/progressSnapshot's tests; the expected rows are worked out by
// hand there: plan 46.01 → 49 (+2.99), Deal registrations +12.5, Partner training −5,
// Certified staff unchanged, Joint webinars not comparable; Qualified deals added,
// Marketing campaigns removed.
const Q1 = JSON.stringify(require('../../progressSnapshot/__tests__/data/snapshotQ1.json'));
const Q2 = JSON.stringify(require('../../progressSnapshot/__tests__/data/snapshotQ2.json'));

function createComponent(props) {
  const element = createElement('c-review-snapshot', { is: ReviewSnapshot });
  Object.assign(element, props);
  document.body.appendChild(element);
  return element;
}

const flushPromises = () => Promise.resolve();
const textOf = (node) => node.textContent.replace(/\s+/g, ' ').trim();

/** A comparison row as people read it: name, before, after, and the change in words. */
function comparisonRow(row) {
  const [before, after, change] = row.querySelectorAll('td');
  const icon = change.querySelector('lightning-icon');
  const size = change.querySelector('lightning-formatted-number');
  return {
    name: textOf(row.querySelector('th')),
    before: before.querySelector('lightning-formatted-number').value,
    after: after.querySelector('lightning-formatted-number').value,
    change: [icon?.alternativeText, size?.value, textOf(change)].filter(
      (part) => part !== undefined && part !== ''
    )
  };
}

describe('c-review-snapshot', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('shows a snapshot’s plan progress and objectives', async () => {
    const element = createComponent({ snapshotJson: Q2, reviewName: 'Q2 review' });
    await flushPromises();
    expect(textOf(element.shadowRoot.querySelector('.snapshot-heading'))).toBe(
      'c.ReviewSnapshot_SnapshotTitle'
    );
    expect(element.shadowRoot.querySelector('.snapshot-plan-progress').value).toBe(49);
    const rows = [...element.shadowRoot.querySelectorAll('table.snapshot tr.objective-row')].map((row) => [
      textOf(row.querySelector('th')),
      ...[...row.querySelectorAll('lightning-formatted-number')].map((n) => n.value)
    ]);
    expect(rows).toEqual([
      ['Certified staff', 5, 4, 80],
      ['Deal registrations', 200000, 125000, 62.5],
      ['Joint webinars', 5, 1, 20],
      ['Partner training', 12, 3, 25],
      ['Qualified deals', 20, 2, 10]
    ]);
    await expect(element).toBeAccessible();
  });

  it('compares with the previous review: changes in words and arrows, objectives added and removed', async () => {
    const element = createComponent({
      snapshotJson: Q2,
      reviewName: 'Q2 review',
      previousSnapshotJson: Q1,
      previousReviewName: 'Q1 review'
    });
    await flushPromises();
    const rows = [...element.shadowRoot.querySelectorAll('table.comparison tbody tr')].map(comparisonRow);
    expect(rows).toEqual([
      {
        name: 'c.ReviewSnapshot_PlanProgress',
        before: 46.01,
        after: 49,
        change: ['c.ReviewSnapshot_Up', 2.99, 'c.ReviewSnapshot_Points']
      },
      { name: 'Certified staff', before: 80, after: 80, change: ['c.ReviewSnapshot_NoChange'] },
      {
        name: 'Deal registrations',
        before: 50,
        after: 62.5,
        change: ['c.ReviewSnapshot_Up', 12.5, 'c.ReviewSnapshot_Points']
      },
      { name: 'Joint webinars', before: null, after: 20, change: ['c.ReviewSnapshot_NotComparable'] },
      {
        name: 'Partner training',
        before: 30,
        after: 25,
        change: ['c.ReviewSnapshot_Down', 5, 'c.ReviewSnapshot_Points']
      }
    ]);
    expect([...element.shadowRoot.querySelectorAll('.added-objectives li')].map(textOf)).toEqual([
      'Qualified deals'
    ]);
    expect([...element.shadowRoot.querySelectorAll('.removed-objectives li')].map(textOf)).toEqual([
      'Marketing campaigns'
    ]);
    await expect(element).toBeAccessible();
  });

  it('explains a snapshot in a version it does not read instead of showing figures', async () => {
    const newer = JSON.stringify({ ...JSON.parse(Q2), version: 2 });
    const element = createComponent({ snapshotJson: newer, reviewName: 'Q2 review' });
    await flushPromises();
    expect([...element.shadowRoot.querySelectorAll('.snapshot-problem')].map(textOf)).toEqual([
      'c.ReviewSnapshot_Unsupported'
    ]);
    expect(element.shadowRoot.querySelector('table')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('names each unreadable side of a comparison', async () => {
    const element = createComponent({
      snapshotJson: '{"version": 1}',
      reviewName: 'Q2 review',
      previousSnapshotJson: '',
      previousReviewName: 'Q1 review'
    });
    await flushPromises();
    expect([...element.shadowRoot.querySelectorAll('.snapshot-problem')].map(textOf)).toEqual([
      'c.ReviewSnapshot_Invalid',
      'c.ReviewSnapshot_Empty'
    ]);
    await expect(element).toBeAccessible();
  });
});
