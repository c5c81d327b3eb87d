import { updateRecord } from 'lightning/uiRecordApi';
import { renderWithData } from '../../../../../test/jest-utils/renderActionItems';
import { removeComponents } from '../../../../../test/jest-utils/lwcTestUtils';

// A partner planner: no Check Off Action Items custom permission (the import is undefined), and
// no edit access to Completed By and Completed On, as the Partner_Planner permission set grants.
jest.mock(
  '@salesforce/customPermission/Check_Off_Action_Items',
  () => ({ __esModule: true, default: undefined }),
  {
    virtual: true
  }
);

const mockObjectInfo = require('./data/getObjectInfo.json');

describe('c-action-items (a user who may not check items off)', () => {
  afterEach(() => {
    removeComponents();
    jest.clearAllMocks();
  });

  it('shows every checkbox disabled, with a tooltip saying who can check items off', async () => {
    const element = await renderWithData();

    const boxes = [...element.shadowRoot.querySelectorAll('lightning-input.check-off')];
    expect(boxes.map((box) => [box.checked, box.disabled])).toEqual([
      [false, true],
      [true, true],
      [false, true],
      [false, true]
    ]);
    const help = [...element.shadowRoot.querySelectorAll('lightning-helptext.check-off-help')];
    expect(help).toHaveLength(4);
    expect(help[0].content).toBe('c.ActionItems_CheckOffNotAllowed');
    expect(updateRecord).not.toHaveBeenCalled();
    await expect(element).toBeAccessible();
  });

  it('still lets them assign items and set due dates', async () => {
    const element = await renderWithData();

    expect(element.shadowRoot.querySelectorAll('.due-date-input')).toHaveLength(4);
    expect(element.shadowRoot.querySelectorAll('.assignee-input')).toHaveLength(4);
    expect(element.shadowRoot.querySelector('.new-item')).not.toBeNull();
  });

  it('shows plain values to a user who may not edit action items at all', async () => {
    const objectInfo = JSON.parse(JSON.stringify(mockObjectInfo));
    Object.assign(objectInfo, { createable: false, updateable: false });
    const element = await renderWithData({ objectInfo });

    expect(element.shadowRoot.querySelector('.due-date-input')).toBeNull();
    expect(element.shadowRoot.querySelector('.party-input')).toBeNull();
    expect(element.shadowRoot.querySelector('.new-item')).toBeNull();
    await expect(element).toBeAccessible();
  });
});
