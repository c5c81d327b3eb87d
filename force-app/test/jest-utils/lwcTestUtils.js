/**
 * Steps shared by the Jest tests of the Lightning web components.
 */

/** Lets pending promises, wire emissions and re-renders settle. */
export const flushPromises = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Removes every component a test appended, so the next test starts from an empty page. */
export function removeComponents() {
  while (document.body.firstChild) {
    document.body.removeChild(document.body.firstChild);
  }
}
