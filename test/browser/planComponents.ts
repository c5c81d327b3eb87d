// How browser tests read and work the business plan page's components the way a person does:
// base components (inputs, comboboxes, confirmation dialogs) and the figures the plan's
// components show, as text. Playwright's locators reach into the components' shadow trees, so
// everything here goes through them rather than through the DOM of the page.
import type { Locator, Page } from 'playwright-core';

/**
 * Replaces an input's text as a person does. lightning-input swaps a number's formatted text
 * for its raw value on focus, so the input is focused first and its text selected after that.
 */
export async function retype(input: Locator, text: string): Promise<void> {
  await input.focus();
  await input.fill(text);
}

/** Picks an option of a lightning-combobox by its value. */
export async function choose(combobox: Locator, value: string): Promise<void> {
  await combobox.locator('button').click();
  await combobox.locator(`lightning-base-combobox-item[data-value="${value}"]`).click();
}

/** Clicks a status path step and the confirmation dialog's OK. */
export async function takeStep(page: Page, label: string): Promise<void> {
  await page.locator('c-plan-header .step-actions button', { hasText: label }).click();
  const dialog = page.locator('[role="dialog"], [role="alertdialog"]').filter({ hasText: label }).last();
  await dialog.waitFor();
  await dialog.locator('button', { hasText: 'OK' }).click();
}

/** The status path's current step. */
export const currentStep = async (page: Page): Promise<string> =>
  (await page.locator('c-plan-header .slds-path__item.slds-is-current .slds-path__title').innerText()).trim();

/** Each match's inner text, whitespace collapsed. */
export const texts = async (locator: Locator): Promise<string[]> =>
  (await locator.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());

export const planUrl = (planId: string): string => `/lightning/r/Business_Plan__c/${planId}/view`;

/** Trimmed inner text of the first match, or '' when there is none. */
export async function textOf(locator: Locator): Promise<string> {
  return (await locator.count()) > 0 ? (await locator.first().innerText()).replace(/\s+/g, ' ').trim() : '';
}

/** The shown objective's rows of the period targets grid: [period, target, actual, progress]. */
export async function periodRows(page: Page): Promise<string[][]> {
  const rows = [];
  for (const row of await page.locator('c-period-targets tr.period').all()) {
    // Editable targets are inputs; read-only ones are text.
    const input = row.locator('lightning-input.target-input input');
    const target =
      (await input.count()) > 0 ? await input.inputValue() : await textOf(row.locator('.period-target'));
    rows.push([
      await textOf(row.locator('.period-label')),
      target,
      await textOf(row.locator('.period-actual')),
      await textOf(row.locator('.period-progress'))
    ]);
  }
  return rows;
}

/** The text of each row's cells, the row header first. */
export async function tableRows(rows: Locator): Promise<string[][]> {
  const result = [];
  for (const row of await rows.all()) result.push(await texts(row.locator('th, td')));
  return result;
}

/** The objective board's rows: [category, name, weight, actual, target, progress]. */
export async function boardRows(page: Page): Promise<string[][]> {
  const result = [];
  for (const category of await page.locator('c-plan-objectives section.category').all()) {
    const label = await textOf(category.locator('.category-label'));
    for (const row of await category.locator('tr.objective').all()) {
      const cells = [label];
      for (const field of ['name', 'weight', 'actual', 'target', 'progress'])
        cells.push(await textOf(row.locator(`.objective-${field}`)));
      result.push(cells);
    }
  }
  return result;
}

/** Shows one objective's periods in the period targets grid. */
export async function showObjective(page: Page, objectiveId: string): Promise<void> {
  const grid = page.locator('c-period-targets');
  await grid.locator('tr.period').first().waitFor();
  await choose(grid.locator('lightning-combobox.objective-picker'), objectiveId);
}
